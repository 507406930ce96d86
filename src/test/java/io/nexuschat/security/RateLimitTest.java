package io.nexuschat.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.nexuschat.common.Problem;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The shipped rate limits hold against bursts, per client address and per session, with 429 and Retry-After. */
@QuarkusTest
@TestProfile(DefaultRateLimits.class)
class RateLimitTest {

    private static Response query(String client, Object body) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(body).post("/api/v2/query");
    }

    private static void assertRateLimited(Response response, String endpoint) {
        response.then().statusCode(429).contentType(Problem.MEDIA_TYPE);
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:nexus-chat:problem:rate-limited");
        assertThat(response.jsonPath().getString("detail")).contains(endpoint).contains("retry after");
    }

    @Test
    void burstOfAThousandQueriesFromOneClientMeets429s() {
        // Invalid queries (no text) cost the server nothing beyond the check, and count like any other.
        long start = System.nanoTime();
        int passed = 0;
        int firstLimited = -1;
        Response first429 = null;
        for (int i = 0; i < 1000; i++) {
            Response r = query("203.0.113.10", Map.of("experienceId", "scripted"));
            if (r.statusCode() == 429) {
                if (first429 == null) {
                    first429 = r;
                    firstLimited = i;
                }
            } else {
                assertThat(r.statusCode()).isEqualTo(400);
                passed++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(first429).as("a 429 among 1,000 queries").isNotNull();
        assertRateLimited(first429, "query");
        // The burst of 300 passes whole; after it only what refilled meanwhile (300 per minute, 5 per second).
        assertThat(firstLimited).isGreaterThanOrEqualTo(300);
        assertThat(passed).isLessThanOrEqualTo(300 + (int) Math.ceil(seconds * 5) + 1);
        // Another client is not affected.
        query("203.0.113.11", Map.of("experienceId", "scripted")).then().statusCode(400);
    }

    @Test
    void oneSessionIsLimitedWhateverAddressItIsUsedFrom() {
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            Response r = given().header("X-Forwarded-For", "198.51.100." + i).contentType(ContentType.JSON)
                    .body(Map.of("reason", "user_requested", "experienceId", "scripted", "id",
                            UUID.randomUUID().toString()))
                    .post("/api/v2/sessions/" + session + "/handover");
            assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
        }
        Response limited = given().header("X-Forwarded-For", "198.51.100.99").contentType(ContentType.JSON)
                .body(Map.of("reason", "user_requested", "experienceId", "scripted"))
                .post("/api/v2/sessions/" + session + "/handover");
        assertRateLimited(limited, "handover");
        assertThat(limited.jsonPath().getString("detail")).contains("this session");

        // 30 per minute for one session's queries, each from another address; refills make room for a few more.
        String querySession = UUID.randomUUID().toString();
        Response queryLimited = null;
        int passed = 0;
        for (int i = 0; i < 60 && queryLimited == null; i++) {
            Response r = query("198.51.100." + (100 + i),
                    Map.of("experienceId", "scripted", "sessionId", querySession));
            if (r.statusCode() == 429) {
                queryLimited = r;
            } else {
                passed++;
            }
        }
        assertThat(queryLimited).as("a 429 for the session's queries").isNotNull();
        assertThat(passed).isBetween(30, 40);
        assertRateLimited(queryLimited, "query");
    }

    @Test
    void rateLimitedRequestsAreCountedInTheMetrics() {
        for (int i = 0; i < 61; i++) {
            given().header("X-Forwarded-For", "192.0.2.77").contentType(ContentType.JSON).body("{}")
                    .post("/api/v2/sessions/" + UUID.randomUUID() + "/handover");
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("nexus_rate_limited_total\\{[^}]*endpoint=\"handover\"[^}]*\\} [1-9]");
    }
}

package io.nexuschat.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** {@code nexus.rate-limit.enabled=false} switches every limit off, however low the limits are set. */
@QuarkusTest
@TestProfile(RateLimitsOffTest.Off.class)
class RateLimitsOffTest {

    /** Tiny limits, switched off. */
    public static class Off implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nexus.rate-limit.enabled", "false", "%test.nexus.rate-limit.handover.per-ip", "2/1m",
                    "%test.nexus.rate-limit.handover.per-session", "2/1m", "%test.nexus.rate-limit.query.per-ip",
                    "2/1m");
        }
    }

    @Test
    void noRequestIsLimitedWhenLimitsAreOff() {
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < 10; i++) {
            int handover = given().contentType(ContentType.JSON).body("{}")
                    .post("/api/v2/sessions/" + session + "/handover").statusCode();
            int query = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                    .body(Map.of("experienceId", "scripted", "sessionId", session)).post("/api/v2/query")
                    .statusCode();
            assertThat(handover).isNotEqualTo(429);
            assertThat(query).isEqualTo(400);
        }
    }
}

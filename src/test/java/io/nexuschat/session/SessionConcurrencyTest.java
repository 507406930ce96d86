package io.nexuschat.session;

import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.json;
import static io.nexuschat.testing.Races.concurrently;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Many requests racing for the same client-chosen session id agree on one session and lose no message. */
@QuarkusTest
class SessionConcurrencyTest {

    @Test
    void racingCreatesOfOneIdMakeOneSession() throws Exception {
        String id = UUID.randomUUID().toString();
        List<Integer> statuses = concurrently(8, () -> json().body(Map.of("id", id, "experienceId", "scripted"))
                .post(SESSIONS).then().extract().statusCode());
        assertThat(statuses).containsOnly(201, 200);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void racingFirstQueriesOfOneIdAreAllStoredInOneSession() throws Exception {
        String id = UUID.randomUUID().toString();
        List<String> sessions = concurrently(8,
                () -> json().body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi"))
                        .post("/api/v2/query").then().statusCode(200).extract().path("sessionId"));
        assertThat(sessions).containsOnly(id);
        List<String> roles = given().queryParam("limit", 100).get(SESSIONS + "/" + id + "/messages").then()
                .statusCode(200).extract().path("items.role");
        assertThat(roles).hasSize(16).containsOnly("user", "assistant");
        given().get(SESSIONS + "/" + id).then().statusCode(200).body("messageCount",
                org.hamcrest.Matchers.equalTo(16));
    }
}

package io.nexuschat.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ServerEventsTest {

    private static final String API_KEY = "Bearer test-api-key";

    @Inject
    RelayTestDatabase db;

    @Test
    void sessionLifecycleAndAnswersAreWrittenToTheOutbox() {
        String id = given().contentType(ContentType.JSON).body(Map.of("experienceId", "scripted"))
                .post("/api/v2/sessions").then().statusCode(201).extract().path("id");
        UUID sessionId = UUID.fromString(id);
        assertThat(db.countSessionEvents(sessionId, "session.created")).isEqualTo(1);

        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hello")).post("/api/v2/query")
                .then().statusCode(200);
        assertThat(db.countSessionEvents(sessionId, "message.completed")).isEqualTo(1);

        given().header("Authorization", API_KEY).contentType("application/merge-patch+json")
                .body(Map.of("metadata", Map.of("plan", "pro"))).patch("/api/v2/sessions/" + id).then()
                .statusCode(200);
        assertThat(db.countSessionEvents(sessionId, "session.updated")).isEqualTo(1);

        given().contentType(ContentType.JSON).post("/api/v2/sessions/" + id + "/clear").then().statusCode(200);
        assertThat(db.countSessionEvents(sessionId, "session.ended")).isEqualTo(1);
        assertThat(JsonPath.from(db.sessionEventData(sessionId, "session.ended")).getString("endReason"))
                .isEqualTo("cleared");

        given().header("Authorization", API_KEY).delete("/api/v2/sessions/" + id).then().statusCode(204);
        assertThat(db.countSessionEvents(sessionId, "session.deleted")).isEqualTo(1);
    }
}

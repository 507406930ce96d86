package io.nexuschat.handover;

import static io.nexuschat.session.SessionResourceTest.API_KEY;
import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.create;
import static io.nexuschat.session.SessionResourceTest.json;
import static io.nexuschat.testing.Races.concurrently;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.nexuschat.RecordedEvents;
import io.nexuschat.session.RecordedSessionEvents;
import io.nexuschat.session.SessionEvent;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A handover in one request: it may open the session ({@code experienceId}) and carries an idempotency key
 * ({@code id}), so a visitor leaving the page right after asking for a person cannot lose the server's record.
 */
@QuarkusTest
class HandoverInOneRequestTest {

    @Inject
    RecordedEvents recorded;

    @Inject
    RecordedSessionEvents sessionEvents;

    private static String handover(String sessionId) {
        return SESSIONS + "/" + sessionId + "/handover";
    }

    @Test
    void anUnknownSessionIsCreatedForTheExperienceAndTheHandoverRecordedInIt() {
        String sessionId = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();

        var created = json().header("X-Nexus-User-Id", "visitor-1")
                .body(Map.of("id", id, "experienceId", "scripted", "reason", "user_requested", "priority", "high"))
                .post(handover(sessionId)).then().statusCode(201).body("id", equalTo(id))
                .body("sessionId", equalTo(sessionId)).body("priority", equalTo("high")).extract();

        assertThat(created.header("Location")).isEqualTo(SESSIONS + "/" + sessionId + "/handovers/" + id);
        given().header("Authorization", API_KEY).get(created.header("Location")).then().statusCode(200)
                .body("reason", equalTo("user_requested"));
        given().header("X-Nexus-User-Id", "visitor-1").get(SESSIONS + "/" + sessionId).then().statusCode(200)
                .body("status", equalTo("active")).body("experienceId", equalTo("scripted"))
                .body("userId", equalTo("visitor-1"));
        given().get(SESSIONS + "/" + sessionId).then().statusCode(403);
        assertThat(sessionEvents.typesFor(UUID.fromString(sessionId))).containsExactly(SessionEvent.Type.CREATED);
        assertThat(recorded.handovers(UUID.fromString(sessionId))).hasSize(1);
    }

    @Test
    void repeatingTheSameIdReturnsTheRecordedRequestWith200AndRecordsNothing() {
        String sessionId = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("id", id, "experienceId", "scripted", "reason", "user_requested",
                "userId", "visitor-2");
        String first = json().body(body).post(handover(sessionId)).then().statusCode(201).extract().asString();

        var again = json().body(body).post(handover(sessionId)).then().statusCode(200).extract();

        assertThat(again.jsonPath().getString("id")).isEqualTo(id);
        assertThat(again.jsonPath().getString("createdAt"))
                .isEqualTo(io.restassured.path.json.JsonPath.from(first).getString("createdAt"));
        assertThat(again.header("Location")).isEqualTo(SESSIONS + "/" + sessionId + "/handovers/" + id);
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + sessionId + "/handovers").then()
                .statusCode(200).body("items.size()", equalTo(1));
        assertThat(recorded.handovers(UUID.fromString(sessionId))).hasSize(1);
        assertThat(sessionEvents.typesFor(UUID.fromString(sessionId))).containsExactly(SessionEvent.Type.CREATED);
    }

    @Test
    void theSameIdInAnotherSessionIsAConflict() {
        String id = UUID.randomUUID().toString();
        String first = create(Map.of("experienceId", "scripted")).getString("id");
        String second = create(Map.of("experienceId", "scripted")).getString("id");
        json().body(Map.of("id", id, "reason", "user_requested")).post(handover(first)).then().statusCode(201);

        json().body(Map.of("id", id, "reason", "user_requested")).post(handover(second)).then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("conflict"));
        String unknown = UUID.randomUUID().toString();
        json().body(Map.of("id", id, "experienceId", "scripted", "reason", "user_requested"))
                .post(handover(unknown)).then().statusCode(409);

        assertThat(recorded.handovers(UUID.fromString(second))).isEmpty();
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + unknown).then().statusCode(404);
    }

    @Test
    void withoutExperienceIdAnUnknownSessionStays404AndAnUnknownExperienceIs400() {
        String unknown = UUID.randomUUID().toString();
        json().body(Map.of("reason", "user_requested")).post(handover(unknown)).then().statusCode(404)
                .contentType("application/problem+json");
        json().body(Map.of("experienceId", "no-such-experience", "reason", "user_requested"))
                .post(handover(unknown)).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("experienceId"));
        json().body(Map.of("id", "not-a-uuid", "reason", "user_requested")).post(handover(unknown)).then()
                .statusCode(400).body("errors.field", hasItem("id"));
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + unknown).then().statusCode(404);
    }

    @Test
    void aSessionOfAnotherExperienceIsAConflict() {
        String sessionId = create(Map.of("experienceId", "scripted")).getString("id");
        json().body(Map.of("experienceId", "demo", "reason", "user_requested")).post(handover(sessionId)).then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void racingRepeatsOfOneRequestRecordOneHandoverAndOneSession() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("id", UUID.randomUUID().toString(), "experienceId", "scripted", "reason",
                "user_requested");
        List<Integer> statuses = concurrently(6,
                () -> json().body(body).post(handover(sessionId)).then().extract().statusCode());
        assertThat(statuses).containsOnly(201, 200).filteredOn(s -> s == 201).hasSize(1);
        assertThat(recorded.handovers(UUID.fromString(sessionId))).hasSize(1);
        assertThat(sessionEvents.typesFor(UUID.fromString(sessionId))).containsExactly(SessionEvent.Type.CREATED);
    }
}

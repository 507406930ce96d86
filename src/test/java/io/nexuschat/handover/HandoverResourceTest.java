package io.nexuschat.handover;

import static io.nexuschat.session.SessionResourceTest.API_KEY;
import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.create;
import static io.nexuschat.session.SessionResourceTest.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.nexuschat.AdjustableClock;
import io.nexuschat.RecordedEvents;
import io.nexuschat.common.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
class HandoverResourceTest {

    @Inject
    AdjustableClock clock;

    @Inject
    RecordedEvents events;

    private static String session(Object... fields) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "scripted"));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        return create(body).getString("id");
    }

    private static String handover(String sessionId) {
        return SESSIONS + "/" + sessionId + "/handover";
    }

    private static String handovers(String sessionId) {
        return SESSIONS + "/" + sessionId + "/handovers";
    }

    private static ExtractableResponse<Response> request(String sessionId, Map<String, ?> body) {
        return json().body(body).post(handover(sessionId)).then().statusCode(201).extract();
    }

    private static JsonPath list(String sessionId) {
        return given().header("Authorization", API_KEY).get(handovers(sessionId)).then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void handoverIsRecordedWith201AndALocationThatReadsItBack() {
        String id = session();
        var created = request(id, Map.of("reason", "user_requested", "priority", "high", "metadata",
                Map.of("source", "welcome_message", "cart", Map.of("items", 3))));
        JsonPath body = created.jsonPath();
        assertThat(UUID.fromString(body.getString("id"))).isNotNull();
        assertThat(body.getString("sessionId")).isEqualTo(id);
        assertThat(body.getString("reason")).isEqualTo("user_requested");
        assertThat(body.getString("priority")).isEqualTo("high");
        assertThat(body.getString("metadata.source")).isEqualTo("welcome_message");
        assertThat(body.getInt("metadata.cart.items")).isEqualTo(3);
        assertThat(body.getString("createdAt")).isNotBlank();

        String location = created.header("Location");
        assertThat(location).endsWith(handovers(id) + "/" + body.getString("id"));
        String path = location.substring(location.indexOf(SESSIONS));
        given().header("Authorization", API_KEY).get(path).then().statusCode(200)
                .body("reason", equalTo("user_requested")).body("priority", equalTo("high"))
                .body("metadata.source", equalTo("welcome_message"))
                .body("createdAt", equalTo(body.getString("createdAt")));
    }

    @Test
    void priorityDefaultsToNormalAndMetadataIsOptional() {
        String id = session();
        JsonPath body = request(id, Map.of("reason", "unable_to_help")).jsonPath();
        assertThat(body.getString("priority")).isEqualTo("normal");
        assertThat(body.getMap("$")).containsEntry("metadata", null);
    }

    @Test
    void recordingFiresAHandoverEventForTheRelayAfterCommit() {
        String id = session();
        String handoverId = request(id, Map.of("reason", "escalation", "priority", "low", "metadata",
                Map.of("topic", "billing"))).path("id");
        assertThat(events.handovers(UUID.fromString(id))).singleElement().satisfies(event -> {
            assertThat(event.experienceId()).isEqualTo("scripted");
            assertThat(event.handover().id()).hasToString(handoverId);
            assertThat(event.handover().reason()).isEqualTo("escalation");
            assertThat(event.handover().priority()).isEqualTo(HandoverPriority.LOW);
            assertThat(event.handover().metadata()).containsEntry("topic", "billing");
        });
        // A refused request fires nothing.
        json().body(Map.of("reason", "")).post(handover(id)).then().statusCode(400);
        assertThat(events.handovers(UUID.fromString(id))).hasSize(1);
    }

    @Test
    void handoverOnAnExpiredOrCompletedSessionIsStillRecorded() {
        String expired = session();
        clock.advance(Duration.ofSeconds(3601));
        request(expired, Map.of("reason", "user_requested"));
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + expired).then()
                .body("status", equalTo("expired"));

        String cleared = session();
        given().post(SESSIONS + "/" + cleared + "/clear").then().statusCode(200);
        request(cleared, Map.of("reason", "user_requested"));

        assertThat(list(expired).getList("items")).hasSize(1);
        assertThat(list(cleared).getList("items")).hasSize(1);
    }

    @Test
    void unknownSessionIs404AndANonUuidIdIs400() {
        json().body(Map.of("reason", "user_requested")).post(handover(UUID.randomUUID().toString())).then()
                .statusCode(404).contentType("application/problem+json");
        json().body(Map.of("reason", "user_requested")).post(handover("not-a-uuid")).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        given().header("Authorization", API_KEY).get(handovers(UUID.randomUUID().toString())).then()
                .statusCode(404);
    }

    @Test
    void invalidFieldsAre400NamingEachField() {
        String id = session();
        json().body(Map.of("priority", "normal")).post(handover(id)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("reason"))
                .body("errors[0].message", equalTo("is required"));
        json().body(Map.of("reason", "  ")).post(handover(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        json().body(Map.of("reason", "r".repeat(101))).post(handover(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("reason")).body("errors[0].message", containsString("100"));
        json().body(Map.of("reason", "user_requested", "priority", "urgent")).post(handover(id)).then()
                .statusCode(400).body("errors[0].field", equalTo("priority"));
        json().body(Map.of("reason", "user_requested", "metadata", Map.of("notes", "n".repeat(8200)))).post(
                handover(id)).then().statusCode(400).body("errors[0].field", equalTo("metadata"))
                .body("errors[0].message", containsString("8192 bytes"));
        json().body("{\"reason\":\"user_requested\",\"metadata\":[1,2]}").post(handover(id)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("metadata"));
        json().body(Map.of("priority", "urgent", "reason", "")).post(handover(id)).then().statusCode(400)
                .body("errors.field", hasItems("reason", "priority"));
        json().body("").post(handover(id)).then().statusCode(400).contentType("application/problem+json");
        // Nothing was recorded by the refused requests.
        assertThat(list(id).getList("items")).isEmpty();
    }

    @Test
    void limitsAreInclusiveAndCountCharactersNotBytes() {
        String id = session();
        String emojiReason = "🙋".repeat(100);
        request(id, Map.of("reason", emojiReason));
        // 8 KB of JSON: {"notes":"…"} is 12 bytes around the text.
        request(id, Map.of("reason", "r".repeat(100), "metadata", Map.of("notes", "n".repeat(8192 - 12))));
        json().body(Map.of("reason", "r", "metadata", Map.of("notes", "n".repeat(8192 - 11)))).post(handover(id))
                .then().statusCode(400).body("errors[0].field", equalTo("metadata"));
        assertThat(list(id).getList("items.reason", String.class)).first().isEqualTo(emojiReason);
    }

    @Test
    void sessionBoundToAUserRefusesOtherAndMissingUserIds() {
        String id = session("userId", "alice");
        json().body(Map.of("reason", "user_requested", "userId", "mallory")).post(handover(id)).then()
                .statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("another user"));
        json().body(Map.of("reason", "user_requested")).post(handover(id)).then().statusCode(403);
        // The body's userId wins over the header, as on every other POST.
        json().header(Caller.USER_ID_HEADER, "alice").body(Map.of("reason", "user_requested", "userId", "mallory"))
                .post(handover(id)).then().statusCode(403);
        assertThat(list(id).getList("items")).isEmpty();

        request(id, Map.of("reason", "user_requested", "userId", "alice"));
        json().header(Caller.USER_ID_HEADER, "alice").body(Map.of("reason", "by_header")).post(handover(id)).then()
                .statusCode(201);
        json().header("Authorization", API_KEY).body(Map.of("reason", "by_backend")).post(handover(id)).then()
                .statusCode(201);
        json().header("Authorization", "Bearer wrong").body(Map.of("reason", "x")).post(handover(id)).then()
                .statusCode(401);
        assertThat(list(id).getList("items.reason")).containsExactly("user_requested", "by_header", "by_backend");
    }

    @Test
    void originNotAllowedForTheExperienceIsRefused() {
        String id = json().header("Origin", "https://shop.example").body(Map.of("experienceId", "scripted-origins"))
                .post(SESSIONS).then().statusCode(201).extract().path("id");
        json().header("Origin", "https://evil.example").body(Map.of("reason", "user_requested")).post(handover(id))
                .then().statusCode(403).body("type", equalTo("urn:nexus-chat:problem:origin-not-allowed"));
        json().header("Origin", "https://shop.example").body(Map.of("reason", "user_requested")).post(handover(id))
                .then().statusCode(201);
    }

    @Test
    void listingNeedsAnApiKeyAndIsOldestFirstAndPaginated() {
        String id = session();
        for (String reason : List.of("first", "second", "third")) {
            request(id, Map.of("reason", reason));
            clock.advance(Duration.ofSeconds(1));
        }
        given().get(handovers(id)).then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").get(handovers(id)).then().statusCode(401);
        given().header(Caller.USER_ID_HEADER, "anyone").get(handovers(id) + "/" + UUID.randomUUID()).then()
                .statusCode(401);

        JsonPath first = given().header("Authorization", API_KEY).queryParam("limit", 2).get(handovers(id)).then()
                .statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.reason")).containsExactly("first", "second");
        String cursor = first.getString("nextCursor");
        assertThat(cursor).isNotBlank();
        given().header("Authorization", API_KEY).queryParam("limit", 2).queryParam("after", cursor).get(handovers(id))
                .then().statusCode(200).body("items.reason", equalTo(List.of("third")))
                .body("nextCursor", nullValue());
        given().header("Authorization", API_KEY).queryParam("after", "garbage").get(handovers(id)).then()
                .statusCode(400).body("errors[0].field", equalTo("after"));
        given().header("Authorization", API_KEY).queryParam("limit", 0).get(handovers(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void aHandoverIsReadOnlyThroughItsOwnSession() {
        String id = session();
        String other = session();
        String handoverId = request(id, Map.of("reason", "user_requested")).path("id");
        given().header("Authorization", API_KEY).get(handovers(other) + "/" + handoverId).then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", API_KEY).get(handovers(id) + "/" + UUID.randomUUID()).then()
                .statusCode(404);
        given().header("Authorization", API_KEY).get(handovers(id) + "/nope").then().statusCode(400)
                .body("errors[0].field", equalTo("handoverId"));
    }

    @Test
    void deletingTheSessionDeletesItsHandovers() {
        String id = session();
        String handoverId = request(id, Map.of("reason", "user_requested")).path("id");
        given().delete(SESSIONS + "/" + id).then().statusCode(204);
        given().header("Authorization", API_KEY).get(handovers(id) + "/" + handoverId).then().statusCode(404);
        Handover gone = QuarkusTransaction.requiringNew().call(() -> Handover.findById(UUID.fromString(handoverId)));
        assertThat(gone).isNull();
    }
}

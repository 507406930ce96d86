package io.nexuschat.session;

import static io.nexuschat.session.SessionResourceTest.API_KEY;
import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.session.SessionResourceTest.create;
import static io.nexuschat.session.SessionResourceTest.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.nexuschat.common.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Hijack protection: a session bound to a user answers only that user, or an API-key caller. */
@QuarkusTest
class SessionAccessTest {

    @Test
    void boundSessionRefusesAnotherUserOnEveryWidgetEndpoint() {
        String id = create(Map.of("experienceId", "scripted", "userId", "alice")).getString("id");
        String path = SESSIONS + "/" + id;
        given().header(Caller.USER_ID_HEADER, "mallory").get(path).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("another user"));
        given().header(Caller.USER_ID_HEADER, "mallory").get(path + "/messages").then().statusCode(403);
        json().header(Caller.USER_ID_HEADER, "mallory").body(Map.of("name", "mine")).patch(path).then()
                .statusCode(403);
        given().header(Caller.USER_ID_HEADER, "mallory").post(path + "/clear").then().statusCode(403);
        given().header(Caller.USER_ID_HEADER, "mallory").delete(path).then().statusCode(403);
        json().body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi", "userId", "mallory"))
                .post("/api/v2/query").then().statusCode(403).contentType("application/problem+json");
        // Nothing was changed by the refused calls.
        given().header(Caller.USER_ID_HEADER, "alice").get(path).then().statusCode(200)
                .body("status", equalTo("active")).body("name", equalTo(null)).body("messageCount", equalTo(0));
    }

    @Test
    void boundSessionRefusesCallersWithoutUserId() {
        String id = create(Map.of("experienceId", "scripted", "userId", "alice")).getString("id");
        given().get(SESSIONS + "/" + id).then().statusCode(403).body("detail", containsString(Caller.USER_ID_HEADER));
        json().body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi")).post("/api/v2/query").then()
                .statusCode(403);
    }

    @Test
    void ownerMayUseItsSession() {
        String id = create(Map.of("experienceId", "scripted", "userId", "alice")).getString("id");
        json().body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi", "userId", "alice"))
                .post("/api/v2/query").then().statusCode(200).body("sessionId", equalTo(id));
        given().header(Caller.USER_ID_HEADER, "alice").get(SESSIONS + "/" + id + "/messages").then().statusCode(200)
                .body("items.size()", equalTo(2));
        given().header(Caller.USER_ID_HEADER, "alice").post(SESSIONS + "/" + id + "/clear").then().statusCode(200);
        given().header(Caller.USER_ID_HEADER, "alice").delete(SESSIONS + "/" + id).then().statusCode(204);
    }

    @Test
    void apiKeyCallerMayActOnAnySession() {
        String id = create(Map.of("experienceId", "scripted", "userId", "alice")).getString("id");
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id).then().statusCode(200)
                .body("userId", equalTo("alice"));
        json().header("Authorization", API_KEY).body(Map.of("metadata", Map.of("crm", "T-1")))
                .patch(SESSIONS + "/" + id).then().statusCode(200).body("metadata.crm", equalTo("T-1"));
        json().header("Authorization", API_KEY)
                .body(Map.of("experienceId", "scripted", "sessionId", id, "text", "from the backend"))
                .post("/api/v2/query").then().statusCode(200).body("sessionId", equalTo(id));
        given().header("Authorization", API_KEY).delete(SESSIONS + "/" + id).then().statusCode(204);
    }

    @Test
    void anInvalidApiKeyOnAWidgetEndpointIsRefusedNotIgnored() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        given().header("Authorization", "Bearer nope").get(SESSIONS + "/" + id).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void headerUserIdBindsANewSessionUpToItsLimitAndAnOverLongOneIsA400BeforeAnythingIsStored() {
        String longest = "u".repeat(Caller.MAX_USER_ID);
        json().header(Caller.USER_ID_HEADER, longest).body(Map.of("experienceId", "scripted")).post(SESSIONS).then()
                .statusCode(201).body("userId", equalTo(longest));

        String id = UUID.randomUUID().toString();
        json().header(Caller.USER_ID_HEADER, "u".repeat(5000)).body(Map.of("id", id, "experienceId", "scripted"))
                .post(SESSIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains(Caller.USER_ID_HEADER))
                .body("errors[0].message", equalTo("must be at most 200 characters"));
        json().header(Caller.USER_ID_HEADER, "u".repeat(Caller.MAX_USER_ID + 1))
                .body(Map.of("id", id, "experienceId", "scripted")).post(SESSIONS).then().statusCode(400);
        json().header(Caller.USER_ID_HEADER, "u".repeat(5000))
                .body(Map.of("experienceId", "scripted", "sessionId", id, "text", "hi")).post("/api/v2/query").then()
                .statusCode(400).body("errors.field", contains(Caller.USER_ID_HEADER));
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id).then().statusCode(404);
    }

    @Test
    void anOverLongHeaderUserIdIsA400OnEveryEndpointThatReadsIt() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        String path = SESSIONS + "/" + id;
        String tooLong = "u".repeat(5000);
        List<Response> responses = List.of(
                given().header(Caller.USER_ID_HEADER, tooLong).get(path),
                given().header(Caller.USER_ID_HEADER, tooLong).get(path + "/messages"),
                json().header(Caller.USER_ID_HEADER, tooLong).body(Map.of("name", "x")).patch(path),
                given().header(Caller.USER_ID_HEADER, tooLong).post(path + "/clear"),
                given().header(Caller.USER_ID_HEADER, tooLong).delete(path),
                json().header(Caller.USER_ID_HEADER, tooLong).body(Map.of("reason", "user_requested"))
                        .post(path + "/handover"),
                json().header(Caller.USER_ID_HEADER, tooLong)
                        .body(Map.of("messageId", UUID.randomUUID().toString(), "rating", "up"))
                        .post(path + "/feedback"));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getList("errors.field")).containsExactly(Caller.USER_ID_HEADER);
        });
        given().get(path).then().statusCode(200).body("status", equalTo("active")).body("name", equalTo(null));
    }

    @Test
    void anOverLongBodyUserIdIsA400NamingUserId() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        json().body(Map.of("experienceId", "scripted", "userId", "u".repeat(5000))).post(SESSIONS).then()
                .statusCode(400).body("errors.field", contains("userId"));
        json().body(Map.of("experienceId", "scripted", "text", "hi", "userId", "u".repeat(5000)))
                .post("/api/v2/query").then().statusCode(400).body("errors.field", contains("userId"));
        json().body(Map.of("reason", "r", "userId", "u".repeat(5000))).post(SESSIONS + "/" + id + "/handover")
                .then().statusCode(400).body("errors.field", contains("userId"));
    }

    @Test
    void anonymousSessionIsUsableByItsId() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        given().get(SESSIONS + "/" + id).then().statusCode(200);
        given().header(Caller.USER_ID_HEADER, "anyone").get(SESSIONS + "/" + id).then().statusCode(200);
    }
}

package io.nexuschat.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nexuschat.AdjustableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
public class SessionResourceTest {

    public static final String SESSIONS = "/api/v2/sessions";
    public static final String API_KEY = "Bearer test-api-key";

    @Inject
    AdjustableClock clock;

    @Inject
    RecordedSessionEvents events;

    @Inject
    SessionSweep sweep;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static JsonPath create(Map<String, ?> body) {
        return json().body(body).post(SESSIONS).then().statusCode(201).extract().jsonPath();
    }

    public static void query(String sessionId, String text) {
        query("scripted", sessionId, text);
    }

    public static void query(String experienceId, String sessionId, String text) {
        json().body(Map.of("experienceId", experienceId, "sessionId", sessionId, "text", text))
                .post("/api/v2/query").then().statusCode(200);
    }

    @Test
    void createAnswers201WithLocationAndAnActiveSession() {
        String id = json().body(Map.of("experienceId", "scripted", "name", "Support", "metadata",
                Map.of("plan", "pro", "seats", 3))).post(SESSIONS).then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("status", equalTo("active")).body("experienceId", equalTo("scripted"))
                .body("name", equalTo("Support")).body("metadata.plan", equalTo("pro"))
                .body("metadata.seats", equalTo(3)).body("messageCount", equalTo(0))
                .body("endReason", nullValue()).body("endedAt", nullValue()).extract().path("id");
        given().get(SESSIONS + "/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void locationHeaderPointsAtTheNewSession() {
        var response = json().body(Map.of("experienceId", "scripted")).post(SESSIONS).then().statusCode(201)
                .extract();
        assertThat(response.header("Location")).endsWith(SESSIONS + "/" + response.path("id"));
    }

    @Test
    void lifetimeDefaultsToTheExperienceAndCanBeChosen() {
        JsonPath byDefault = create(Map.of("experienceId", "scripted"));
        assertThat(Duration.between(Instant.parse(byDefault.getString("createdAt")),
                Instant.parse(byDefault.getString("expiresAt")))).isEqualTo(Duration.ofHours(1));
        JsonPath chosen = create(Map.of("experienceId", "scripted", "expirationSeconds", 120));
        assertThat(Duration.between(Instant.parse(chosen.getString("createdAt")),
                Instant.parse(chosen.getString("expiresAt")))).isEqualTo(Duration.ofSeconds(120));
        assertThat(chosen.getString("inactivityExpiresAt")).isNull();
        JsonPath idle = create(Map.of("experienceId", "scripted-idle"));
        assertThat(Duration.between(Instant.parse(idle.getString("lastActivityAt")),
                Instant.parse(idle.getString("inactivityExpiresAt")))).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void clientChosenIdIsUsedAndRepeatingTheSameCreateIsIdempotent() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("id", id, "experienceId", "scripted", "userId", "u-idem");
        String first = json().body(body).post(SESSIONS).then().statusCode(201).body("id", equalTo(id))
                .extract().asString();
        String again = json().body(body).post(SESSIONS).then().statusCode(200)
                .header("Location", endsWith(SESSIONS + "/" + id)).extract().asString();
        assertThat(JsonPath.from(again).getString("createdAt")).isEqualTo(JsonPath.from(first).getString("createdAt"));
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED);
    }

    @Test
    void sameIdForAnotherExperienceOrUserIsAConflict() {
        String id = UUID.randomUUID().toString();
        create(Map.of("id", id, "experienceId", "scripted", "userId", "u-owner"));
        json().body(Map.of("id", id, "experienceId", "scripted-idle", "userId", "u-owner")).post(SESSIONS).then()
                .statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        json().body(Map.of("id", id, "experienceId", "scripted", "userId", "u-other")).post(SESSIONS).then()
                .statusCode(409).contentType("application/problem+json");
        json().body(Map.of("id", id, "experienceId", "scripted")).post(SESSIONS).then().statusCode(409);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"})
    void guessableNilAndMaxUuidsAreRefusedAsClientChosenSessionIds(String id) {
        json().body(Map.of("id", id, "experienceId", "scripted")).post(SESSIONS).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"))
                .body("errors[0].message", containsString("nil or max UUID"));
        json().body(Map.of("sessionId", id, "experienceId", "scripted", "text", "hi")).post("/api/v2/query").then()
                .statusCode(400).body("errors[0].field", equalTo("sessionId"));
        given().header("Authorization", API_KEY).get(SESSIONS + "/" + id).then().statusCode(404);
    }

    @Test
    void createRejectsInvalidFieldsWithOneErrorPerField() {
        json().body(Map.of("id", "not-a-uuid", "experienceId", "nope", "expirationSeconds", 59, "name",
                "n".repeat(201), "userId", " ")).post(SESSIONS).then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:nexus-chat:problem:validation"))
                .body("errors.field", hasItems("id", "expirationSeconds", "name", "userId"));
        json().body(Map.of("experienceId", "nope")).post(SESSIONS).then().statusCode(400)
                .body("errors[0].field", equalTo("experienceId"))
                .body("errors[0].message", containsString("unknown experience"));
        json().body(Map.of("name", "x")).post(SESSIONS).then().statusCode(400)
                .body("errors[0].field", equalTo("experienceId"));
        json().body(Map.of("experienceId", "scripted", "expirationSeconds", 2_592_001)).post(SESSIONS).then()
                .statusCode(400).body("errors[0].field", equalTo("expirationSeconds"));
        json().body(Map.of("experienceId", "scripted", "metadata", Map.of("big", "x".repeat(20_000)))).post(SESSIONS)
                .then().statusCode(400).body("errors[0].field", equalTo("metadata"));
        json().body(Map.of("experienceId", "scripted", "metadata", "not an object")).post(SESSIONS).then()
                .statusCode(400).body("errors[0].field", equalTo("metadata"));
    }

    @Test
    void malformedJsonMissingBodyAndWrongContentTypeAreProblems() {
        json().body("{\"experienceId\": ").post(SESSIONS).then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:nexus-chat:problem:malformed-json"))
                .body("detail", containsString("not valid JSON"));
        json().post(SESSIONS).then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("experienceId=scripted").post(SESSIONS).then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void unknownSessionIs404AndANonUuidIdIs400() {
        given().get(SESSIONS + "/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().get(SESSIONS + "/not-a-uuid").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
        given().get(SESSIONS + "/not-a-uuid/messages").then().statusCode(400);
        given().delete(SESSIONS + "/12345").then().statusCode(400);
        given().post(SESSIONS + "/" + UUID.randomUUID() + "/clear").then().statusCode(404);
    }

    @Test
    void getShowsStatusTimestampsCountAndMetadata() {
        String id = create(Map.of("experienceId", "scripted", "metadata", Map.of("page", "/pricing")))
                .getString("id");
        query(id, "hello");
        given().get(SESSIONS + "/" + id).then().statusCode(200).body("status", equalTo("active"))
                .body("messageCount", equalTo(2)).body("metadata.page", equalTo("/pricing"))
                .body("createdAt", org.hamcrest.Matchers.notNullValue())
                .body("updatedAt", org.hamcrest.Matchers.notNullValue())
                .body("lastActivityAt", org.hamcrest.Matchers.notNullValue())
                .body("expiresAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void sessionExpiresWhenItsAbsoluteLifetimeEnds() {
        JsonPath created = create(Map.of("experienceId", "scripted", "expirationSeconds", 60));
        String id = created.getString("id");
        clock.advance(Duration.ofSeconds(59));
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("active"));
        clock.advance(Duration.ofSeconds(2));
        given().get(SESSIONS + "/" + id).then().statusCode(200).body("status", equalTo("expired"))
                .body("endReason", equalTo("expired")).body("endedAt", equalTo(created.getString("expiresAt")));
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired"));
        // Reads only report it; the sweep records it and announces it, once.
        sweep.sweepOnce();
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired"));
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.ENDED);
    }

    @Test
    void sessionExpiresAfterInactivityAndMessagesKeepItAlive() {
        String id = create(Map.of("experienceId", "scripted-idle")).getString("id");
        clock.advance(Duration.ofSeconds(250));
        query("scripted-idle", id, "still here");
        clock.advance(Duration.ofSeconds(250)); // 500 s after creation, 250 s after the last message
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("active"));
        clock.advance(Duration.ofSeconds(51));
        String lastActivity = given().get(SESSIONS + "/" + id).then().statusCode(200)
                .body("status", equalTo("expired")).body("endReason", equalTo("inactivity")).extract()
                .path("inactivityExpiresAt");
        given().get(SESSIONS + "/" + id).then().body("endedAt", equalTo(lastActivity));
    }

    @Test
    void patchRenamesAndMergesMetadataShallowly() {
        String id = create(Map.of("experienceId", "scripted", "name", "Old", "metadata",
                Map.of("keep", 1, "replace", "a", "remove", true, "nested", Map.of("a", 1)))).getString("id");
        java.util.HashMap<String, Object> patch = new java.util.HashMap<>();
        patch.put("replace", "b");
        patch.put("remove", null);
        patch.put("added", List.of(1, 2));
        patch.put("nested", Map.of("b", 2));
        json().body(Map.of("name", "New", "metadata", patch)).patch(SESSIONS + "/" + id).then().statusCode(200)
                .body("name", equalTo("New")).body("metadata.keep", equalTo(1))
                .body("metadata.replace", equalTo("b")).body("metadata.added", equalTo(List.of(1, 2)))
                .body("metadata.nested", equalTo(Map.of("b", 2))).body("metadata.containsKey('remove')",
                        equalTo(false))
                .body("status", equalTo("active"));
        json().body(Map.of("name", "")).patch(SESSIONS + "/" + id).then().statusCode(200).body("name", nullValue());
        given().contentType("application/merge-patch+json").body("{\"metadata\":{\"keep\":2}}")
                .patch(SESSIONS + "/" + id).then().statusCode(200).body("metadata.keep", equalTo(2));
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.UPDATED, SessionEvent.Type.UPDATED, SessionEvent.Type.UPDATED);
    }

    @Test
    void patchStatusCompletedEndsTheSessionAsEndedOrResolved() {
        String ended = create(Map.of("experienceId", "scripted")).getString("id");
        json().body(Map.of("status", "completed")).patch(SESSIONS + "/" + ended).then().statusCode(200)
                .body("status", equalTo("completed")).body("endReason", equalTo("ended"))
                .body("endedAt", org.hamcrest.Matchers.notNullValue());
        // Completing again changes nothing.
        json().body(Map.of("status", "completed", "endReason", "resolved")).patch(SESSIONS + "/" + ended).then()
                .statusCode(200).body("endReason", equalTo("ended"));
        assertThat(events.typesFor(UUID.fromString(ended))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.ENDED);

        String resolved = create(Map.of("experienceId", "scripted")).getString("id");
        json().body(Map.of("status", "completed", "endReason", "resolved")).patch(SESSIONS + "/" + resolved).then()
                .statusCode(200).body("status", equalTo("completed")).body("endReason", equalTo("resolved"));
    }

    @Test
    void patchRejectsOtherStatusesAndCannotCompleteAnExpiredSession() {
        String id = create(Map.of("experienceId", "scripted", "expirationSeconds", 60)).getString("id");
        json().body(Map.of("status", "active")).patch(SESSIONS + "/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        json().body(Map.of("endReason", "resolved")).patch(SESSIONS + "/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("endReason"));
        json().body(Map.of("status", "completed", "endReason", "cleared")).patch(SESSIONS + "/" + id).then()
                .statusCode(400).body("errors[0].field", equalTo("endReason"));
        json().body("[1,2]").patch(SESSIONS + "/" + id).then().statusCode(400)
                .contentType("application/problem+json");
        clock.advance(Duration.ofSeconds(61));
        json().body(Map.of("status", "completed")).patch(SESSIONS + "/" + id).then().statusCode(409)
                .contentType("application/problem+json");
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired"));
        json().body(Map.of("status", "completed")).patch(SESSIONS + "/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void deleteRemovesTheSessionAndItsMessages() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        query(id, "to be forgotten");
        given().delete(SESSIONS + "/" + id).then().statusCode(204);
        given().get(SESSIONS + "/" + id).then().statusCode(404);
        given().get(SESSIONS + "/" + id + "/messages").then().statusCode(404);
        given().delete(SESSIONS + "/" + id).then().statusCode(404);
        List<SessionEvent> recorded = events.of(UUID.fromString(id));
        assertThat(recorded.getLast().type()).isEqualTo(SessionEvent.Type.DELETED);
        assertThat(recorded.getLast().session().messageCount()).isEqualTo(2);
    }

    @Test
    void clearEndsTheSessionAndReturnsItsMessageCount() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        query(id, "one");
        query(id, "two");
        JsonPath cleared = given().post(SESSIONS + "/" + id + "/clear").then().statusCode(200)
                .body("sessionId", equalTo(id)).body("messageCount", equalTo(4)).extract().jsonPath();
        assertThat(Instant.parse(cleared.getString("timestamp"))).isCloseTo(Instant.now(),
                org.assertj.core.api.Assertions.within(Duration.ofSeconds(30)));
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("completed"))
                .body("endReason", equalTo("cleared")).body("endedAt", equalTo(cleared.getString("timestamp")));
        // History stays readable; clearing again is harmless and changes nothing.
        given().get(SESSIONS + "/" + id + "/messages").then().statusCode(200).body("items.size()", equalTo(4));
        given().post(SESSIONS + "/" + id + "/clear").then().statusCode(200).body("messageCount", equalTo(4));
        given().get(SESSIONS + "/" + id).then().body("endReason", equalTo("cleared"));
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.ENDED);
    }

    @Test
    void messagesAreChronologicalAndCursorPaginated() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        query(id, "first");
        query(id, "second");
        query(id, "third");
        JsonPath page1 = given().get(SESSIONS + "/" + id + "/messages?limit=4").then().statusCode(200).extract()
                .jsonPath();
        assertThat(page1.getList("items.role")).containsExactly("user", "assistant", "user", "assistant");
        assertThat(page1.getList("items.text", String.class).get(0)).isEqualTo("first");
        assertThat(page1.getList("items.text", String.class).get(2)).isEqualTo("second");
        assertThat(page1.getList("items.sessionId")).containsOnly(id);
        assertThat(page1.getString("items[1].queryId")).isEqualTo(page1.getString("items[0].queryId"));
        String cursor = page1.getString("nextCursor");
        assertThat(cursor).isNotNull();
        JsonPath page2 = given().queryParam("limit", 4).queryParam("after", cursor)
                .get(SESSIONS + "/" + id + "/messages").then().statusCode(200).extract().jsonPath();
        assertThat(page2.getList("items.text", String.class)).first().isEqualTo("third");
        assertThat(page2.getList("items")).hasSize(2);
        assertThat(page2.getString("nextCursor")).isNull();
        List<String> createdAt = given().get(SESSIONS + "/" + id + "/messages").then().extract()
                .path("items.createdAt");
        assertThat(createdAt).hasSize(6).isSorted();
    }

    @Test
    void badPaginationIs400NamingTheParameter() {
        String id = create(Map.of("experienceId", "scripted")).getString("id");
        for (String limit : List.of("0", "101", "abc", "-1")) {
            given().queryParam("limit", limit).get(SESSIONS + "/" + id + "/messages").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        }
        given().queryParam("after", "not-a-cursor").get(SESSIONS + "/" + id + "/messages").then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        given().header("Authorization", API_KEY).queryParam("after", "%%%").get(SESSIONS).then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        given().header("Authorization", API_KEY).queryParam("status", "sleeping").get(SESSIONS).then()
                .statusCode(400).body("errors[0].field", equalTo("status"));
    }

    @Test
    void listingNeedsAValidApiKey() {
        given().get(SESSIONS).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("detail", containsString("API key"));
        given().header("Authorization", "Bearer wrong").get(SESSIONS).then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Basic dGVzdC1hcGkta2V5").get(SESSIONS).then().statusCode(401);
        given().header("Authorization", API_KEY).get(SESSIONS).then().statusCode(200);
    }

    @Test
    void listFiltersByExperienceStatusAndUserNewestFirst() {
        String user = "u-list-" + UUID.randomUUID();
        String a = create(Map.of("experienceId", "scripted", "userId", user)).getString("id");
        clock.advance(Duration.ofSeconds(1));
        String b = create(Map.of("experienceId", "scripted-idle", "userId", user)).getString("id");
        clock.advance(Duration.ofSeconds(1));
        String c = create(Map.of("experienceId", "scripted", "userId", user, "expirationSeconds", 60))
                .getString("id");
        clock.advance(Duration.ofSeconds(1));
        String d = create(Map.of("experienceId", "scripted", "userId", user)).getString("id");
        given().header(io.nexuschat.common.Caller.USER_ID_HEADER, user).post(SESSIONS + "/" + d + "/clear").then()
                .statusCode(200);
        clock.advance(Duration.ofSeconds(60)); // c has expired, unnoticed so far

        assertThat(listIds(Map.of("userId", user))).containsExactly(d, c, b, a);
        assertThat(listIds(Map.of("userId", user, "experienceId", "scripted"))).containsExactly(d, c, a);
        assertThat(listIds(Map.of("userId", user, "status", "expired"))).containsExactly(c);
        assertThat(listIds(Map.of("userId", user, "status", "active"))).containsExactly(b, a);
        assertThat(listIds(Map.of("userId", user, "status", "completed"))).containsExactly(d);
        given().header("Authorization", API_KEY).queryParam("userId", user).queryParam("status", "expired")
                .get(SESSIONS).then().body("items[0].status", equalTo("expired"))
                .body("items[0].endReason", equalTo("expired"));

        JsonPath first = given().header("Authorization", API_KEY).queryParam("userId", user).queryParam("limit", 3)
                .get(SESSIONS).then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id")).containsExactly(d, c, b);
        JsonPath second = given().header("Authorization", API_KEY).queryParam("userId", user)
                .queryParam("limit", 3).queryParam("after", first.getString("nextCursor")).get(SESSIONS).then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.getList("items.id")).containsExactly(a);
        assertThat(second.getString("nextCursor")).isNull();
    }

    private static List<String> listIds(Map<String, ?> params) {
        return given().header("Authorization", API_KEY).queryParams(params).get(SESSIONS).then().statusCode(200)
                .extract().path("items.id");
    }

    @Test
    void sweepExpiresTimedOutSessionsNobodyReads() {
        String id = create(Map.of("experienceId", "scripted", "expirationSeconds", 60)).getString("id");
        clock.advance(Duration.ofSeconds(61));
        assertThat(sweep.sweepOnce()).isGreaterThanOrEqualTo(1);
        assertThat(events.typesFor(UUID.fromString(id))).containsExactly(SessionEvent.Type.CREATED,
                SessionEvent.Type.ENDED);
        given().get(SESSIONS + "/" + id).then().body("status", equalTo("expired"));
        assertThat(events.typesFor(UUID.fromString(id))).hasSize(2);
    }
}

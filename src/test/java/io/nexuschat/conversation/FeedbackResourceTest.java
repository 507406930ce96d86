package io.nexuschat.conversation;

import static io.nexuschat.session.SessionResourceTest.API_KEY;
import static io.nexuschat.session.SessionResourceTest.SESSIONS;
import static io.nexuschat.testing.Races.concurrently;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class FeedbackResourceTest {

    @Inject
    AdjustableClock clock;

    @Inject
    RecordedEvents events;

    /** A session's id and the id of the answer to its first query. */
    private record Answered(String sessionId, String messageId) {
    }

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Answered answered(Object... fields) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "scripted", "text", "rate me"));
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        JsonPath answer = json().body(body).post("/api/v2/query").then().statusCode(200).extract().jsonPath();
        return new Answered(answer.getString("sessionId"), answer.getString("messageId"));
    }

    private static String feedback(String sessionId) {
        return SESSIONS + "/" + sessionId + "/feedback";
    }

    private static ExtractableResponse<Response> rate(String sessionId, Map<String, ?> body, int status) {
        return json().body(body).post(feedback(sessionId)).then().statusCode(status).extract();
    }

    private static JsonPath list(String sessionId) {
        return given().header("Authorization", API_KEY).get(feedback(sessionId)).then().statusCode(200).extract()
                .jsonPath();
    }

    private static String userMessageId(String sessionId) {
        return given().header("Authorization", API_KEY).get(SESSIONS + "/" + sessionId + "/messages").then()
                .statusCode(200).extract().path("items.find { it.role == 'user' }.id");
    }

    @Test
    void firstRatingOfAnAnswerIs201WithALocationThatReadsItBack() {
        Answered a = answered();
        var created = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up", "comment", "Spot on"),
                201);
        JsonPath body = created.jsonPath();
        assertThat(UUID.fromString(body.getString("id"))).isNotNull();
        assertThat(body.getString("sessionId")).isEqualTo(a.sessionId());
        assertThat(body.getString("messageId")).isEqualTo(a.messageId());
        assertThat(body.getString("rating")).isEqualTo("up");
        assertThat(body.getString("comment")).isEqualTo("Spot on");
        assertThat(body.getString("createdAt")).isNotBlank().isEqualTo(body.getString("updatedAt"));

        String location = created.header("Location");
        assertThat(location).endsWith(feedback(a.sessionId()) + "/" + body.getString("id"));
        given().header("Authorization", API_KEY).get(location.substring(location.indexOf(SESSIONS))).then()
                .statusCode(200).body("rating", equalTo("up")).body("comment", equalTo("Spot on"))
                .body("messageId", equalTo(a.messageId()));
    }

    @Test
    void secondRatingOfTheSameAnswerReplacesTheFirstWith200AndTheSameId() {
        Answered a = answered();
        JsonPath first = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up", "comment", "nice"),
                201).jsonPath();
        clock.advance(Duration.ofMinutes(2));
        JsonPath second = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "down"), 200).jsonPath();
        assertThat(second.getString("id")).isEqualTo(first.getString("id"));
        assertThat(second.getString("rating")).isEqualTo("down");
        assertThat(second.getString("comment")).as("the whole rating is replaced, comment included").isNull();
        assertThat(second.getString("createdAt")).isEqualTo(first.getString("createdAt"));
        assertThat(Instant.parse(second.getString("updatedAt")))
                .isAfterOrEqualTo(Instant.parse(first.getString("createdAt")).plus(Duration.ofMinutes(2)));

        JsonPath stored = list(a.sessionId());
        assertThat(stored.getList("items")).hasSize(1);
        assertThat(stored.getString("items[0].rating")).isEqualTo("down");
    }

    @Test
    void everyRatingFiresAFeedbackEventThatSaysWhetherItReplacedOne() {
        Answered a = answered();
        rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up"), 201);
        rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "down", "comment", "wrong"), 200);
        List<FeedbackEvent> fired = events.feedback(UUID.fromString(a.sessionId()));
        assertThat(fired).hasSize(2);
        assertThat(fired).allSatisfy(e -> {
            assertThat(e.experienceId()).isEqualTo("scripted");
            assertThat(e.feedback().messageId()).hasToString(a.messageId());
        });
        assertThat(fired.get(0).replaced()).isFalse();
        assertThat(fired.get(0).feedback().rating()).isEqualTo(FeedbackRating.UP);
        assertThat(fired.get(1).replaced()).isTrue();
        assertThat(fired.get(1).feedback().comment()).isEqualTo("wrong");
        // A refused rating fires nothing.
        rate(a.sessionId(), Map.of("messageId", userMessageId(a.sessionId()), "rating", "up"), 400);
        assertThat(events.feedback(UUID.fromString(a.sessionId()))).hasSize(2);
    }

    @Test
    void visitorsOwnMessageCannotBeRated() {
        Answered a = answered();
        rate(a.sessionId(), Map.of("messageId", userMessageId(a.sessionId()), "rating", "up"), 400).response().then()
                .contentType("application/problem+json").body("errors[0].field", equalTo("messageId"))
                .body("errors[0].message", containsString("answer"));
    }

    @Test
    void answerOfAnotherSessionIsRefusedAsAnInvalidMessageId() {
        Answered mine = answered();
        Answered theirs = answered();
        rate(mine.sessionId(), Map.of("messageId", theirs.messageId(), "rating", "down"), 400).response().then()
                .body("errors[0].field", equalTo("messageId"))
                .body("errors[0].message", containsString("another session"));
        assertThat(list(theirs.sessionId()).getList("items")).isEmpty();
    }

    @Test
    void unknownMessageOrSessionIs404() {
        Answered a = answered();
        rate(a.sessionId(), Map.of("messageId", UUID.randomUUID().toString(), "rating", "up"), 404).response()
                .then().contentType("application/problem+json").body("detail", containsString("No message"));
        rate(UUID.randomUUID().toString(), Map.of("messageId", a.messageId(), "rating", "up"), 404);
        json().body(Map.of("messageId", a.messageId(), "rating", "up")).post(feedback("nope")).then()
                .statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void invalidFieldsAre400NamingEachField() {
        Answered a = answered();
        String path = feedback(a.sessionId());
        json().body(Map.of("rating", "up")).post(path).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("messageId")).body("errors[0].message", equalTo("is required"));
        json().body(Map.of("messageId", "42", "rating", "up")).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("messageId")).body("errors[0].message", equalTo("must be a UUID"));
        json().body(Map.of("messageId", a.messageId())).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("rating")).body("errors[0].message", equalTo("is required"));
        json().body(Map.of("messageId", a.messageId(), "rating", "5 stars")).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("rating"));
        json().body(Map.of("messageId", a.messageId(), "rating", "up", "comment", "c".repeat(2001))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("comment"))
                .body("errors[0].message", containsString("2000"));
        json().body(Map.of("rating", "meh", "comment", "c".repeat(2001))).post(path).then().statusCode(400)
                .body("errors.field", hasItems("messageId", "rating", "comment"));
        json().body("{\"messageId\":\"" + a.messageId() + "\",\"rating\":\"up\",\"comment\":{}}").post(path).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("comment"));
        assertThat(list(a.sessionId()).getList("items")).isEmpty();
    }

    @Test
    void commentMayBe2000CharactersAndABlankCommentIsNone() {
        Answered a = answered();
        String longest = "🙂".repeat(2000);
        JsonPath stored = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up", "comment", longest),
                201).jsonPath();
        assertThat(stored.getString("comment")).isEqualTo(longest);
        assertThat(rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up", "comment", "  "), 200)
                .jsonPath().getString("comment")).isNull();
    }

    @Test
    void sessionBoundToAUserRefusesOtherAndMissingUserIds() {
        Answered a = answered("userId", "alice");
        String path = feedback(a.sessionId());
        json().body(Map.of("messageId", a.messageId(), "rating", "up", "userId", "mallory")).post(path).then()
                .statusCode(403).contentType("application/problem+json");
        json().body(Map.of("messageId", a.messageId(), "rating", "up")).post(path).then().statusCode(403);
        assertThat(list(a.sessionId()).getList("items")).isEmpty();

        rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up", "userId", "alice"), 201);
        json().header(Caller.USER_ID_HEADER, "alice").body(Map.of("messageId", a.messageId(), "rating", "down"))
                .post(path).then().statusCode(200);
        json().header("Authorization", API_KEY).body(Map.of("messageId", a.messageId(), "rating", "up")).post(path)
                .then().statusCode(200);
        json().header("Authorization", "Bearer wrong").body(Map.of("messageId", a.messageId(), "rating", "up"))
                .post(path).then().statusCode(401);
    }

    @Test
    void answersOfAnEndedSessionMayStillBeRated() {
        Answered a = answered();
        given().post(SESSIONS + "/" + a.sessionId() + "/clear").then().statusCode(200);
        rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "down", "comment", "too late?"), 201);
    }

    @Test
    void listingNeedsAnApiKeyAndIsOldestFirstAndPaginated() {
        Answered a = answered();
        String session = a.sessionId();
        List<String> answers = new ArrayList<>(List.of(a.messageId()));
        for (String text : List.of("second", "third")) {
            answers.add(json().body(Map.of("experienceId", "scripted", "sessionId", session, "text", text))
                    .post("/api/v2/query").then().statusCode(200).extract().path("messageId"));
        }
        for (String messageId : answers) {
            rate(session, Map.of("messageId", messageId, "rating", "up"), 201);
            clock.advance(Duration.ofSeconds(1));
        }
        given().get(feedback(session)).then().statusCode(401).contentType("application/problem+json");
        given().get(feedback(session) + "/" + UUID.randomUUID()).then().statusCode(401);

        JsonPath first = given().header("Authorization", API_KEY).queryParam("limit", 2).get(feedback(session))
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.messageId")).containsExactlyElementsOf(answers.subList(0, 2));
        given().header("Authorization", API_KEY).queryParam("limit", 2)
                .queryParam("after", first.getString("nextCursor")).get(feedback(session)).then().statusCode(200)
                .body("items.messageId", equalTo(answers.subList(2, 3))).body("nextCursor", nullValue());
        // Replacing a rating keeps its place: the list is ordered by first rating.
        rate(session, Map.of("messageId", answers.getFirst(), "rating", "down"), 200);
        assertThat(list(session).getList("items.messageId")).containsExactlyElementsOf(answers);
        given().header("Authorization", API_KEY).get(feedback(UUID.randomUUID().toString())).then().statusCode(404);
    }

    @Test
    void aRatingIsReadOnlyThroughItsOwnSession() {
        Answered a = answered();
        Answered other = answered();
        String id = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up"), 201).path("id");
        given().header("Authorization", API_KEY).get(feedback(other.sessionId()) + "/" + id).then().statusCode(404);
        given().header("Authorization", API_KEY).get(feedback(a.sessionId()) + "/x").then().statusCode(400)
                .body("errors[0].field", equalTo("feedbackId"));
    }

    @Test
    void racingFirstRatingsOfOneAnswerKeepOneRating() throws Exception {
        Answered a = answered();
        List<ExtractableResponse<Response>> responses = concurrently(8,
                () -> json().body(Map.of("messageId", a.messageId(), "rating", "up")).post(feedback(a.sessionId()))
                        .then().extract());
        assertThat(responses).extracting(ExtractableResponse::statusCode).containsOnly(201, 200)
                .filteredOn(status -> status == 201).hasSize(1);
        assertThat(responses).extracting(r -> r.path("id")).containsOnly(list(a.sessionId()).getString("items[0].id"));
        assertThat(list(a.sessionId()).getList("items")).hasSize(1);
    }

    @Test
    void deletingTheSessionDeletesItsRatings() {
        Answered a = answered();
        String id = rate(a.sessionId(), Map.of("messageId", a.messageId(), "rating", "up"), 201).path("id");
        json().body(Map.of("reason", "user_requested")).post(SESSIONS + "/" + a.sessionId() + "/handover").then()
                .statusCode(201);
        given().delete(SESSIONS + "/" + a.sessionId()).then().statusCode(204);
        MessageFeedback gone = QuarkusTransaction.requiringNew()
                .call(() -> MessageFeedback.findById(UUID.fromString(id)));
        assertThat(gone).isNull();
    }
}

package io.nexuschat.answer.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nexuschat.answer.AnswerException;
import io.nexuschat.conversation.SseEvents;
import io.nexuschat.relay.RelayTestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The {@code http} engine end to end: queries to the real API answered by a real local bot ({@link TestBot}) that
 * verifies our signature — JSON and streamed answers, every session directive, and every way a bot can fail.
 */
@QuarkusTest
@TestProfile(BotProfile.class)
class HttpBotEngineTest {

    private static final String QUERY = "/api/v2/query";
    private static final String SESSIONS = "/api/v2/sessions";
    private static final String API_KEY = "Bearer test-api-key";

    @Inject
    MeterRegistry meters;

    @Inject
    RelayTestDatabase relay;

    private static TestBot bot() {
        return BotProfile.bot;
    }

    private static Map<String, Object> query(String sessionId, String text) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "bot", "text", text, "queryId",
                UUID.randomUUID().toString()));
        if (sessionId != null) {
            body.put("sessionId", sessionId);
        }
        return body;
    }

    private static SseEvents stream(Map<String, Object> body) {
        return SseEvents.parse(given().contentType(ContentType.JSON).accept("text/event-stream").body(body)
                .post(QUERY).then().statusCode(200).contentType(containsString("text/event-stream")).extract()
                .asString());
    }

    private static String newSession(Map<String, Object> metadata) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "bot"));
        if (metadata != null) {
            body.put("metadata", metadata);
        }
        return given().contentType(ContentType.JSON).body(body).post(SESSIONS).then().statusCode(201).extract()
                .path("id");
    }

    private static JsonPath session(String id) {
        return given().header("Authorization", API_KEY).get(SESSIONS + "/" + id).then().statusCode(200).extract()
                .jsonPath();
    }

    private static List<Map<String, Object>> messages(String id) {
        return given().header("Authorization", API_KEY).get(SESSIONS + "/" + id + "/messages").then()
                .statusCode(200).extract().jsonPath().getList("items");
    }

    private double failures(String experience, String reason) {
        Counter counter = meters.find(HttpBotEngine.FAILURES).tags("experience", experience, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private String relayed(String sessionId, String type, String field) {
        String data = relay.sessionEventData(UUID.fromString(sessionId), type);
        assertThat(data).as("%s of %s in the outbox", type, sessionId).isNotNull();
        return JsonPath.from(data).getString(field);
    }

    // ---------------------------------------------------------------- answers

    @Test
    void aJsonAnswerIsSignedCarriesTheQueryAndItsSessionAndIsStored() {
        String sessionId = newSession(Map.of("plan", "free"));
        for (String earlier : List.of("one", "two")) {
            stream(query(sessionId, earlier));
        }
        Map<String, Object> body = query(sessionId, "How do I reset my password?");
        SseEvents events = stream(body);

        assertThat(events.names()).containsExactly("chunk", "complete");
        String expected = "Bot heard: How do I reset my password? (history 3)";
        assertThat(events.first("chunk").json().getString("chunk")).isEqualTo(expected);
        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("answer")).isEqualTo(expected);
        assertThat(complete.getString("sessionId")).isEqualTo(sessionId);
        assertThat(complete.getString("answerHtml")).contains("Bot heard");

        List<TestBot.Received> calls = bot().forQuery((String) body.get("queryId"));
        assertThat(calls).hasSize(1);
        TestBot.Received call = calls.get(0);
        assertThat(call.verified()).as("the bot verified our Standard Webhooks signature").isTrue();
        assertThat(call.id()).startsWith("msg_");
        assertThat(Long.parseLong(call.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(call.token()).isEqualTo(TestBot.TOKEN);
        JsonPath sent = JsonPath.from(call.body().toString());
        assertThat(sent.getString("experienceId")).isEqualTo("bot");
        assertThat(sent.getString("sessionId")).isEqualTo(sessionId);
        assertThat(sent.getString("queryId")).isEqualTo(body.get("queryId"));
        assertThat(sent.getString("text")).isEqualTo("How do I reset my password?");
        assertThat(sent.getBoolean("carried")).isFalse();
        assertThat(call.body().has("userId")).isFalse();
        assertThat(sent.getMap("metadata")).isEqualTo(Map.of("plan", "free"));
        // Bounded to the experience's historyMessages (3) of the four earlier messages, oldest first.
        assertThat(sent.getList("history.role")).containsExactly("assistant", "user", "assistant");
        assertThat(sent.getList("history.text", String.class).get(1)).isEqualTo("two");
        assertThat(Instant.parse(sent.getString("history[0].createdAt"))).isBefore(Instant.now());
        assertThat(sent.getInt("session.messageCount")).isEqualTo(5);
        assertThat(Instant.parse(sent.getString("session.createdAt")))
                .isBeforeOrEqualTo(Instant.parse(sent.getString("session.lastActivityAt")));

        List<Map<String, Object>> stored = messages(sessionId);
        assertThat(stored).hasSize(6);
        assertThat(stored.get(5)).containsEntry("role", "assistant").containsEntry("text", expected);
    }

    @Test
    void aBotBoundToAUserReceivesTheUserId() {
        Map<String, Object> body = query(null, "Who am I?");
        body.put("userId", "user-42");
        stream(body);
        assertThat(bot().forQuery((String) body.get("queryId")).get(0).body().path("userId").asText())
                .isEqualTo("user-42");
    }

    @Test
    void aServerSentEventsAnswerIsRelayedChunkByChunk() {
        Map<String, Object> body = query(null, "#sse please");
        SseEvents events = stream(body);

        assertThat(events.names()).containsExactly("session", "chunk", "chunk", "chunk", "complete");
        assertThat(events.all("chunk").stream().map(e -> e.json().getString("chunk")))
                .containsExactly("Streamed ", "**answer**", " for you.");
        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("answer")).isEqualTo("Streamed **answer** for you.");
        assertThat(complete.getString("answerHtml")).contains("<strong>answer</strong>");
        assertThat(complete.getList("actions.id")).containsExactly("human");
        assertThat(complete.getString("actions[0].action.type")).isEqualTo("trigger_handover");
        assertThat(bot().forQuery((String) body.get("queryId")).get(0).verified()).isTrue();
    }

    @Test
    void anNdjsonAnswerIsRelayedLineByLineWithItsDirective() {
        String sessionId = newSession(null);
        SseEvents events = stream(query(sessionId, "#ndjson"));

        assertThat(events.names()).containsExactly("chunk", "chunk", "complete");
        assertThat(events.first("complete").json().getString("answer")).isEqualTo("Line by line.");
        assertThat(session(sessionId).getMap("metadata")).isEqualTo(Map.of("via", "ndjson"));
    }

    // ---------------------------------------------------------------- directives

    @Test
    void stopDeliversTheAnswerThenEndsTheSessionAndTheNextMessageOpensANewOne() {
        String sessionId = newSession(null);
        SseEvents events = stream(query(sessionId, "#stop-resolved Thanks, that fixed it"));

        assertThat(events.names()).containsExactly("chunk", "complete", "session");
        assertThat(events.first("complete").json().getString("answer")).isEqualTo("Glad I could help.");
        JsonPath after = events.first("session").json();
        assertThat(after.getString("previousSessionId")).isEqualTo(sessionId);
        assertThat(after.getString("sessionId")).isNull();
        assertThat(after.getString("reason")).isEqualTo("resolved");
        JsonPath ended = session(sessionId);
        assertThat(ended.getString("status")).isEqualTo("completed");
        assertThat(ended.getString("endReason")).isEqualTo("resolved");
        assertThat(ended.getInt("messageCount")).isEqualTo(2);
        assertThat(relayed(sessionId, "session.ended", "endReason")).isEqualTo("resolved");

        SseEvents next = stream(query(sessionId, "One more question"));
        JsonPath rollover = next.first("session").json();
        assertThat(rollover.getString("previousSessionId")).isEqualTo(sessionId);
        assertThat(rollover.getString("reason")).isEqualTo("resolved");
        assertThat(next.first("complete").json().getString("sessionId"))
                .isEqualTo(rollover.getString("sessionId")).isNotEqualTo(sessionId);
    }

    @Test
    void aStreamedStopEndsTheSessionWithTheDefaultReason() {
        String sessionId = newSession(null);
        SseEvents events = stream(query(sessionId, "#sse-stop"));

        assertThat(events.names()).containsExactly("chunk", "chunk", "complete", "session");
        assertThat(events.first("session").json().getString("reason")).isEqualTo("ended");
        assertThat(session(sessionId).getString("endReason")).isEqualTo("ended");
    }

    @Test
    void newWithoutCarryAnswersHereThenStartsTheNextSessionAtOnce() {
        String sessionId = newSession(Map.of("plan", "pro"));
        SseEvents events = stream(query(sessionId, "#new"));

        assertThat(events.names()).containsExactly("chunk", "complete", "session");
        assertThat(events.first("complete").json().getString("sessionId")).isEqualTo(sessionId);
        JsonPath after = events.first("session").json();
        assertThat(after.getString("previousSessionId")).isEqualTo(sessionId);
        assertThat(after.getString("reason")).isEqualTo("bot");
        String next = after.getString("sessionId");

        JsonPath ended = session(sessionId);
        assertThat(ended.getString("status")).isEqualTo("completed");
        assertThat(ended.getString("endReason")).isEqualTo("bot");
        JsonPath started = session(next);
        assertThat(started.getString("status")).isEqualTo("active");
        assertThat(started.getString("previousSessionId")).isEqualTo(sessionId);
        assertThat(started.getInt("messageCount")).isZero();
        assertThat(started.getMap("metadata")).isEqualTo(Map.of("plan", "pro"));
        // The relay tells the integrator's webhooks why.
        assertThat(relayed(sessionId, "session.ended", "endReason")).isEqualTo("bot");
        assertThat(relayed(next, "session.created", "previousSessionId")).isEqualTo(sessionId);
        assertThat(relayed(next, "session.created", "previousEndReason")).isEqualTo("bot");

        // The next message goes to the new session as it is: no rollover.
        SseEvents then = stream(query(next, "Hello again"));
        assertThat(then.names()).containsExactly("chunk", "complete");
        assertThat(then.first("complete").json().getString("sessionId")).isEqualTo(next);
    }

    @Test
    void newWithCarryAnswersTheSameMessageOnceInTheNewSession() {
        String sessionId = newSession(Map.of("plan", "pro"));
        stream(query(sessionId, "an earlier message"));
        Map<String, Object> body = query(sessionId, "#new-carry I want to start over");
        SseEvents events = stream(body);

        assertThat(events.names()).containsExactly("session", "chunk", "complete");
        JsonPath carried = events.first("session").json();
        assertThat(carried.getString("previousSessionId")).isEqualTo(sessionId);
        assertThat(carried.getString("reason")).isEqualTo("bot");
        String next = carried.getString("sessionId");
        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("sessionId")).isEqualTo(next);
        assertThat(complete.getString("answer")).isEqualTo("Answered in the new session " + next + " (history 0)");

        List<TestBot.Received> calls = bot().forQuery((String) body.get("queryId"));
        assertThat(calls).as("the bot is asked again once, in the new session").hasSize(2);
        assertThat(calls).allMatch(TestBot.Received::verified);
        assertThat(calls.get(0).sessionId()).isEqualTo(sessionId);
        assertThat(calls.get(0).carried()).isFalse();
        assertThat(calls.get(1).sessionId()).isEqualTo(next);
        assertThat(calls.get(1).carried()).isTrue();
        assertThat(calls.get(1).body().path("session").path("previousSessionId").asText()).isEqualTo(sessionId);
        assertThat(calls.get(1).body().path("session").path("messageCount").asInt()).isEqualTo(1);
        assertThat(calls.get(1).text()).isEqualTo("#new-carry I want to start over");

        // The message was asked in the ended session (unanswered there) and is answered in the new one.
        assertThat(session(sessionId).getString("endReason")).isEqualTo("bot");
        assertThat(messages(sessionId)).extracting(m -> m.get("role")).containsExactly("user", "assistant", "user");
        assertThat(messages(next)).extracting(m -> m.get("role")).containsExactly("user", "assistant");
        // The directive's metadata went to the ended session, and the new one continues it.
        assertThat(session(sessionId).getMap("metadata")).isEqualTo(Map.of("plan", "pro", "topic", "fresh"));
        assertThat(session(next).getMap("metadata")).isEqualTo(Map.of("plan", "pro", "topic", "fresh"));
        assertThat(relayed(next, "session.created", "previousEndReason")).isEqualTo("bot");

        // A retry of the same query (the widget may still hold the ended session's id) replays the stored answer.
        SseEvents retry = stream(body);
        assertThat(retry.names()).containsExactly("session", "chunk", "complete");
        assertThat(retry.first("session").json().getString("sessionId")).isEqualTo(next);
        assertThat(retry.first("complete").json().getString("messageId")).isEqualTo(complete.getString("messageId"));
        assertThat(bot().forQuery((String) body.get("queryId"))).hasSize(2);
    }

    @Test
    void aBotAskingForANewSessionAgainForTheCarriedMessageDoesNotLoop() {
        String sessionId = newSession(null);
        Map<String, Object> body = query(sessionId, "#new-carry-again");
        SseEvents events = stream(body);

        assertThat(events.names()).containsExactly("session", "chunk", "complete");
        String next = events.first("session").json().getString("sessionId");
        assertThat(events.first("complete").json().getString("answer")).isEqualTo("Still here.");
        assertThat(bot().forQuery((String) body.get("queryId"))).hasSize(2);
        assertThat(session(next).getString("status")).isEqualTo("active");
        assertThat(session(next).getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void aStreamedCarryDropsWhatStreamedAndAnswersInTheNewSession() {
        String sessionId = newSession(null);
        SseEvents events = stream(query(sessionId, "#sse-new-carry"));

        assertThat(events.names()).containsExactly("chunk", "session", "chunk", "chunk", "complete");
        assertThat(events.first("chunk").json().getString("chunk")).isEqualTo("Let me ");
        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("answer")).isEqualTo("Fresh start.");
        assertThat(complete.getString("sessionId")).isEqualTo(events.first("session").json().getString("sessionId"));
    }

    @Test
    void metadataIsShallowMergedIntoTheSessionAndRelayedAsSessionUpdated() {
        String sessionId = newSession(Map.of("drop", "me", "keep", "this"));
        SseEvents events = stream(query(sessionId, "#meta"));

        assertThat(events.names()).containsExactly("chunk", "complete");
        JsonPath session = session(sessionId);
        assertThat(session.getMap("metadata")).isEqualTo(Map.of("keep", "this", "plan", "pro"));
        assertThat(session.getString("status")).isEqualTo("active");
        assertThat(relay.countSessionEvents(UUID.fromString(sessionId), "session.updated")).isEqualTo(1);
        assertThat(relayed(sessionId, "session.updated", "metadata.plan")).isEqualTo("pro");
    }

    @Test
    void theJsonApiReportsTheSessionChangeAfterTheAnswer() {
        String sessionId = newSession(null);
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(query(sessionId, "#stop")).post(QUERY)
                .then().statusCode(200).body("answer", equalTo("Goodbye.")).body("sessionId", equalTo(sessionId))
                .body("session", nullValue()).body("sessionAfter.previousSessionId", equalTo(sessionId))
                .body("sessionAfter.sessionId", nullValue()).body("sessionAfter.reason", equalTo("ended"));

        String other = newSession(null);
        JsonPath carried = given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(query(other, "#new-carry")).post(QUERY).then().statusCode(200).extract().jsonPath();
        assertThat(carried.getString("session.previousSessionId")).isEqualTo(other);
        assertThat(carried.getString("session.reason")).isEqualTo("bot");
        assertThat(carried.getString("sessionId")).isEqualTo(carried.getString("session.sessionId"));
        assertThat(carried.getString("sessionAfter")).isNull();
    }

    // ---------------------------------------------------------------- failures

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "#slow, timeout",
            "#stall, timeout",
            "#500, status",
            "#malformed, malformed",
            "#no-answer, malformed",
            "#html, malformed",
            "#unknown-directive, directive",
            "#huge, too_large",
            "#huge-stream, too_large",
            "#early, ended_early"})
    void aFailingBotGivesANotAvailableAnswerAndKeepsTheMessage(String command, String reason) {
        String sessionId = newSession(null);
        double before = failures("bot", reason);
        long started = System.nanoTime();
        SseEvents events = stream(query(sessionId, command + " anyone there?"));

        assertThat(events.names()).doesNotContain("complete").endsWith("error");
        JsonPath error = events.first("error").json();
        assertThat(error.getString("type")).isEqualTo("backend");
        assertThat(error.getString("message")).isEqualTo(AnswerException.UNAVAILABLE);
        // Never a hung stream: the bot's own timeout (2 s) ends it, long before the answer timeout.
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(TestBot.STALL_MILLIS + 2_000);
        assertThat(failures("bot", reason)).isEqualTo(before + 1);
        // The visitor's message is stored; no answer is.
        assertThat(messages(sessionId)).extracting(m -> m.get("role")).containsExactly("user");
        assertThat(session(sessionId).getString("status")).isEqualTo("active");
    }

    @Test
    void aFailingBotIsABadGatewayForTheJsonApi() {
        given().contentType(ContentType.JSON).accept(ContentType.JSON).body(query(null, "#500")).post(QUERY).then()
                .statusCode(502).body("type", containsString("answer-failed"))
                .body("detail", equalTo(AnswerException.UNAVAILABLE));
    }

    @Test
    void aBotThatIsNotRunningIsUnreachable() {
        double before = failures("bot-down", "unreachable");
        SseEvents events = stream(new HashMap<>(Map.of("experienceId", "bot-down", "text", "Hello?")));

        assertThat(events.names()).containsExactly("session", "error");
        assertThat(events.first("error").json().getString("type")).isEqualTo("backend");
        assertThat(failures("bot-down", "unreachable")).isEqualTo(before + 1);
    }

    @Test
    void aBotWhoseSecretIsNotSetIsNeverCalledAndCounted() {
        double before = failures("bot-unset", "misconfigured");
        int calls = bot().received().size();
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "bot-unset", "text", "Hello?"));
        SseEvents events = stream(body);

        assertThat(events.names()).containsExactly("session", "error");
        assertThat(events.first("error").json().getString("message")).isEqualTo(AnswerException.UNAVAILABLE);
        assertThat(failures("bot-unset", "misconfigured")).isEqualTo(before + 1);
        assertThat(bot().received()).hasSize(calls);
    }

    // ---------------------------------------------------------------- widget start

    @Test
    void initGivesTheWidgetTheSessionRulesAndTheDividerWords() {
        given().contentType(ContentType.JSON).body(Map.of("experienceId", "bot", "locale", "de")).post(
                "/api/v2/widget/init").then().statusCode(200)
                .body("experience.session.newSessionOnEvent", equalTo(List.of("start-over", "topic_changed")))
                .body("labels.newConversation", equalTo("Neue Unterhaltung"))
                .body("labels.conversationEnded", equalTo("Unterhaltung beendet"))
                .body("labels.unavailable", containsString("nicht verfügbar"));
        given().contentType(ContentType.JSON).body(Map.of("experienceId", "bot-unset")).post("/api/v2/widget/init")
                .then().statusCode(200).body("experience.session", nullValue());
    }
}

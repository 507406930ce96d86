package io.nexuschat.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nexuschat.AdjustableClock;
import io.nexuschat.answer.MarkdownRenderer;
import io.nexuschat.answer.ScriptedAnswerEngine;
import io.nexuschat.common.Caller;
import io.nexuschat.common.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class QueryResourceTest {

    private static final String QUERY = "/api/v2/query";
    private static final String SESSIONS = "/api/v2/sessions";

    @TestHTTPResource("/")
    URL server;

    @Inject
    AdjustableClock clock;

    @Inject
    MarkdownRenderer renderer;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static RequestSpecification asJson() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Map<String, Object> query(String text, Object... more) {
        Map<String, Object> body = new HashMap<>(Map.of("experienceId", "scripted", "text", text));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    private static JsonPath ask(Map<String, Object> body) {
        return asJson().body(body).post(QUERY).then().statusCode(200).contentType(ContentType.JSON).extract()
                .jsonPath();
    }

    private static SseEvents stream(Map<String, Object> body) {
        String text = given().contentType(ContentType.JSON).accept("text/event-stream").body(body).post(QUERY).then()
                .statusCode(200).contentType(containsString("text/event-stream")).extract().asString();
        return SseEvents.parse(text);
    }

    private static JsonPath session(String id) {
        return given().header("Authorization", "Bearer test-api-key").get(SESSIONS + "/" + id).then()
                .statusCode(200).extract().jsonPath();
    }

    private static JsonPath messages(String id) {
        return given().header("Authorization", "Bearer test-api-key").get(SESSIONS + "/" + id + "/messages").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void streamSendsSessionThenEveryChunkInOrderThenComplete() {
        SseEvents events = stream(query("hello there", "queryId", "q-1"));
        assertThat(events.names()).containsExactly("session", "chunk", "chunk", "chunk", "chunk", "chunk",
                "complete");
        JsonPath session = events.first("session").json();
        assertThat(session.getString("reason")).isEqualTo("created");
        assertThat(session.getString("previousSessionId")).isNull();
        assertThat(session.getMap("$")).containsKey("previousSessionId");

        List<String> chunks = events.all("chunk").stream().map(e -> e.json().getString("chunk")).toList();
        assertThat(chunks).isEqualTo(ScriptedAnswerEngine.chunks("hello there", 0));
        assertThat(events.all("chunk")).allSatisfy(e -> assertThat(e.json().getString("queryId")).isEqualTo("q-1"));

        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("answer")).isEqualTo(String.join("", chunks));
        assertThat(complete.getString("answerHtml")).isEqualTo(renderer.toSafeHtml(complete.getString("answer")));
        assertThat(complete.getString("queryId")).isEqualTo("q-1");
        assertThat(complete.getString("sessionId")).isEqualTo(session.getString("sessionId"));
        assertThat(complete.getLong("duration")).isNotNegative();
        assertThat(complete.getList("actions")).isEmpty();

        // The question and the answer are stored, the answer under the id the stream announced.
        JsonPath stored = messages(session.getString("sessionId"));
        assertThat(stored.getList("items.role")).containsExactly("user", "assistant");
        assertThat(stored.getString("items[0].text")).isEqualTo("hello there");
        assertThat(stored.getString("items[1].id")).isEqualTo(complete.getString("messageId"));
        assertThat(stored.getString("items[1].text")).isEqualTo(complete.getString("answer"));
        assertThat(stored.getList("items.queryId")).containsOnly("q-1");
    }

    @Test
    void eachSseEventIsOneJsonObjectOnOneDataLine() {
        String raw = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(query("line one\nline two")).post(QUERY).then().statusCode(200).extract().asString();
        for (String block : raw.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            List<String> dataLines = block.lines().filter(l -> l.startsWith("data:")).toList();
            assertThat(dataLines).hasSize(1);
            assertThat(dataLines.getFirst()).startsWith("data:{").endsWith("}");
        }
    }

    @Test
    void continuingASessionSendsNoSessionEventAndUsesTheHistoryAsContext() {
        String id = ask(query("first")).getString("sessionId");
        SseEvents second = stream(query("second", "sessionId", id));
        assertThat(second.names()).doesNotContain("session").endsWith("complete");
        assertThat(second.first("complete").json().getString("answer"))
                .isEqualTo(ScriptedAnswerEngine.answerTo("second", 2));
        JsonPath third = ask(query("third", "sessionId", id));
        assertThat(third.getString("answer")).isEqualTo(ScriptedAnswerEngine.answerTo("third", 4));
        assertThat(third.getMap("$")).doesNotContainKey("session");
        assertThat(session(id).getInt("messageCount")).isEqualTo(6);
    }

    @Test
    void jsonAnswerCarriesTheSameFieldsAsTheStream() {
        JsonPath answer = ask(query("json please", "metadata", Map.of("page", "/docs")));
        assertThat(answer.getString("answer")).isEqualTo(ScriptedAnswerEngine.answerTo("json please", 0));
        assertThat(answer.getString("answerHtml")).isEqualTo(renderer.toSafeHtml(answer.getString("answer")));
        assertThat(answer.getString("queryId")).isNotBlank();
        assertThat(answer.getString("messageId")).isNotBlank();
        assertThat(answer.getLong("duration")).isNotNegative();
        assertThat(answer.getList("actions")).isEmpty();
        assertThat(answer.getString("session.reason")).isEqualTo("created");
        assertThat(answer.getString("session.sessionId")).isEqualTo(answer.getString("sessionId"));
        // A session created by a query takes the query's metadata.
        assertThat(session(answer.getString("sessionId")).getString("metadata.page")).isEqualTo("/docs");
    }

    @Test
    void unknownClientChosenSessionIdIsCreatedOnFirstUse() {
        String id = UUID.randomUUID().toString();
        SseEvents events = stream(query("hi", "sessionId", id, "userId", "carol"));
        JsonPath change = events.first("session").json();
        assertThat(change.getString("sessionId")).isEqualTo(id);
        assertThat(change.getString("reason")).isEqualTo("created");
        assertThat(session(id).getString("userId")).isEqualTo("carol");
        assertThat(session(id).getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void queryToAnExpiredSessionIsAnsweredInANewSessionAndTheMessageKept() {
        String old = asJson().header(Caller.USER_ID_HEADER, "dave")
                .body(Map.of("experienceId", "scripted", "userId", "dave", "name", "Billing", "metadata",
                        Map.of("plan", "pro")))
                .post(SESSIONS).then().statusCode(201).extract().path("id");
        ask(query("before", "sessionId", old, "userId", "dave"));
        clock.advance(Duration.ofSeconds(3601));

        SseEvents events = stream(query("after expiry", "sessionId", old, "userId", "dave"));
        assertThat(events.names().getFirst()).isEqualTo("session");
        JsonPath change = events.first("session").json();
        assertThat(change.getString("previousSessionId")).isEqualTo(old);
        assertThat(change.getString("reason")).isEqualTo("expired");
        String next = change.getString("sessionId");
        assertThat(next).isNotEqualTo(old);
        // A new conversation: no earlier context.
        assertThat(events.first("complete").json().getString("answer"))
                .isEqualTo(ScriptedAnswerEngine.answerTo("after expiry", 0));

        JsonPath fresh = session(next);
        assertThat(fresh.getString("status")).isEqualTo("active");
        assertThat(fresh.getString("userId")).isEqualTo("dave");
        assertThat(fresh.getString("name")).isEqualTo("Billing");
        assertThat(fresh.getString("metadata.plan")).isEqualTo("pro");
        assertThat(fresh.getString("previousSessionId")).isEqualTo(old);
        assertThat(messages(next).getList("items.text", String.class)).first().isEqualTo("after expiry");
        JsonPath ended = session(old);
        assertThat(ended.getString("status")).isEqualTo("expired");
        assertThat(ended.getInt("messageCount")).isEqualTo(2);
    }

    @Test
    void queryToAClearedSessionOpensANewOneWithReasonCleared() {
        String old = ask(query("hello")).getString("sessionId");
        given().post(SESSIONS + "/" + old + "/clear").then().statusCode(200);
        JsonPath answer = ask(query("again", "sessionId", old));
        assertThat(answer.getString("session.previousSessionId")).isEqualTo(old);
        assertThat(answer.getString("session.reason")).isEqualTo("cleared");
        assertThat(answer.getString("sessionId")).isEqualTo(answer.getString("session.sessionId")).isNotEqualTo(old);
        assertThat(answer.getString("answer")).isEqualTo(ScriptedAnswerEngine.answerTo("again", 0));
    }

    @Test
    void queryToAnEndedOrResolvedSessionGivesThatReason() {
        String old = ask(query("hello")).getString("sessionId");
        given().contentType(ContentType.JSON).body(Map.of("status", "completed", "endReason", "resolved"))
                .patch(SESSIONS + "/" + old).then().statusCode(200);
        assertThat(ask(query("again", "sessionId", old)).getString("session.reason")).isEqualTo("resolved");
    }

    @Test
    void queryToAnIdleSessionOpensANewOneWithReasonInactivity() {
        String old = ask(query("hello", "experienceId", "scripted-idle")).getString("sessionId");
        clock.advance(Duration.ofSeconds(301));
        JsonPath change = stream(query("back", "experienceId", "scripted-idle", "sessionId", old)).first("session")
                .json();
        assertThat(change.getString("previousSessionId")).isEqualTo(old);
        assertThat(change.getString("reason")).isEqualTo("inactivity");
    }

    @Test
    void queryForASessionOfAnotherExperienceIsAConflict() {
        String id = ask(query("hello")).getString("sessionId");
        asJson().body(query("hi", "experienceId", "scripted-idle", "sessionId", id)).post(QUERY).then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void engineFailureStreamsAnErrorAndKeepsTheUsersMessage() {
        SseEvents events = stream(query("please #fail", "queryId", "q-fail"));
        assertThat(events.names()).containsExactly("session", "chunk", "error");
        JsonPath error = events.first("error").json();
        assertThat(error.getString("type")).isEqualTo("backend");
        assertThat(error.getString("message")).isEqualTo("Scripted failure");
        assertThat(error.getString("queryId")).isEqualTo("q-fail");
        String id = events.first("session").json().getString("sessionId");
        JsonPath stored = messages(id);
        assertThat(stored.getList("items.role")).containsExactly("user");
        assertThat(stored.getString("items[0].text")).isEqualTo("please #fail");
    }

    @Test
    void engineFailureAsJsonIsA502ProblemAndKeepsTheUsersMessage() {
        String id = UUID.randomUUID().toString();
        asJson().body(query("please #fail", "sessionId", id)).post(QUERY).then().statusCode(502)
                .contentType("application/problem+json").body("type", equalTo("urn:nexus-chat:problem:answer-failed"))
                .body("detail", equalTo("Scripted failure"));
        assertThat(messages(id).getList("items.text")).containsExactly("please #fail");
    }

    @Test
    void engineThatTakesTooLongEndsWithATimeoutError() {
        SseEvents events = stream(query("slow #hang"));
        assertThat(events.names()).containsExactly("session", "chunk", "error");
        assertThat(events.first("error").json().getString("type")).isEqualTo("timeout");
        String id = events.first("session").json().getString("sessionId");
        assertThat(messages(id).getList("items.role")).containsExactly("user");
    }

    @Test
    void answerHtmlIsTheRenderersSanitizedOutputEvenForHostileMarkdown() {
        SseEvents events = stream(query("#hostile"));
        JsonPath complete = events.first("complete").json();
        assertThat(complete.getString("answer")).isEqualTo(ScriptedAnswerEngine.HOSTILE);
        String html = complete.getString("answerHtml");
        assertThat(html).isEqualTo(renderer.toSafeHtml(ScriptedAnswerEngine.HOSTILE));
        assertThat(html).doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)<iframe")
                .doesNotContainPattern("(?i)<[^>]*\\son\\w+\\s*=")
                .doesNotContainPattern("(?i)<[^>]*(href|src)\\s*=\\s*[\"']?\\s*(javascript|data):");
        assertThat(ask(query("#hostile")).getString("answerHtml")).isEqualTo(html);
        String id = events.first("session").json().getString("sessionId");
        assertThat(messages(id).getString("items[1].html")).isEqualTo(html);
    }

    @Test
    void userMessagesAreStoredWithRenderedHtmlToo() {
        String text = "<b onmouseover=alert(1)>bold</b> *em*";
        String id = ask(query(text)).getString("sessionId");
        JsonPath stored = messages(id);
        assertThat(stored.getString("items[0].text")).isEqualTo(text);
        assertThat(stored.getString("items[0].html")).isEqualTo(renderer.toSafeHtml(text));
    }

    @Test
    void actionsOfferedWithAnAnswerAreSentAndStored() {
        JsonPath complete = stream(query("need a human #handover")).first("complete").json();
        assertThat(complete.getString("actions[0].id")).isEqualTo("handover");
        assertThat(complete.getString("actions[0].action.type")).isEqualTo("trigger_handover");
        String id = complete.getString("sessionId");
        assertThat(messages(id).getString("items[1].actions[0].label")).isEqualTo("Talk to a person");
    }

    @Test
    void textIsTrimmedAndMayBe4000Characters() {
        JsonPath answer = ask(query("  " + "a".repeat(4000) + "\n "));
        assertThat(messages(answer.getString("sessionId")).getString("items[0].text")).hasSize(4000);
    }

    @Test
    void badQueriesAre400WithTheFieldNamed() {
        asJson().body(query("")).post(QUERY).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
        asJson().body(query(" \n\t ")).post(QUERY).then().statusCode(400).body("errors[0].field", equalTo("text"));
        asJson().body(query("a".repeat(4001))).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("text")).body("errors[0].message", containsString("4000"));
        asJson().body(Map.of("experienceId", "scripted")).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("text"));
        asJson().body(query("hi", "sessionId", "123")).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("sessionId"));
        asJson().body(query("hi", "experienceId", "nope")).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("experienceId"));
        asJson().body(Map.of("text", "hi")).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("experienceId"));
        asJson().body(query("hi", "queryId", "q".repeat(101))).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("queryId"));
        asJson().body(query("hi", "userId", "u".repeat(201))).post(QUERY).then().statusCode(400)
                .body("errors[0].field", equalTo("userId"));
        asJson().body(Map.of("experienceId", "scripted", "text", "", "sessionId", "x")).post(QUERY).then()
                .statusCode(400).body("errors.field", hasItems("text", "sessionId"));
    }

    /** A queryId is logged and echoed: line breaks, controls and markup could forge log lines or confuse readers. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"q\n12:00:00 ERROR [forged] admin logged in", "q\r\nx",
            "q\u001b[31m", "q 1", "", " ", "q/1", "<script>", "q\u2028x", "🙂", "q;DROP"})
    void queryIdsOutsideLettersDigitsAndDotUnderscoreColonDashAreRefused(String queryId) {
        asJson().body(query("hi", "queryId", queryId)).post(QUERY).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("queryId"))
                .body("errors[0].message", equalTo("must be 1 to 100 letters, digits, '.', '_', ':' or '-'"));
    }

    /** NUL is refused while the JSON is read, in every string field (PostgreSQL text cannot hold it). */
    @Test
    void aQueryIdWithANulCharacterIsRefused() {
        asJson().body(query("hi", "queryId", "q\u0000")).post(QUERY).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("queryId"))
                .body("errors[0].message", equalTo("must be text without the NUL character (U+0000)"));
    }

    @Test
    void uuidAndDottedQueryIdsAreAccepted() {
        String uuid = UUID.randomUUID().toString();
        assertThat(ask(query("hi", "queryId", uuid)).getString("queryId")).isEqualTo(uuid);
        assertThat(ask(query("hi", "queryId", "app:v2.q_1-A")).getString("queryId")).isEqualTo("app:v2.q_1-A");
    }

    @Test
    void malformedBodiesAreProblemsNeverStackTraces() {
        asJson().body("{\"experienceId\":\"scripted\",\"text\":").post(QUERY).then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("urn:nexus-chat:problem:malformed-json"))
                .body("detail", org.hamcrest.Matchers.not(containsString("at io.")));
        asJson().body("{\"experienceId\":\"scripted\",\"text\":\"hi\",\"metadata\":[1]}").post(QUERY).then()
                .statusCode(400).body("errors[0].field", equalTo("metadata"));
        given().contentType(ContentType.TEXT).accept(ContentType.JSON).body("hello").post(QUERY).then()
                .statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.XML).accept("text/event-stream").body("<q/>").post(QUERY).then()
                .statusCode(415).contentType("application/problem+json");
    }

    @Test
    void bodiesOverTheLimitAre413Problems() throws Exception {
        // Over a raw socket that keeps reading while it writes: the server may answer 413 and close before the whole
        // body is sent, which an HTTP client library reports as a broken pipe.
        RawHttp.Answer query = oversized(QUERY,
                "{\"experienceId\":\"scripted\",\"text\":\"" + "x".repeat(300_000) + "\"}");
        assertThat(query.status()).isEqualTo(413);
        assertThat(query.contentType()).startsWith("application/problem+json");
        JsonPath problem = JsonPath.from(query.body());
        assertThat(problem.getInt("status")).isEqualTo(413);
        assertThat(problem.getString("type")).isEqualTo("urn:nexus-chat:problem:payload-too-large");
        RawHttp.Answer session = oversized(SESSIONS,
                "{\"experienceId\":\"scripted\",\"name\":\"" + "x".repeat(300_000) + "\"}");
        assertThat(session.status()).isEqualTo(413);
        assertThat(session.contentType()).startsWith("application/problem+json");
    }

    private RawHttp.Answer oversized(String path, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(server, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nAccept: application/json\r\nContent-Length: " + body.length + "\r\n", body);
    }

    @Test
    void clientQueryIdIsEchoedAndOtherwiseGenerated() {
        assertThat(ask(query("hi", "queryId", "my-query")).getString("queryId")).isEqualTo("my-query");
        String generated = ask(query("hi")).getString("queryId");
        assertThat(UUID.fromString(generated)).isNotNull();
    }

    @Test
    void shippedDemoExperienceStreamsAnAnswerFromItsEngine() {
        SseEvents events = stream(query("How do I embed the widget on my site?", "experienceId", "demo"));
        assertThat(events.names()).startsWith("session").contains("chunk").endsWith("complete");
        JsonPath complete = events.first("complete").json();
        String chunks = String.join("", events.all("chunk").stream().map(e -> e.json().getString("chunk")).toList());
        assertThat(complete.getString("answer")).isNotBlank().isEqualTo(chunks);
        assertThat(complete.getString("answerHtml")).isEqualTo(renderer.toSafeHtml(complete.getString("answer")));
    }

    @Test
    void withoutAcceptTheAnswerIsJson() {
        given().contentType(ContentType.JSON).body(query("plain")).post(QUERY).then().statusCode(200)
                .contentType(ContentType.JSON).body("answer", equalTo(ScriptedAnswerEngine.answerTo("plain", 0)))
                .body("session.previousSessionId", nullValue());
    }
}

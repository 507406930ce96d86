package io.nexuschat.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.AdjustableClock;
import io.nexuschat.answer.ScriptedAnswerEngine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The widget retries a streamed query that failed before any byte arrived, with the same {@code queryId}: the server
 * stores the visitor's message once and the query's answer once.
 */
@QuarkusTest
class QueryRetryTest {

    private static final String QUERY = "/api/v2/query";
    private static final String SESSIONS = "/api/v2/sessions";
    private static final String API_KEY = "Bearer test-api-key";

    @Inject
    AdjustableClock clock;

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource(QUERY)
    URI queryUri;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static RequestSpecification asJson() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    private static Map<String, Object> query(String sessionId, String queryId, String text, Object... more) {
        Map<String, Object> body = new HashMap<>(
                Map.of("experienceId", "scripted", "sessionId", sessionId, "queryId", queryId, "text", text));
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    private static JsonPath ask(Map<String, Object> body) {
        return asJson().body(body).post(QUERY).then().statusCode(200).extract().jsonPath();
    }

    private static SseEvents stream(Map<String, Object> body) {
        return SseEvents.parse(given().contentType(ContentType.JSON).accept("text/event-stream").body(body)
                .post(QUERY).then().statusCode(200).extract().asString());
    }

    private static String newSession() {
        return asJson().body(Map.of("experienceId", "scripted")).post(SESSIONS).then().statusCode(201).extract()
                .path("id");
    }

    private static JsonPath messages(String sessionId) {
        return given().header("Authorization", API_KEY).get(SESSIONS + "/" + sessionId + "/messages").then()
                .statusCode(200).extract().jsonPath();
    }

    private static int messageCount(String sessionId) {
        return given().header("Authorization", API_KEY).get(SESSIONS + "/" + sessionId).then().statusCode(200)
                .extract().path("messageCount");
    }

    @Test
    void retryOfAnAnsweredQueryStreamsTheStoredAnswerAgainWithoutAskingTheEngine() {
        String session = newSession();
        JsonPath first = ask(query(session, "q-answered", "hello"));

        SseEvents retry = stream(query(session, "q-answered", "hello"));
        // The engine streams five chunks; the stored answer comes back as one.
        assertThat(retry.names()).containsExactly("chunk", "complete");
        assertThat(retry.first("chunk").json().getString("chunk")).isEqualTo(first.getString("answer"));
        assertThat(retry.first("chunk").json().getString("queryId")).isEqualTo("q-answered");
        JsonPath complete = retry.first("complete").json();
        assertThat(complete.getString("messageId")).isEqualTo(first.getString("messageId"));
        assertThat(complete.getString("answer")).isEqualTo(first.getString("answer"));
        assertThat(complete.getString("answerHtml")).isEqualTo(first.getString("answerHtml"));
        assertThat(complete.getString("sessionId")).isEqualTo(session);
        assertThat(messages(session).getList("items.role")).containsExactly("user", "assistant");
    }

    @Test
    void retryAsJsonAnswersTheSameMessage() {
        String session = newSession();
        JsonPath first = ask(query(session, "q-json", "hello"));
        JsonPath again = ask(query(session, "q-json", "hello"));
        assertThat(again.getString("messageId")).isEqualTo(first.getString("messageId"));
        assertThat(again.getString("answer")).isEqualTo(first.getString("answer"));
        assertThat(messageCount(session)).isEqualTo(2);
    }

    @Test
    void retryOfTheQueryThatCreatedItsSessionAnnouncesTheSessionAgain() {
        String session = UUID.randomUUID().toString();
        SseEvents first = stream(query(session, "q-created", "first words"));
        SseEvents retry = stream(query(session, "q-created", "first words"));
        assertThat(retry.names()).containsExactly("session", "chunk", "complete");
        assertThat(retry.first("session").data()).isEqualTo(first.first("session").data());
        assertThat(retry.first("session").json().getString("reason")).isEqualTo("created");
        assertThat(retry.first("complete").json().getString("messageId"))
                .isEqualTo(first.first("complete").json().getString("messageId"));
        assertThat(messageCount(session)).isEqualTo(2);
    }

    @Test
    void retryAfterAFailedAnswerAnswersOnceMoreAndKeepsOneUserMessage() {
        String session = newSession();
        SseEvents failed = stream(query(session, "q-flaky", "try #flaky"));
        assertThat(failed.names()).containsExactly("error");
        assertThat(messages(session).getList("items.role")).containsExactly("user");

        SseEvents retry = stream(query(session, "q-flaky", "try #flaky"));
        assertThat(retry.all("chunk")).hasSize(5);
        // The context is what came before the message: not the message itself, not a copy of it.
        assertThat(retry.first("complete").json().getString("answer"))
                .isEqualTo(ScriptedAnswerEngine.answerTo("try #flaky", 0));
        JsonPath stored = messages(session);
        assertThat(stored.getList("items.role")).containsExactly("user", "assistant");
        assertThat(stored.getString("items[1].id")).isEqualTo(retry.first("complete").json().getString("messageId"));
    }

    @Test
    void retryOfAQueryInTheMiddleOfAConversationUsesTheEarlierMessagesAsContext() {
        String session = newSession();
        ask(query(session, "q-1", "one"));
        assertThat(stream(query(session, "q-2", "two #flaky")).names()).containsExactly("error");
        JsonPath answer = ask(query(session, "q-2", "two #flaky"));
        assertThat(answer.getString("answer")).isEqualTo(ScriptedAnswerEngine.answerTo("two #flaky", 2));
        assertThat(messages(session).getList("items.text", String.class)).hasSize(4).element(2)
                .isEqualTo("two #flaky");
    }

    @Test
    void retryWhileTheFirstDeliveryIsStillAnsweringKeepsOneQuestionAndOneAnswer() throws Exception {
        String session = newSession();
        Map<String, Object> body = query(session, "q-busy", "slowly #paced");
        HttpResponse<Stream<String>> firstDelivery = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(queryUri).header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofLines());
        Iterator<String> firstLines = firstDelivery.body().iterator();
        // Once the first chunk is here, the first delivery is answering (four more chunks, 200 ms apart).
        assertThat(nextData(firstLines)).contains("\"chunk\"");

        SseEvents retry = stream(body);
        assertThat(retry.all("chunk")).as("the engine answers the retry").hasSize(5);
        String firstComplete = null;
        for (String data = nextData(firstLines); data != null; data = nextData(firstLines)) {
            firstComplete = data;
        }
        assertThat(firstComplete).isNotNull();
        String firstMessageId = JsonPath.from(firstComplete).getString("messageId");
        assertThat(retry.first("complete").json().getString("messageId")).isEqualTo(firstMessageId);
        JsonPath stored = messages(session);
        assertThat(stored.getList("items.role")).containsExactly("user", "assistant");
        assertThat(stored.getString("items[1].id")).isEqualTo(firstMessageId);
    }

    @Test
    void retryUsingTheEndedSessionsIdFindsTheQueryInTheSessionThatReplacedIt() {
        String old = newSession();
        clock.advance(Duration.ofSeconds(3601));
        SseEvents first = stream(query(old, "q-rolled", "after expiry"));
        String next = first.first("session").json().getString("sessionId");
        assertThat(next).isNotEqualTo(old);

        // The first stream (which named the new session) was lost; the widget retries with the id it knows.
        SseEvents retry = stream(query(old, "q-rolled", "after expiry"));
        assertThat(retry.names()).containsExactly("session", "chunk", "complete");
        JsonPath change = retry.first("session").json();
        assertThat(change.getString("previousSessionId")).isEqualTo(old);
        assertThat(change.getString("sessionId")).isEqualTo(next);
        assertThat(change.getString("reason")).isEqualTo("expired");
        JsonPath complete = retry.first("complete").json();
        assertThat(complete.getString("sessionId")).isEqualTo(next);
        assertThat(complete.getString("messageId")).isEqualTo(first.first("complete").json().getString("messageId"));
        assertThat(messageCount(next)).isEqualTo(2);
        assertThat(messageCount(old)).isZero();
    }

    @Test
    void racingDeliveriesOfOneQueryStoreOneQuestionAndOneAnswer() throws Exception {
        String session = UUID.randomUUID().toString();
        Map<String, Object> body = query(session, "q-race", "all at once");
        List<String> messageIds;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<String>> deliveries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                deliveries.add(pool.submit(() -> ask(body).getString("messageId")));
            }
            messageIds = new ArrayList<>();
            for (Future<String> delivery : deliveries) {
                messageIds.add(delivery.get());
            }
        }
        assertThat(messageIds).hasSize(6).containsOnly(messageIds.getFirst());
        assertThat(messages(session).getList("items.role")).containsExactly("user", "assistant");
    }

    @Test
    void sameQueryIdWithAnotherTextIsAConflictAndStoresNothing() {
        String session = newSession();
        ask(query(session, "q-reused", "hello"));
        asJson().body(query(session, "q-reused", "something else")).post(QUERY).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:nexus-chat:problem:conflict"))
                .body("detail", containsString("q-reused"));
        given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(query(session, "q-reused", "something else")).post(QUERY).then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(messageCount(session)).isEqualTo(2);
    }

    @Test
    void sameQueryIdInAnotherSessionIsANewQuery() {
        String one = newSession();
        String two = newSession();
        JsonPath first = ask(query(one, "q-shared", "hello"));
        SseEvents second = stream(query(two, "q-shared", "hello"));
        assertThat(second.all("chunk")).hasSize(5);
        assertThat(second.first("complete").json().getString("messageId")).isNotEqualTo(first.getString("messageId"));
        assertThat(messageCount(one)).isEqualTo(2);
        assertThat(messageCount(two)).isEqualTo(2);
    }

    @Test
    void retryByAnotherUserIsRefusedAndLeaksNoAnswer() {
        String session = UUID.randomUUID().toString();
        ask(query(session, "q-private", "my secret question", "userId", "alice"));
        asJson().body(query(session, "q-private", "my secret question", "userId", "mallory")).post(QUERY).then()
                .statusCode(403).contentType("application/problem+json");
        asJson().body(query(session, "q-private", "my secret question")).post(QUERY).then().statusCode(403);
        assertThat(messages(session).getList("items.role")).containsExactly("user", "assistant");
    }

    @Test
    void queriesWithoutAQueryIdAreNeverTakenForRetries() {
        String session = newSession();
        Map<String, Object> body = Map.of("experienceId", "scripted", "sessionId", session, "text", "again");
        List<String> ids = List.of(ask(new HashMap<>(body)).getString("messageId"),
                ask(new HashMap<>(body)).getString("messageId"));
        assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
        assertThat(messageCount(session)).isEqualTo(4);
    }

    /** The next {@code data:} payload of an event stream read line by line; null at its end. */
    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return line.substring(5).strip();
            }
        }
        return null;
    }
}

package io.nexuschat.relay.sinks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.AdjustableClock;
import io.nexuschat.relay.RelaySignal;
import io.nexuschat.relay.RelayTestDatabase;
import io.nexuschat.relay.delivery.ExperienceAnalytics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Analytics sinks declared in an experience file, delivered by the relay workers to real local HTTP receivers
 * standing in for GA4, Segment and Mixpanel ({@link AnalyticsReceivers}). Its own profile: the app starts after the
 * receivers, with an experience whose sink endpoints point at them.
 */
@QuarkusTest
@TestProfile(AnalyticsSinkDeliveryTest.Receivers.class)
class AnalyticsSinkDeliveryTest {

    static final String EXPERIENCE = "relay-analytics";
    static final String API_KEY = "Bearer test-api-key";
    static final UUID GA4 = ExperienceAnalytics.targetId(EXPERIENCE, "ga4");
    static final UUID SEGMENT = ExperienceAnalytics.targetId(EXPERIENCE, "segment");
    static final UUID MIXPANEL = ExperienceAnalytics.targetId(EXPERIENCE, "mixpanel");

    /** Starts the receivers before the app. */
    public static class Receivers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AnalyticsReceivers.class));
        }
    }

    @Inject
    AdjustableClock clock;

    @Inject
    RelaySignal signal;

    @Inject
    RelayTestDatabase db;

    @Inject
    ObjectMapper mapper;

    @AfterEach
    void reset() {
        AnalyticsReceivers.ga4.reset();
        AnalyticsReceivers.segment.reset();
        AnalyticsReceivers.mixpanel.reset();
        clock.reset();
    }

    private static Map<String, Object> event(String id, String sessionId, String type, Map<String, Object> data) {
        return Map.of("id", id, "experienceId", EXPERIENCE, "sessionId", sessionId, "type", type, "timestamp",
                Instant.now().toString(), "data", data);
    }

    private void post(List<Map<String, Object>> events) throws Exception {
        given().contentType(ContentType.JSON).body(mapper.writeValueAsString(events)).post("/api/v2/events").then()
                .statusCode(202).body("accepted", equalTo(events.size()));
    }

    /** Bounded polling on real state: wakes the workers and checks again until {@code done} or 20 s. */
    private void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            signal.wake();
            Thread.sleep(20);
        }
    }

    /** The delivery log of a target, oldest first, for one event. */
    private List<Map<String, Object>> log(UUID target, String eventId) {
        List<Map<String, Object>> items = given().header("Authorization", API_KEY)
                .get("/api/v2/webhooks/" + target + "/deliveries").then().statusCode(200).extract().jsonPath()
                .getList("items");
        List<Map<String, Object>> mine = new ArrayList<>(
                items.stream().filter(i -> eventId.equals(i.get("eventId"))).toList());
        java.util.Collections.reverse(mine);
        return mine;
    }

    /** Every event of the receiver's requests that carry {@code sessionId}. */
    private List<JsonNode> events(ServiceReceiver receiver, String sessionId, String arrayField) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (ServiceReceiver.Received r : receiver.mentioning(sessionId)) {
            if (r.answered() != 200) {
                continue;
            }
            JsonNode body = mapper.readTree(r.body());
            for (JsonNode e : arrayField == null ? body : body.path(arrayField)) {
                events.add(e);
            }
        }
        return events;
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsOfASessionBoundToAUserCarryItsUserId() throws Exception {
        String sessionId = given().contentType(ContentType.JSON)
                .body(Map.of("experienceId", EXPERIENCE, "userId", "user-7")).post("/api/v2/sessions").then()
                .statusCode(201).extract().path("id");
        post(List.of(event(UUID.randomUUID().toString(), sessionId, "open", Map.of())));

        await("GA4", () -> count(AnalyticsReceivers.ga4, sessionId, "events") == 1);
        await("Segment", () -> count(AnalyticsReceivers.segment, sessionId, "batch") == 1);
        await("Mixpanel", () -> count(AnalyticsReceivers.mixpanel, sessionId, null) == 1);

        // GA4: user_id beside the session's client_id.
        JsonNode ga4 = mapper.readTree(AnalyticsReceivers.ga4.mentioning(sessionId).getFirst().body());
        assertThat(ga4.path("client_id").asText()).isEqualTo(sessionId);
        assertThat(ga4.path("user_id").asText()).isEqualTo("user-7");
        // Segment: userId beside the session's anonymousId.
        JsonNode track = events(AnalyticsReceivers.segment, sessionId, "batch").getFirst();
        assertThat(track.path("anonymousId").asText()).isEqualTo(sessionId);
        assertThat(track.path("userId").asText()).isEqualTo("user-7");
        // Mixpanel: the user is the distinct_id and $user_id, the session the $device_id.
        JsonNode props = events(AnalyticsReceivers.mixpanel, sessionId, null).getFirst().path("properties");
        assertThat(props.path("distinct_id").asText()).isEqualTo("user-7");
        assertThat(props.path("$user_id").asText()).isEqualTo("user-7");
        assertThat(props.path("$device_id").asText()).isEqualTo(sessionId);
    }

    @Test
    void widgetEventsReachEachServiceInItsShapeAndOthersAreNotSent() throws Exception {
        String sessionId = UUID.randomUUID().toString();
        String open = UUID.randomUUID().toString();
        String complete = UUID.randomUUID().toString();
        String typing = UUID.randomUUID().toString();
        post(List.of(event(open, sessionId, "open", Map.of()),
                event(complete, sessionId, "messageComplete",
                        Map.of("duration", 1234, "queryId", "q-42", "answer", "Hello there")),
                event(typing, sessionId, "typing", Map.of("length", 3))));

        await("GA4", () -> count(AnalyticsReceivers.ga4, sessionId, "events") == 2);
        await("Segment", () -> count(AnalyticsReceivers.segment, sessionId, "batch") == 2);
        await("Mixpanel", () -> count(AnalyticsReceivers.mixpanel, sessionId, null) == 2);

        // GA4 Measurement Protocol: POST /mp/collect?measurement_id&api_secret, {client_id, events[{name, params}]}
        ServiceReceiver.Received ga4 = AnalyticsReceivers.ga4.mentioning(sessionId).getFirst();
        assertThat(ga4.method()).isEqualTo("POST");
        assertThat(ga4.path()).isEqualTo("/mp/collect");
        assertThat(ga4.query()).contains("measurement_id=G-TEST123")
                .contains("api_secret=" + AnalyticsReceivers.GA4_SECRET);
        assertThat(mapper.readTree(ga4.body()).path("client_id").asText()).isEqualTo(sessionId);
        List<JsonNode> ga4Events = events(AnalyticsReceivers.ga4, sessionId, "events");
        assertThat(ga4Events).extracting(e -> e.path("name").asText()).containsExactly("chat_open",
                "chat_message_complete");
        JsonNode params = ga4Events.get(1).path("params");
        assertThat(params.path("session_id").asText()).isEqualTo(sessionId);
        assertThat(params.path("response_time").asInt()).isEqualTo(1234);
        assertThat(params.path("query_id").asText()).isEqualTo("q-42");
        assertThat(params.path("answer_length").asInt()).isEqualTo(11);
        assertThat(ga4.body()).doesNotContain("Hello there");

        // Segment: POST /v1/batch, Basic write key, {batch: [{type: track, event, anonymousId, messageId, properties}]}
        ServiceReceiver.Received segment = AnalyticsReceivers.segment.mentioning(sessionId).getFirst();
        assertThat(segment.path()).isEqualTo("/v1/batch");
        assertThat(segment.authorization()).isEqualTo(basic(AnalyticsReceivers.SEGMENT_KEY));
        List<JsonNode> tracks = events(AnalyticsReceivers.segment, sessionId, "batch");
        assertThat(tracks).extracting(e -> e.path("event").asText()).containsExactly("Chat Opened",
                "Chat Message Completed");
        assertThat(tracks).allSatisfy(t -> {
            assertThat(t.path("type").asText()).isEqualTo("track");
            assertThat(t.path("anonymousId").asText()).isEqualTo(sessionId);
            assertThat(t.path("messageId").asText()).isNotBlank();
        });
        assertThat(tracks.get(1).path("properties").path("responseTime").asInt()).isEqualTo(1234);
        assertThat(tracks.get(1).path("properties").path("queryId").asText()).isEqualTo("q-42");

        // Mixpanel: POST /import?strict=1, Basic token, [{event, properties: {time, distinct_id, $insert_id, …}}]
        ServiceReceiver.Received mixpanel = AnalyticsReceivers.mixpanel.mentioning(sessionId).getFirst();
        assertThat(mixpanel.path()).isEqualTo("/import");
        assertThat(mixpanel.query()).isEqualTo("strict=1");
        assertThat(mixpanel.authorization()).isEqualTo(basic(AnalyticsReceivers.MIXPANEL_TOKEN));
        List<JsonNode> imports = events(AnalyticsReceivers.mixpanel, sessionId, null);
        assertThat(imports).extracting(e -> e.path("event").asText()).containsExactly("Chat Opened",
                "Chat Message Completed");
        JsonNode props = imports.get(1).path("properties");
        assertThat(props.path("distinct_id").asText()).isEqualTo(sessionId);
        assertThat(props.path("$insert_id").asText()).isNotBlank();
        assertThat(props.path("response_time").asInt()).isEqualTo(1234);

        // Delivered and logged.
        for (UUID target : List.of(GA4, SEGMENT, MIXPANEL)) {
            await("the log of " + target, () -> log(target, complete).size() == 1);
            assertThat(log(target, complete).getFirst()).containsEntry("statusCode", 200).containsEntry("attempt", 1);
            assertThat(db.deliveryStatus(UUID.fromString(open), target)).isEqualTo("DELIVERED");
        }

        // Not sent to analytics, so no delivery is even stored for the sinks: widget.typing (keystroke level) and
        // server events such as a session created (they repeat widget events and would double-count).
        String createdSession = given().contentType(ContentType.JSON).body(Map.of("experienceId", EXPERIENCE))
                .post("/api/v2/sessions").then().statusCode(201).extract().path("id");
        UUID created = db.sessionEventId(UUID.fromString(createdSession), "session.created");
        assertThat(created).isNotNull();
        for (UUID target : List.of(GA4, SEGMENT, MIXPANEL)) {
            assertThat(db.deliveryStatus(created, target)).isNull();
            assertThat(db.deliveryStatus(UUID.fromString(typing), target)).isNull();
        }
        assertThat(AnalyticsReceivers.ga4.mentioning(createdSession)).isEmpty();

        // An event a service cannot take (no session id: no client_id / anonymousId / distinct_id) is dropped:
        // a final failure in the delivery log with the reason, never retried.
        String anonymous = UUID.randomUUID().toString();
        post(List.of(Map.of("id", anonymous, "experienceId", EXPERIENCE, "type", "open", "timestamp",
                Instant.now().toString(), "data", Map.of())));
        for (UUID target : List.of(GA4, SEGMENT, MIXPANEL)) {
            await("the dropped event logged for " + target, () -> log(target, anonymous).size() == 1);
            Map<String, Object> entry = log(target, anonymous).getFirst();
            assertThat(entry).containsEntry("type", "widget.open");
            assertThat(entry.get("statusCode")).isNull();
            assertThat((String) entry.get("error")).startsWith("Dropped: no sessionId or userId");
            assertThat(db.deliveryStatus(UUID.fromString(anonymous), target)).isEqualTo("FAILED");
        }

        // Sinks are not webhooks: not listed; readable by id without any secret; not changeable through the API.
        given().header("Authorization", API_KEY).get("/api/v2/webhooks?experienceId=" + EXPERIENCE).then()
                .statusCode(200).body("items.size()", equalTo(0));
        String view = given().header("Authorization", API_KEY).get("/api/v2/webhooks/" + GA4).then().statusCode(200)
                .body("$", not(hasKey("secret"))).body("source", equalTo("experience")).extract().asString();
        assertThat(view).doesNotContain(AnalyticsReceivers.GA4_SECRET);
        given().header("Authorization", API_KEY).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .patch("/api/v2/webhooks/" + GA4).then().statusCode(409);
        String deliveries = given().header("Authorization", API_KEY).get("/api/v2/webhooks/" + GA4 + "/deliveries")
                .asString();
        assertThat(deliveries).doesNotContain(AnalyticsReceivers.GA4_SECRET);
    }

    private int count(ServiceReceiver receiver, String sessionId, String arrayField) {
        try {
            return events(receiver, sessionId, arrayField).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aServiceAnswering503GetsTheEventsAfterRetryAndOthersDoNotWait() throws Exception {
        AnalyticsReceivers.segment.answer(n -> n == 1 ? 503 : 200, "1", "{\"error\":\"busy\"}");
        String sessionId = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        post(List.of(event(id, sessionId, "linkClick", Map.of("href", "https://example.com/a", "text", "A"))));

        await("the 503 logged", () -> log(SEGMENT, id).size() == 1);
        assertThat(log(SEGMENT, id).getFirst()).containsEntry("statusCode", 503);
        assertThat(db.deliveryStatus(UUID.fromString(id), SEGMENT)).isEqualTo("PENDING");
        // The retry waits for the schedule (5 s, with jitter, and at least Retry-After): the others do not.
        assertThat(db.nextAttemptAt(UUID.fromString(id), SEGMENT)).isAfter(clock.now().plusSeconds(4));
        await("GA4", () -> count(AnalyticsReceivers.ga4, sessionId, "events") == 1);
        await("Mixpanel", () -> count(AnalyticsReceivers.mixpanel, sessionId, null) == 1);
        assertThat(count(AnalyticsReceivers.segment, sessionId, "batch")).isZero();

        clock.advance(Duration.ofMinutes(1));
        await("Segment after the retry", () -> count(AnalyticsReceivers.segment, sessionId, "batch") == 1);
        await("the retry logged", () -> log(SEGMENT, id).size() == 2);
        assertThat(log(SEGMENT, id)).extracting(i -> i.get("statusCode")).containsExactly(503, 200);
        assertThat(log(SEGMENT, id)).extracting(i -> i.get("attempt")).containsExactly(1, 2);
        assertThat(db.deliveryStatus(UUID.fromString(id), SEGMENT)).isEqualTo("DELIVERED");
        assertThat(events(AnalyticsReceivers.segment, sessionId, "batch").getFirst().path("event").asText())
                .isEqualTo("Chat Link Clicked");
    }

    @Test
    void a400IsAFinalFailureInTheDeliveryLog() throws Exception {
        AnalyticsReceivers.mixpanel.answer(n -> 400, null, "{\"error\":\"invalid project token\"}");
        String sessionId = UUID.randomUUID().toString();
        String id = UUID.randomUUID().toString();
        post(List.of(event(id, sessionId, "open", Map.of())));

        await("the 400 logged", () -> log(MIXPANEL, id).size() == 1);
        Map<String, Object> entry = log(MIXPANEL, id).getFirst();
        assertThat(entry).containsEntry("statusCode", 400).containsEntry("attempt", 1);
        assertThat((String) entry.get("error")).contains("HTTP 400").contains("invalid project token")
                .doesNotContain(AnalyticsReceivers.MIXPANEL_TOKEN);
        assertThat(db.deliveryStatus(UUID.fromString(id), MIXPANEL)).isEqualTo("FAILED");

        // Final: moving time on schedules nothing more; the other services got the event.
        clock.advance(Duration.ofHours(1));
        await("GA4", () -> count(AnalyticsReceivers.ga4, sessionId, "events") == 1);
        await("Segment", () -> count(AnalyticsReceivers.segment, sessionId, "batch") == 1);
        assertThat(db.deliveryStatus(UUID.fromString(id), MIXPANEL)).isEqualTo("FAILED");
        assertThat(AnalyticsReceivers.mixpanel.mentioning(sessionId)).hasSize(1);
    }
}

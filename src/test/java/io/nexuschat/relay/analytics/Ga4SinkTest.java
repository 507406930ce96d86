package io.nexuschat.relay.analytics;

import static io.nexuschat.relay.analytics.TestEvents.NOW;
import static io.nexuschat.relay.analytics.TestEvents.SESSION;
import static io.nexuschat.relay.analytics.TestEvents.parse;
import static io.nexuschat.relay.analytics.TestEvents.widget;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class Ga4SinkTest {

    private final Ga4Sink sink = new Ga4Sink(new Ga4Config("G-TEST123", "s3cr3t-api-value"));

    private JsonNode only(AnalyticsEvent event) {
        AnalyticsBatch batch = sink.prepare(List.of(event), NOW);
        assertThat(batch.dropped()).isEmpty();
        assertThat(batch.requests()).hasSize(1);
        JsonNode body = parse(batch.requests().get(0).body());
        assertThat(body.path("events")).hasSize(1);
        return body.path("events").get(0);
    }

    @Test
    void sessionStartIsChatSessionStartWithSessionId() {
        JsonNode e = only(widget("sessionStart", TestEvents.sample("sessionStart")));
        assertThat(e.path("name").asText()).isEqualTo("chat_session_start");
        assertThat(e.path("params").path("session_id").asText()).isEqualTo(SESSION);
        assertThat(e.path("params").has("metadata")).as("objects are not GA4 params").isFalse();
    }

    @Test
    void messageCompleteCarriesTheSeedsResponseTimeAndAnswerLengthButNotTheAnswer() {
        JsonNode e = only(widget("messageComplete", TestEvents.sample("messageComplete")));
        assertThat(e.path("name").asText()).isEqualTo("chat_message_complete");
        JsonNode p = e.path("params");
        assertThat(p.path("session_id").asText()).isEqualTo(SESSION);
        assertThat(p.path("response_time").asInt()).isEqualTo(1234);
        assertThat(p.path("answer_length").asInt()).isEqualTo("Hello there".length());
        assertThat(p.path("query_id").asText()).isEqualTo("q1");
        assertThat(p.toString()).doesNotContain("Hello there");
    }

    @Test
    void feedbackErrorAndLinkClickFollowTheSeed() {
        JsonNode feedback = only(widget("feedback", TestEvents.sample("feedback")));
        assertThat(feedback.path("name").asText()).isEqualTo("chat_feedback");
        assertThat(feedback.path("params").path("rating").asText()).isEqualTo("positive");
        assertThat(feedback.path("params").path("message_id").asText()).isEqualTo("m1");
        assertThat(feedback.path("params").path("has_comment").asText()).isEqualTo("true");
        assertThat(feedback.toString()).doesNotContain("great");

        JsonNode error = only(widget("error", TestEvents.sample("error")));
        assertThat(error.path("name").asText()).isEqualTo("chat_error");
        assertThat(error.path("params").path("error_type").asText()).isEqualTo("timeout");
        assertThat(error.path("params").path("error_message").asText()).isEqualTo("Request timed out");
        assertThat(error.toString()).doesNotContain("at x");

        JsonNode link = only(widget("linkClick", TestEvents.sample("linkClick")));
        assertThat(link.path("name").asText()).isEqualTo("link_click");
        assertThat(link.path("params").path("link_url").asText()).isEqualTo("tour:id=123");
        assertThat(link.path("params").path("link_text").asText()).isEqualTo("Take the tour");
        assertThat(link.path("params").path("event_category").asText()).isEqualTo("chat_interaction");
    }

    @Test
    void everyFamilyMapsAndVisitorTextNeverLeaves() {
        String[][] cases = {{"minimize", "chat_minimize", "previous_mode"}, {"sessionEnd", "chat_session_end",
                "message_count"}, {"sessionClear", "chat_clear", "message_count"},
                {"messageStart",
                        "chat_message_start", "session_id"},
                {"customAction", "chat_custom_action", "action_name"},
                {"handover", "chat_handover", "priority"}, {"voiceStart", "chat_voice_start", "language"}, {
                        "voiceEnd", "chat_voice_end", "duration"},
                {"ttsEnd", "chat_tts_end", "duration"}};
        for (String[] c : cases) {
            JsonNode e = only(widget(c[0], TestEvents.sample(c[0])));
            assertThat(e.path("name").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(e.path("params").has(c[2])).as(c[0] + " " + c[2]).isTrue();
            assertThat(e.path("params").path("experience_id").asText()).isEqualTo("demo");
            assertThat(e.path("params").path("engagement_time_msec").asInt()).isEqualTo(1);
            assertThat(e.toString()).doesNotContain("4111").doesNotContain("555");
            assertThat(e.path("params").size()).isLessThanOrEqualTo(Ga4Sink.MAX_PARAMS);
        }
    }

    @Test
    void serverEventsAndChattyWidgetEventsAreDroppedWithReasons() {
        List<AnalyticsEvent> events = List.of(TestEvents.event("session.created", "{}", SESSION, null),
                TestEvents.event("message.completed", "{}", SESSION, null), widget("typing", "{}"),
                widget("messageChunk", "{}"), widget("open", "{}"));
        AnalyticsBatch batch = sink.prepare(events, NOW);
        assertThat(batch.dropped()).extracting(DroppedEvent::eventId).containsExactly(events.get(0).id(),
                events.get(1).id(), events.get(2).id(), events.get(3).id());
        assertThat(batch.requests()).singleElement().satisfies(r -> assertThat(r.eventIds()).containsExactly(events
                .get(4).id()));
    }

    @Test
    void identityIsClientIdFromSessionAndUserIdWhenBoundWithOneIdentityPerRequest() {
        AnalyticsEvent anon = widget("open", "{}");
        AnalyticsEvent bound = TestEvents.event("widget.open", "{}", SESSION, "user-7");
        AnalyticsEvent otherSession = TestEvents.event("widget.close", "{}", "other-session", null);
        AnalyticsEvent userOnly = TestEvents.event("widget.close", "{}", null, "user-8");
        AnalyticsEvent nobody = TestEvents.event("widget.close", "{}", null, null);
        AnalyticsBatch batch = sink.prepare(List.of(anon, bound, otherSession, userOnly, nobody), NOW);
        assertThat(batch.dropped()).singleElement().satisfies(d -> {
            assertThat(d.eventId()).isEqualTo(nobody.id());
            assertThat(d.reason()).contains("client_id");
        });
        List<JsonNode> bodies = batch.requests().stream().map(r -> parse(r.body())).toList();
        assertThat(bodies).hasSize(4);
        assertThat(bodies.get(0).path("client_id").asText()).isEqualTo(SESSION);
        assertThat(bodies.get(0).has("user_id")).isFalse();
        assertThat(bodies.get(1).path("client_id").asText()).isEqualTo(SESSION);
        assertThat(bodies.get(1).path("user_id").asText()).isEqualTo("user-7");
        assertThat(bodies.get(2).path("client_id").asText()).isEqualTo("other-session");
        assertThat(bodies.get(3).path("client_id").asText()).isEqualTo("user-8");
        assertThat(bodies.get(3).path("user_id").asText()).isEqualTo("user-8");
    }

    @Test
    void twentyFiveEventsMakeOneRequestAndTwentySixMakeTwo() {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            events.add(widget("open", "{}"));
        }
        assertThat(sink.prepare(events.subList(0, 25), NOW).requests()).singleElement()
                .satisfies(r -> assertThat(parse(r.body()).path("events")).hasSize(25));
        AnalyticsBatch two = sink.prepare(events, NOW);
        assertThat(two.requests()).hasSize(2);
        assertThat(two.requests().get(0).eventIds()).hasSize(25);
        assertThat(two.requests().get(1).eventIds()).containsExactly(events.get(25).id());
        assertThat(parse(two.requests().get(1).body()).path("events")).hasSize(1);
    }

    @Test
    void requestsStayWithin130KbAndWhatCanNeverFitIsDropped() {
        // A client_id this long leaves room for few events per request: the byte limit, not the count, splits.
        String longSession = "s".repeat(125_000);
        String error = "{\"type\":\"" + "t".repeat(200) + "\",\"message\":\"" + "m".repeat(200) + "\"}";
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(TestEvents.event("widget.error", error, longSession, null));
        }
        AnalyticsBatch batch = sink.prepare(events, NOW);
        assertThat(batch.dropped()).isEmpty();
        assertThat(batch.requests()).hasSizeGreaterThan(1);
        batch.requests().forEach(r -> assertThat(r.body().length).isLessThanOrEqualTo(Ga4Sink.MAX_REQUEST_BYTES));
        assertThat(batch.requests().stream().mapToInt(r -> r.eventIds().size()).sum()).isEqualTo(25);

        AnalyticsEvent huge = TestEvents.event("widget.open", "{}", "s".repeat(140_000), null);
        AnalyticsBatch none = sink.prepare(List.of(huge), NOW);
        assertThat(none.requests()).isEmpty();
        assertThat(none.dropped()).singleElement().satisfies(d -> assertThat(d.reason()).contains("130 KB"));
    }

    @Test
    void stringValuesAreCutTo100CharactersAndLongUserIdsLeftOut() {
        AnalyticsEvent e = TestEvents.event("widget.error", "{\"type\":\"backend\",\"message\":\"" + "m".repeat(500)
                + "\"}", SESSION, "u".repeat(300));
        JsonNode body = parse(sink.prepare(List.of(e), NOW).requests().get(0).body());
        assertThat(body.path("events").get(0).path("params").path("error_message").asText()).hasSize(100);
        assertThat(body.has("user_id")).isFalse();
    }

    @Test
    void timestampsAreMicrosEventsOlderThan72HoursDroppedAndFutureOnesClamped() {
        AnalyticsEvent recent = widget("open", "{}");
        AnalyticsEvent old = new AnalyticsEvent("old-1", "widget.open", "demo", SESSION, null, NOW.minus(73,
                ChronoUnit.HOURS), null);
        AnalyticsEvent future = new AnalyticsEvent("future-1", "widget.open", "demo", SESSION, null, NOW.plusSeconds(
                7200), null);
        AnalyticsBatch batch = sink.prepare(List.of(recent, old, future), NOW);
        assertThat(batch.dropped()).singleElement().satisfies(d -> {
            assertThat(d.eventId()).isEqualTo("old-1");
            assertThat(d.reason()).contains("72 h");
        });
        JsonNode events = parse(batch.requests().get(0).body()).path("events");
        assertThat(events.get(0).path("timestamp_micros").asLong()).isEqualTo(ChronoUnit.MICROS.between(
                java.time.Instant.EPOCH, recent.timestamp()));
        assertThat(events.get(1).path("timestamp_micros").asLong()).isEqualTo(ChronoUnit.MICROS.between(
                java.time.Instant.EPOCH, NOW));
        assertThat(events.get(0).path("params").path("event_id").asText()).isEqualTo(recent.id());
    }

    @Test
    void uriCarriesMeasurementIdAndSecretButToStringsRedactTheSecret() {
        Ga4Sink local = new Ga4Sink(new Ga4Config("G-TEST123", "s3cr3t/api+value", URI.create(
                "http://127.0.0.1:9/ga/")));
        OutgoingRequest r = local.prepare(List.of(widget("open", "{}")), NOW).requests().get(0);
        assertThat(r.uri().toString()).isEqualTo(
                "http://127.0.0.1:9/ga/mp/collect?measurement_id=G-TEST123&api_secret=s3cr3t%2Fapi%2Bvalue");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
        assertThat(r.toString()).doesNotContain("s3cr3t").contains("api_secret=***");
        assertThat(r.redactedUri()).doesNotContain("s3cr3t");
        assertThat(local.toString()).doesNotContain("s3cr3t");
        assertThat(new Ga4Config("G-1", "s3cr3t").toString()).doesNotContain("s3cr3t");
        assertThat(sink.prepare(List.of(widget("open", "{}")), NOW).requests().get(0).uri().getHost()).isEqualTo(
                "www.google-analytics.com");
    }
}

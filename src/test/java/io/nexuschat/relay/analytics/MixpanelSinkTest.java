package io.nexuschat.relay.analytics;

import static io.nexuschat.relay.analytics.TestEvents.NOW;
import static io.nexuschat.relay.analytics.TestEvents.SESSION;
import static io.nexuschat.relay.analytics.TestEvents.parse;
import static io.nexuschat.relay.analytics.TestEvents.widget;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class MixpanelSinkTest {

    private final MixpanelSink sink = new MixpanelSink(new MixpanelConfig("mp_token_abc"));

    private JsonNode only(AnalyticsEvent event) {
        AnalyticsBatch batch = sink.prepare(List.of(event), NOW);
        assertThat(batch.dropped()).isEmpty();
        JsonNode body = parse(batch.requests().get(0).body());
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        return body.get(0);
    }

    @Test
    void seedExamplesMapWithSnakeCaseProperties() {
        JsonNode started = only(widget("sessionStart", TestEvents.sample("sessionStart")));
        assertThat(started.path("event").asText()).isEqualTo("Chat Session Started");
        assertThat(started.path("properties").path("session_id").asText()).isEqualTo(SESSION);
        assertThat(started.path("properties").path("timestamp").isTextual()).isTrue();

        JsonNode completed = only(widget("messageComplete", TestEvents.sample("messageComplete")));
        assertThat(completed.path("event").asText()).isEqualTo("Chat Message Completed");
        assertThat(completed.path("properties").path("response_time").asInt()).isEqualTo(1234);
        assertThat(completed.path("properties").path("query_id").asText()).isEqualTo("q1");

        JsonNode feedback = only(widget("feedback", TestEvents.sample("feedback")));
        assertThat(feedback.path("event").asText()).isEqualTo("Chat Feedback");
        assertThat(feedback.path("properties").path("rating").asText()).isEqualTo("positive");
        assertThat(feedback.path("properties").path("message_id").asText()).isEqualTo("m1");
        assertThat(feedback.path("properties").path("has_comment").asBoolean()).isTrue();
    }

    @Test
    void everyFamilyMaps() {
        String[][] cases = {{"close", "Chat Closed", "experience_id"}, {"minimize", "Chat Minimized",
                "previous_mode"}, {"sessionClear", "Chat Cleared", "message_count"},
                {"customAction",
                        "Chat Custom Action Clicked", "action_id"},
                {"linkClick", "Chat Link Clicked", "link_url"},
                {"voiceStart", "Chat Voice Started", "language"}, {"ttsEnd", "Chat TTS Ended", "duration"}, {"error",
                        "Chat Error", "error_message"}};
        for (String[] c : cases) {
            JsonNode e = only(widget(c[0], TestEvents.sample(c[0])));
            assertThat(e.path("event").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(e.path("properties").has(c[2])).as(c[0] + " " + c[2]).isTrue();
        }
        assertThat(sink.prepare(List.of(TestEvents.event("feedback.submitted", "{}", SESSION, null)), NOW)
                .dropped()).singleElement().satisfies(d -> assertThat(d.reason()).contains("server event"));
    }

    @Test
    void identityTimeAndInsertIdFollowTheImportApi() {
        AnalyticsEvent anon = widget("open", "{}");
        AnalyticsEvent bound = TestEvents.event("widget.open", "{}", SESSION, "user-7");
        AnalyticsEvent outboxId = new AnalyticsEvent("session.created/42/with:odd_chars", "widget.open", "demo",
                SESSION, null, NOW.plusSeconds(7200), null);
        JsonNode body = parse(sink.prepare(List.of(anon, bound, outboxId), NOW).requests().get(0).body());
        JsonNode a = body.get(0).path("properties");
        assertThat(a.path("distinct_id").asText()).isEqualTo(SESSION);
        assertThat(a.path("$device_id").asText()).isEqualTo(SESSION);
        assertThat(a.has("$user_id")).isFalse();
        assertThat(a.path("time").asLong()).isEqualTo(anon.timestamp().toEpochMilli());
        assertThat(a.path("$insert_id").asText()).isEqualTo(anon.id());
        JsonNode b = body.get(1).path("properties");
        assertThat(b.path("distinct_id").asText()).isEqualTo("user-7");
        assertThat(b.path("$user_id").asText()).isEqualTo("user-7");
        JsonNode c = body.get(2).path("properties");
        assertThat(c.path("$insert_id").asText()).matches("[a-zA-Z0-9-]{1,36}");
        assertThat(c.path("time").asLong()).as("clamped to now").isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void stringsAreCutTo255Characters() {
        JsonNode e = only(widget("error", "{\"type\":\"backend\",\"message\":\"" + "m".repeat(1000)
                + "\",\"details\":{\"k\":\"" + "d".repeat(1000) + "\"}}"));
        assertThat(e.path("properties").path("error_message").asText()).hasSize(255);
        assertThat(e.path("properties").path("details").path("k").asText()).hasSize(255);
    }

    @Test
    void twoThousandEventsMakeOneRequestAnd2001MakeTwo() {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 2001; i++) {
            events.add(widget("open", "{}"));
        }
        assertThat(sink.prepare(events.subList(0, 2000), NOW).requests()).singleElement()
                .satisfies(r -> assertThat(parse(r.body())).hasSize(2000));
        AnalyticsBatch two = sink.prepare(events, NOW);
        assertThat(two.requests()).hasSize(2);
        assertThat(two.requests().get(0).eventIds()).hasSize(2000);
        assertThat(two.requests().get(1).eventIds()).containsExactly(events.get(2000).id());
    }

    @Test
    void requestsStayWithin2MbAndOversizedEventsLoseFreeFormObjects() {
        List<AnalyticsEvent> events = new ArrayList<>();
        StringBuilder details = new StringBuilder("{");
        for (int k = 0; k < 900; k++) {
            details.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"").append("v".repeat(250))
                    .append('"');
        }
        details.append('}');
        for (int i = 0; i < 12; i++) {
            events.add(widget("error", "{\"type\":\"backend\",\"message\":\"m\",\"details\":" + details + "}"));
        }
        AnalyticsBatch batch = sink.prepare(events, NOW);
        assertThat(batch.dropped()).isEmpty();
        assertThat(batch.requests()).hasSizeGreaterThan(1);
        batch.requests().forEach(r -> assertThat(r.body().length).isLessThanOrEqualTo(MixpanelSink.MAX_REQUEST_BYTES));

        StringBuilder huge = new StringBuilder("{");
        for (int k = 0; k < 5000; k++) {
            huge.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":\"").append("v".repeat(250)).append('"');
        }
        huge.append('}');
        JsonNode shrunk = only(widget("handover", "{\"reason\":\"r\",\"priority\":\"low\",\"metadata\":" + huge + "}"));
        assertThat(shrunk.path("properties").has("metadata")).isFalse();
        assertThat(shrunk.path("properties").path("properties_truncated").asBoolean()).isTrue();
    }

    @Test
    void endpointOverrideAndAuth() {
        MixpanelSink eu = new MixpanelSink(
                new MixpanelConfig("mp_token_abc", URI.create("https://api-eu.mixpanel.com")));
        OutgoingRequest r = eu.prepare(List.of(widget("open", "{}")), NOW).requests().get(0);
        assertThat(r.uri().toString()).isEqualTo("https://api-eu.mixpanel.com/import?strict=1");
        assertThat(r.headers().get("Authorization")).startsWith("Basic ");
        assertThat(r.toString()).doesNotContain("mp_token_abc");
        assertThat(eu.toString()).doesNotContain("mp_token_abc");
    }
}

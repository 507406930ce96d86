package io.nexuschat.relay.analytics;

import static io.nexuschat.relay.analytics.TestEvents.NOW;
import static io.nexuschat.relay.analytics.TestEvents.SESSION;
import static io.nexuschat.relay.analytics.TestEvents.parse;
import static io.nexuschat.relay.analytics.TestEvents.widget;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class SegmentSinkTest {

    private final SegmentSink sink = new SegmentSink(new SegmentConfig("wk_secret_123"));

    private JsonNode only(AnalyticsEvent event) {
        AnalyticsBatch batch = sink.prepare(List.of(event), NOW);
        assertThat(batch.dropped()).isEmpty();
        JsonNode body = parse(batch.requests().get(0).body());
        assertThat(body.path("batch")).hasSize(1);
        return body.path("batch").get(0);
    }

    @Test
    void messageCompleteIsTheSeedsTrackCallWithCamelCaseProperties() {
        AnalyticsEvent event = widget("messageComplete", TestEvents.sample("messageComplete"));
        JsonNode m = only(event);
        assertThat(m.path("type").asText()).isEqualTo("track");
        assertThat(m.path("event").asText()).isEqualTo("Chat Message Completed");
        assertThat(m.path("properties").path("sessionId").asText()).isEqualTo(SESSION);
        assertThat(m.path("properties").path("responseTime").asInt()).isEqualTo(1234);
        assertThat(m.path("properties").path("queryId").asText()).isEqualTo("q1");
        assertThat(m.path("anonymousId").asText()).isEqualTo(SESSION);
        assertThat(m.has("userId")).isFalse();
        assertThat(m.path("messageId").asText()).isEqualTo(event.id());
        assertThat(m.path("timestamp").asText()).isEqualTo(event.timestamp().toString());
        assertThat(m.path("context").path("library").path("name").asText()).isEqualTo("nexus-chat-relay");
    }

    @Test
    void sessionStartAndSessionClearUseTheSeedsNames() {
        assertThat(only(widget("sessionStart", TestEvents.sample("sessionStart"))).path("event").asText())
                .isEqualTo("Chat Session Started");
        JsonNode cleared = only(widget("sessionClear", TestEvents.sample("sessionClear")));
        assertThat(cleared.path("event").asText()).isEqualTo("Chat Cleared");
        assertThat(cleared.path("properties").path("messageCount").asInt()).isEqualTo(4);
        assertThat(cleared.path("properties").path("timestamp").isTextual()).isTrue();
    }

    @Test
    void everyFamilyMapsWithFreeFormObjectsAndNoVisitorText() {
        String[][] cases = {{"open", "Chat Opened", "experienceId"}, {"maximize", "Chat Maximized", "previousMode"},
                {"sessionEnd", "Chat Session Ended", "messageCount"}, {"messageStart", "Chat Message Started",
                        "sessionId"},
                {"feedback", "Chat Feedback", "hasComment"}, {"copy", "Chat Message Copied",
                        "contentLength"},
                {"customAction", "Chat Custom Action Clicked", "actionData"},
                {"handover", "Chat Handover Requested", "metadata"}, {"disclaimerAccept", "Chat Disclaimer Accepted",
                        "experienceId"},
                {"linkClick", "Chat Link Clicked", "linkParams"}, {"voiceEnd",
                        "Chat Voice Ended", "duration"},
                {"ttsStart", "Chat TTS Started", "textLength"},
                {"error", "Chat Error", "errorType"}};
        for (String[] c : cases) {
            JsonNode m = only(widget(c[0], TestEvents.sample(c[0])));
            assertThat(m.path("event").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(m.path("properties").has(c[2])).as(c[0] + " " + c[2]).isTrue();
            assertThat(m.toString()).doesNotContain("4111").doesNotContain("555");
        }
    }

    @Test
    void userIdIsSentBesideAnonymousIdAndEventsWithoutIdentityAreDropped() {
        AnalyticsEvent bound = TestEvents.event("widget.open", "{}", SESSION, "user-7");
        AnalyticsEvent nobody = TestEvents.event("widget.open", "{}", null, null);
        AnalyticsBatch batch = sink.prepare(List.of(bound, nobody), NOW);
        JsonNode m = parse(batch.requests().get(0).body()).path("batch").get(0);
        assertThat(m.path("userId").asText()).isEqualTo("user-7");
        assertThat(m.path("anonymousId").asText()).isEqualTo(SESSION);
        assertThat(batch.dropped()).extracting(DroppedEvent::eventId).containsExactly(nobody.id());
    }

    @Test
    void requestUsesBasicAuthWithTheWriteKeyAndRedactsIt() {
        OutgoingRequest r = sink.prepare(List.of(widget("open", "{}")), NOW).requests().get(0);
        assertThat(r.uri().toString()).isEqualTo("https://api.segment.io/v1/batch");
        assertThat(r.headers().get("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "wk_secret_123:".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.toString()).doesNotContain("wk_secret_123").doesNotContain(r.headers().get("Authorization"));
        assertThat(new SegmentConfig("wk_secret_123").toString()).doesNotContain("wk_secret_123");
    }

    @Test
    void oversizedMessagesLoseFreeFormObjectsFirstThenLongStrings() {
        String bigObject = "{\"blob\":\"" + "x".repeat(40_000) + "\"}";
        JsonNode m = only(widget("handover", "{\"reason\":\"r\",\"priority\":\"high\",\"metadata\":" + bigObject
                + "}"));
        assertThat(m.path("properties").has("metadata")).isFalse();
        assertThat(m.path("properties").path("propertiesTruncated").asBoolean()).isTrue();
        assertThat(m.path("properties").path("priority").asText()).isEqualTo("high");

        JsonNode cut = only(widget("linkClick", "{\"href\":\"https://x/" + "y".repeat(40_000)
                + "\",\"text\":\"t\",\"protocol\":\"https:\",\"params\":{}}"));
        assertThat(cut.path("properties").path("linkUrl").asText()).hasSize(SegmentSink.SHRUNK_STRING_LENGTH);

        JsonNode small = only(widget("handover", TestEvents.sample("handover")));
        assertThat(small.path("properties").path("metadata").path("source").asText()).isEqualTo("w");
        assertThat(small.path("properties").has("propertiesTruncated")).isFalse();
    }

    @Test
    void batchesStayWithin500KbAndAreFilledToTheLimit() {
        List<AnalyticsEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(widget("error", "{\"type\":\"backend\",\"message\":\"" + "e".repeat(30_000) + "\"}"));
        }
        AnalyticsBatch batch = sink.prepare(events, NOW);
        assertThat(batch.dropped()).isEmpty();
        assertThat(batch.requests()).hasSizeGreaterThan(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch.requests().size(); i++) {
            OutgoingRequest r = batch.requests().get(i);
            assertThat(r.body().length).isLessThanOrEqualTo(SegmentSink.MAX_REQUEST_BYTES);
            assertThat(parse(r.body()).path("batch")).hasSize(r.eventIds().size());
            if (i < batch.requests().size() - 1) {
                // the next message would not have fitted
                int perMessage = (r.body().length - "{\"batch\":[]}".length()) / r.eventIds().size();
                assertThat(r.body().length + perMessage + 1).isGreaterThan(SegmentSink.MAX_REQUEST_BYTES);
            }
            ids.addAll(r.eventIds());
        }
        assertThat(ids).containsExactlyElementsOf(events.stream().map(AnalyticsEvent::id).toList());
    }
}

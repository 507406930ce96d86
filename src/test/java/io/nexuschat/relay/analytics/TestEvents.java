package io.nexuschat.relay.analytics;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds {@link AnalyticsEvent}s for the tests and parses request bodies. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");
    static final String SESSION = "5f0c8a8e-2b7e-4f61-9a43-0c1d2e3f4a5b";
    static final String EXPERIENCE = "demo";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestEvents() {
    }

    /** A widget event with a fresh UUID-shaped id, the test session, one minute before {@link #NOW}. */
    static AnalyticsEvent widget(String name, String dataJson) {
        return event("widget." + name, dataJson, SESSION, null);
    }

    static AnalyticsEvent event(String type, String dataJson, String sessionId, String userId) {
        String id = String.format("00000000-0000-4000-8000-%012d", SEQ.incrementAndGet());
        return new AnalyticsEvent(id, type, EXPERIENCE, sessionId, userId, NOW.minusSeconds(60), object(dataJson));
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One sample payload per widget event, as the widget sends them (events.json's required fields). */
    static String sample(String name) {
        return switch (name) {
            case "open", "close" -> "{\"sessionId\":\"" + SESSION + "\"}";
            case "minimize", "maximize" -> "{\"previousMode\":\"normal\"}";
            case "sessionStart" -> "{\"metadata\":{\"page\":\"/pricing\"}}";
            case "sessionEnd" -> "{\"duration\":120000,\"messageCount\":6}";
            case "sessionClear" -> "{\"messageCount\":4}";
            case "messageStart" -> "{\"message\":\"my card number is 4111\"}";
            case "messageChunk" -> "{\"chunk\":\"Hel\",\"queryId\":\"q1\"}";
            case "messageComplete" -> "{\"answer\":\"Hello there\",\"queryId\":\"q1\",\"duration\":1234}";
            case "typing" -> "{\"text\":\"hel\",\"length\":3}";
            case "typingStop" -> "{\"finalText\":\"hello\"}";
            case "feedback" -> "{\"rating\":\"positive\",\"messageId\":\"m1\",\"comment\":\"great\"}";
            case "copy" -> "{\"content\":\"copied answer\",\"messageId\":\"m1\"}";
            case "customAction" -> "{\"eventName\":\"show_animation\",\"eventData\":{\"x\":1},\"actionId\":\"a1\"}";
            case "handover" -> "{\"reason\":\"user_requested\",\"priority\":\"high\",\"metadata\":{\"source\":\"w\"}}";
            case "disclaimerAccept" -> "{\"experienceId\":\"demo\"}";
            case "linkClick" -> "{\"href\":\"tour:id=123\",\"text\":\"Take the tour\",\"protocol\":\"tour:\","
                    + "\"params\":{\"id\":\"123\"}}";
            case "voiceStart" -> "{\"language\":\"en-US\"}";
            case "voiceEnd" -> "{\"transcript\":\"call me at 555\",\"duration\":3000}";
            case "ttsStart" -> "{\"text\":\"Hello there\",\"messageId\":\"m1\"}";
            case "ttsEnd" -> "{\"duration\":2500,\"messageId\":\"m1\"}";
            case "error" -> "{\"type\":\"timeout\",\"message\":\"Request timed out\",\"stack\":\"at x\","
                    + "\"details\":{\"ms\":30000}}";
            default -> throw new IllegalArgumentException(name);
        };
    }
}

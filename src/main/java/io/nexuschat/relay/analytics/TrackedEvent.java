package io.nexuschat.relay.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The widget events that analytics services receive, with their names per service and their properties.
 * <p>
 * Names follow seed 002's in-page examples: GA4 {@code chat_<snake_case>} ({@code chat_session_start},
 * {@code chat_message_complete}, {@code chat_feedback}, {@code chat_error}) except {@code link_click}, which the seed
 * names without a prefix, and {@code chat_clear}, after the seed's {@code Chat Cleared}; Segment and Mixpanel share Title Case names ({@code Chat Session Started}, {@code Chat
 * Message Completed}, {@code Chat Feedback}, {@code Chat Cleared}), the rest in the same past-tense style.
 * Properties are defined once in Segment's camelCase ({@code sessionId}, {@code responseTime}, {@code queryId}) and
 * converted to snake_case for GA4 and Mixpanel ({@code session_id}, {@code response_time}, {@code query_id}), as in
 * the seed.
 * <p>
 * Every event also carries {@code sessionId} (when known) and {@code experienceId}. Text a visitor typed or spoke
 * ({@code messageStart.message}, {@code voiceEnd.transcript}) and assistant text ({@code answer}, copied
 * {@code content}, TTS {@code text}) are never sent, even when the experience relays visitor text to webhooks:
 * analytics tools forbid personal data, so only lengths of assistant text go out. Free-form objects
 * ({@code metadata}, {@code eventData}, {@code params}, {@code details}) go to Segment and Mixpanel only, since GA4
 * parameters are scalars.
 * <p>
 * Not sent to analytics: {@code widget.typing}, {@code widget.typingStop} and {@code widget.messageChunk}
 * (keystroke and stream-chunk granularity: many per message, no analytic value, and they would exhaust quotas), and
 * all server events ({@code session.*}, {@code message.completed}, {@code feedback.submitted},
 * {@code handover.requested}): each repeats a widget event under another name and would double-count, and an
 * integrator who turns the widget's relay off ({@code analytics: {relay: false}}) expects no analytics from it.
 */
public enum TrackedEvent {

    // @formatter:off
    /** {@code open}: widget opened. */
    OPEN("open", "chat_open", "Chat Opened", (d, p) -> { }),
    /** {@code close}: widget closed. */
    CLOSE("close", "chat_close", "Chat Closed", (d, p) -> { }),
    /** {@code minimize}: widget minimized. */
    MINIMIZE("minimize", "chat_minimize", "Chat Minimized", (d, p) -> p.copy(d, "previousMode", "previousMode")),
    /** {@code maximize}: widget maximized. */
    MAXIMIZE("maximize", "chat_maximize", "Chat Maximized", (d, p) -> p.copy(d, "previousMode", "previousMode")),
    /** {@code sessionStart}: new chat session. */
    SESSION_START("sessionStart", "chat_session_start", "Chat Session Started",
            (d, p) -> p.freeForm(d, "metadata", "metadata")),
    /** {@code sessionEnd}: session ended. */
    SESSION_END("sessionEnd", "chat_session_end", "Chat Session Ended", (d, p) -> {
        p.copy(d, "duration", "duration");
        p.copy(d, "messageCount", "messageCount");
    }),
    /** {@code sessionClear}: visitor cleared the chat (seed: Segment {@code Chat Cleared}). */
    SESSION_CLEAR("sessionClear", "chat_clear", "Chat Cleared", (d, p) -> p.copy(d, "messageCount", "messageCount")),
    /** {@code messageStart}: visitor sent a message (its text is never sent). */
    MESSAGE_START("messageStart", "chat_message_start", "Chat Message Started", (d, p) -> { }),
    /** {@code messageComplete}: answer complete; {@code duration} is the response time. */
    MESSAGE_COMPLETE("messageComplete", "chat_message_complete", "Chat Message Completed", (d, p) -> {
        p.copy(d, "duration", "responseTime");
        p.copy(d, "queryId", "queryId");
        p.length(d, "answer", "answerLength");
    }),
    /** {@code feedback}: visitor rated an answer. */
    FEEDBACK("feedback", "chat_feedback", "Chat Feedback", (d, p) -> {
        p.copy(d, "rating", "rating");
        p.copy(d, "messageId", "messageId");
        p.put("hasComment", BooleanNode.valueOf(d.hasNonNull("comment") && !d.path("comment").asText().isBlank()));
    }),
    /** {@code copy}: visitor copied an answer. */
    COPY("copy", "chat_copy", "Chat Message Copied", (d, p) -> {
        p.copy(d, "messageId", "messageId");
        p.length(d, "content", "contentLength");
    }),
    /** {@code customAction}: custom action button clicked. */
    CUSTOM_ACTION("customAction", "chat_custom_action", "Chat Custom Action Clicked", (d, p) -> {
        p.copy(d, "actionId", "actionId");
        p.copy(d, "eventName", "actionName");
        p.freeForm(d, "eventData", "actionData");
    }),
    /** {@code handover}: handover to a person requested. */
    HANDOVER("handover", "chat_handover", "Chat Handover Requested", (d, p) -> {
        p.copy(d, "reason", "reason");
        p.copy(d, "priority", "priority");
        p.freeForm(d, "metadata", "metadata");
    }),
    /** {@code disclaimerAccept}: disclaimer accepted. */
    DISCLAIMER_ACCEPT("disclaimerAccept", "chat_disclaimer_accept", "Chat Disclaimer Accepted", (d, p) -> { }),
    /** {@code linkClick}: link in an answer clicked (seed: GA4 {@code link_click}, {@code link_url}, ...). */
    LINK_CLICK("linkClick", "link_click", "Chat Link Clicked", (d, p) -> {
        p.copy(d, "href", "linkUrl");
        p.copy(d, "text", "linkText");
        p.copy(d, "protocol", "linkProtocol");
        p.freeForm(d, "params", "linkParams");
    }),
    /** {@code voiceStart}: voice input started. */
    VOICE_START("voiceStart", "chat_voice_start", "Chat Voice Started", (d, p) -> p.copy(d, "language", "language")),
    /** {@code voiceEnd}: voice input ended (the transcript is never sent). */
    VOICE_END("voiceEnd", "chat_voice_end", "Chat Voice Ended", (d, p) -> p.copy(d, "duration", "duration")),
    /** {@code ttsStart}: text-to-speech started. */
    TTS_START("ttsStart", "chat_tts_start", "Chat TTS Started", (d, p) -> {
        p.copy(d, "messageId", "messageId");
        p.length(d, "text", "textLength");
    }),
    /** {@code ttsEnd}: text-to-speech ended. */
    TTS_END("ttsEnd", "chat_tts_end", "Chat TTS Ended", (d, p) -> {
        p.copy(d, "messageId", "messageId");
        p.copy(d, "duration", "duration");
    }),
    /** {@code error}: widget error (seed: GA4 {@code error_type}, {@code error_message}; the stack is not sent). */
    ERROR("error", "chat_error", "Chat Error", (d, p) -> {
        p.copy(d, "type", "errorType");
        p.copy(d, "message", "errorMessage");
        p.freeForm(d, "details", "details");
    });
    // @formatter:on

    /** Widget events deliberately not sent to analytics (see the class comment). */
    public static final Set<String> NOT_TRACKED_WIDGET_EVENTS = Set.of("typing", "typingStop", "messageChunk");

    private static final Map<String, TrackedEvent> BY_WIDGET_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(TrackedEvent::widgetName, Function.identity()));

    private final String widgetName;
    private final String ga4Name;
    private final String trackName;
    private final BiConsumer<JsonNode, Properties> mapper;

    TrackedEvent(String widgetName, String ga4Name, String trackName, BiConsumer<JsonNode, Properties> mapper) {
        this.widgetName = widgetName;
        this.ga4Name = ga4Name;
        this.trackName = trackName;
        this.mapper = mapper;
    }

    /** The widget event name ({@code messageComplete}). */
    public String widgetName() {
        return widgetName;
    }

    /** The GA4 event name ({@code chat_message_complete}). */
    public String ga4Name() {
        return ga4Name;
    }

    /** The Segment and Mixpanel event name ({@code Chat Message Completed}). */
    public String trackName() {
        return trackName;
    }

    /** The tracked event for a relayed type ({@code widget.messageComplete}), if analytics receives it. */
    public static Optional<TrackedEvent> of(String type) {
        return type.startsWith(AnalyticsEvent.WIDGET_PREFIX)
                ? Optional.ofNullable(BY_WIDGET_NAME.get(type.substring(AnalyticsEvent.WIDGET_PREFIX.length())))
                : Optional.empty();
    }

    /** Why a type is not sent to analytics (only meaningful when {@link #of} is empty). */
    static String notTrackedReason(String type) {
        if (type.startsWith(AnalyticsEvent.WIDGET_PREFIX)) {
            String name = type.substring(AnalyticsEvent.WIDGET_PREFIX.length());
            return NOT_TRACKED_WIDGET_EVENTS.contains(name)
                    ? "not sent to analytics: " + type + " is keystroke/stream-chunk level"
                    : "not sent to analytics: unknown widget event " + type;
        }
        return "not sent to analytics: server event " + type + " repeats a widget event (would double-count)";
    }

    /** The event's properties in camelCase, common ones first ({@code sessionId}, {@code experienceId}). */
    List<Property> properties(AnalyticsEvent event) {
        Properties p = new Properties();
        if (event.sessionId() != null) {
            p.put("sessionId", TextNode.valueOf(event.sessionId()));
        }
        if (event.experienceId() != null) {
            p.put("experienceId", TextNode.valueOf(event.experienceId()));
        }
        mapper.accept(event.data(), p);
        return p.list;
    }

    /**
     * One mapped property.
     *
     * @param name camelCase name
     * @param value JSON value
     * @param freeForm an integrator-defined object or array (dropped first when a message is too large; not for GA4)
     */
    record Property(String name, JsonNode value, boolean freeForm) {
    }

    /** Collects properties, skipping absent and null fields (services store nulls as values, which misleads). */
    static final class Properties {
        private final List<Property> list = new ArrayList<>();

        void put(String name, JsonNode value) {
            list.add(new Property(name, value, false));
        }

        void copy(JsonNode data, String field, String name) {
            JsonNode v = data.get(field);
            if (v != null && !v.isNull()) {
                list.add(new Property(name, v, v.isContainerNode()));
            }
        }

        void freeForm(JsonNode data, String field, String name) {
            JsonNode v = data.get(field);
            if (v != null && !v.isNull()) {
                list.add(new Property(name, v, true));
            }
        }

        void length(JsonNode data, String field, String name) {
            JsonNode v = data.get(field);
            if (v != null && v.isTextual()) {
                list.add(new Property(name, IntNode.valueOf(v.asText().length()), false));
            }
        }
    }

    /** {@code responseTime} → {@code response_time}. */
    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

}

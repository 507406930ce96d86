package io.nexuschat.relay.analytics;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One relayed event as the analytics sinks see it, independent of how the relay stores it.
 *
 * @param id stable event id (the widget's client-made UUID or the outbox id); dedup ids are derived from it
 * @param type {@code widget.<eventName>} for widget events, or a server type such as {@code session.created}
 * @param experienceId experience the event belongs to
 * @param sessionId chat session id, or {@code null}
 * @param userId integrator's user id bound to the session, or {@code null}
 * @param timestamp when the event happened
 * @param data the event's payload (visitor text already redacted upstream unless the experience opted in)
 */
public record AnalyticsEvent(String id, String type, String experienceId, String sessionId, String userId,
        Instant timestamp, ObjectNode data) {

    /** Prefix of widget event types. */
    public static final String WIDGET_PREFIX = "widget.";

    /** Validates the required fields; a missing payload becomes an empty object. */
    public AnalyticsEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        sessionId = blankToNull(sessionId);
        userId = blankToNull(userId);
        data = data == null ? JsonNodeFactory.instance.objectNode() : data;
    }

    /** The widget event name ({@code messageComplete} for {@code widget.messageComplete}), or {@code null}. */
    public String widgetEventName() {
        return type.startsWith(WIDGET_PREFIX) ? type.substring(WIDGET_PREFIX.length()) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

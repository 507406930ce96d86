package io.nexuschat.relay;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Privacy: removes text the visitor typed or spoke from relayed events, unless the experience opted in with
 * {@code "relay": {"includeVisitorText": true}}. A redacted event lists the removed fields in {@code redacted}.
 */
public final class VisitorText {

    /** Event type → the field holding the visitor's own words. */
    static final Map<String, String> FIELDS = Map.of("widget.typing", "text", "widget.typingStop", "finalText",
            "widget.messageStart", "message", "widget.voiceEnd", "transcript", "widget.feedback", "comment",
            EventTypes.FEEDBACK_SUBMITTED, "comment");

    private VisitorText() {
    }

    /** Removes the visitor's text from {@code data} of an event of {@code type} (in place) unless {@code keep}. */
    public static void redact(String type, ObjectNode data, boolean keep) {
        String field = FIELDS.get(type);
        if (keep || field == null || !data.has(field) || data.get(field).isNull()) {
            return;
        }
        data.remove(field);
        ArrayNode redacted = data.has("redacted") && data.get("redacted").isArray()
                ? (ArrayNode) data.get("redacted")
                : data.putArray("redacted");
        redacted.add(field);
    }
}

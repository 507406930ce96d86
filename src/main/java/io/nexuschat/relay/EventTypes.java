package io.nexuschat.relay;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The relayed event types: the 23 widget events (as {@code widget.<name>}) and the server events. */
public final class EventTypes {

    /** Widget event names of the public contract ({@code contract/events.json}). */
    public static final List<String> WIDGET_EVENTS = List.of("open", "close", "minimize", "maximize",
            "sessionStart", "sessionEnd", "sessionClear", "messageStart", "messageChunk", "messageComplete", "typing",
            "typingStop", "feedback", "copy", "customAction", "handover", "disclaimerAccept", "linkClick",
            "voiceStart", "voiceEnd", "ttsStart", "ttsEnd", "error");

    /** Prefix of relayed widget events. */
    public static final String WIDGET_PREFIX = "widget.";

    public static final String SESSION_CREATED = "session.created";
    public static final String SESSION_UPDATED = "session.updated";
    public static final String SESSION_ENDED = "session.ended";
    public static final String SESSION_DELETED = "session.deleted";
    public static final String MESSAGE_COMPLETED = "message.completed";
    public static final String FEEDBACK_SUBMITTED = "feedback.submitted";
    public static final String HANDOVER_REQUESTED = "handover.requested";

    /** Server event types, written in the transaction of the change they describe. */
    public static final List<String> SERVER_EVENTS = List.of(SESSION_CREATED, SESSION_UPDATED, SESSION_ENDED,
            SESSION_DELETED, MESSAGE_COMPLETED, FEEDBACK_SUBMITTED, HANDOVER_REQUESTED);

    /** Every relayed type. */
    public static final Set<String> ALL = Stream
            .concat(SERVER_EVENTS.stream(), WIDGET_EVENTS.stream().map(n -> WIDGET_PREFIX + n))
            .collect(java.util.stream.Collectors.toCollection(TreeSet::new));

    private EventTypes() {
    }

    /** Whether {@code filter} (a subscription's list) is a valid entry: a type, or a prefix wildcard like widget.*. */
    public static boolean validFilter(String filter) {
        if (filter == null) {
            return false;
        }
        if (filter.endsWith(".*")) {
            String prefix = filter.substring(0, filter.length() - 1);
            return ALL.stream().anyMatch(t -> t.startsWith(prefix));
        }
        return ALL.contains(filter);
    }

    /** Whether {@code type} is selected by one of {@code filters} (exact types or prefix wildcards). */
    public static boolean matches(List<String> filters, String type) {
        for (String f : filters) {
            if (f.equals(type) || (f.endsWith(".*") && type.startsWith(f.substring(0, f.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}

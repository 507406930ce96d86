package io.nexuschat.answer;

import java.util.Map;

/**
 * What a bot asks to happen to the session besides answering (seed 003's session lifetime control): end it and start a
 * new one ({@link Action#NEW}, optionally answering the same message there), end it after this answer
 * ({@link Action#STOP}), and/or merge {@code metadata} into it.
 *
 * @param action what happens to the session; null for none (a metadata-only directive)
 * @param carry for {@link Action#NEW}: the message is answered again in the new session, and this answer dropped
 * @param stopReason for {@link Action#STOP}: why, as the session's end reason
 * @param metadata shallow-merged into the session's metadata (a null value removes its key); null for none
 */
public record SessionDirective(Action action, boolean carry, StopReason stopReason, Map<String, Object> metadata) {

    /** What happens to the session. */
    public enum Action {
        /** End it (end reason {@code bot}) and start a new one that continues it. */
        NEW,
        /** Deliver this answer, then end it; the next message opens a new session. */
        STOP
    }

    /** Why a bot stopped a session. */
    public enum StopReason {
        /** The visitor's issue was solved. */
        RESOLVED,
        /** The conversation is over for another reason. */
        ENDED
    }

    /** A new session that answers this same message there. */
    public boolean carried() {
        return action == Action.NEW && carry;
    }

    /** This directive without its {@code new} action (for a message the bot already carried: never twice). */
    public SessionDirective withoutNew() {
        return action == Action.NEW ? new SessionDirective(null, false, null, metadata) : this;
    }
}

package io.nexuschat.session;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CDI event fired inside the transaction that changed a session; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only on committed changes (webhooks
 * {@code session.created|updated|deleted}).
 *
 * @param type what happened
 * @param session the session after the change (for {@code deleted}: as it was just before)
 * @param previousEndReason for {@code CREATED} of a session that continues an ended one (a rollover, or a new
 *        session the bot asked for): why that one ended; null otherwise
 */
@RegisterForReflection
public record SessionEvent(Type type, SessionView session, EndReason previousEndReason) {

    /** An event without a previous session's end reason. */
    public SessionEvent(Type type, SessionView session) {
        this(type, session, null);
    }

    /** What happened to the session. */
    public enum Type {
        /** Created: by {@code POST /sessions}, by a query without a session, or by a rollover. */
        CREATED,
        /** Name or metadata changed. */
        UPDATED,
        /** Stopped being active: completed (cleared, ended, resolved) or expired. */
        ENDED,
        /** Removed with its messages. */
        DELETED
    }
}

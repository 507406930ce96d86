package io.nexuschat.session;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * CDI event fired inside the transaction that changed a session; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to act only on committed changes (webhooks
 * {@code session.created|updated|deleted}).
 *
 * @param type what happened
 * @param session the session after the change (for {@code deleted}: as it was just before)
 */
@RegisterForReflection
public record SessionEvent(Type type, SessionView session) {

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

package io.nexuschat.session;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Tells the widget that the session changed around a query: the {@code session} SSE event and the {@code session} /
 * {@code sessionAfter} fields of the JSON answer. Before the answer, it names the session the query is answered in when
 * that is not the one it was sent to (created, rolled over, or carried into a new session by the bot); after the
 * answer, it says the bot ended the session the answer was stored in.
 *
 * @param previousSessionId the session that ended: the one the query was sent to, or (after the answer) the one it was
 *        answered in; null when the query created the first session
 * @param sessionId the session that continues: the one the query was stored and answered in, or (after the answer) the
 *        one the bot started; null after the answer when the bot only stopped the session (the next message opens one)
 * @param reason {@code created} for a new session, else why the previous one ended ({@code expired},
 *        {@code inactivity}, {@code cleared}, {@code ended}, {@code resolved}, {@code bot})
 */
@RegisterForReflection
public record SessionChange(UUID previousSessionId, UUID sessionId, String reason) {

    /** The reason given when a query created its session. */
    public static final String CREATED = "created";
}

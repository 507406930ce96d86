package io.nexuschat.session;

import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Tells the widget that a query is answered in another session than the one it sent: the first SSE event
 * ({@code session}) and the {@code session} field of the JSON answer.
 *
 * @param previousSessionId the ended session the query was sent to; null when the query created the first session
 * @param sessionId the session the query was stored and answered in
 * @param reason {@code created} for a new session, else why the previous one ended ({@code expired},
 *        {@code inactivity}, {@code cleared}, {@code ended}, {@code resolved})
 */
@RegisterForReflection
public record SessionChange(UUID previousSessionId, UUID sessionId, String reason) {

    /** The reason given when a query created its session. */
    public static final String CREATED = "created";
}

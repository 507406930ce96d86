package io.nexuschat.answer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.nexuschat.experience.Experience;

/**
 * Everything an engine may use: the experience, the session's earlier turns (oldest first, not including this query),
 * the query text, and the query's context (its id, the session's user, metadata and lifetime), which the {@code http}
 * engine forwards to the integrator's bot.
 *
 * @param context the query and its session; null only where an engine is driven without one (unit tests)
 */
public record AnswerRequest(Experience experience, String sessionId, List<Turn> history, String query,
        Context context) {

    /** A request without a query context. */
    public AnswerRequest(Experience experience, String sessionId, List<Turn> history, String query) {
        this(experience, sessionId, history, query, null);
    }

    /**
     * One earlier message of the conversation. {@code role} is {@code user} or {@code assistant}; {@code createdAt}
     * when it was stored (null where unknown).
     */
    public record Turn(String role, String text, Instant createdAt) {

        public Turn(String role, String text) {
            this(role, text, null);
        }
    }

    /**
     * The query and the session it is answered in.
     *
     * @param queryId the query's id (the same on a retry)
     * @param userId the user the session is bound to, or null
     * @param metadata the session's metadata, never null
     * @param createdAt when the session started
     * @param lastActivityAt when its last message (this query's) was stored
     * @param messageCount messages stored in the session, this query's included
     * @param previousSessionId the ended session this one continues, or null
     * @param carried the message was carried into this new session by the bot's own {@code new} directive
     */
    public record Context(String queryId, String userId, Map<String, Object> metadata, Instant createdAt,
            Instant lastActivityAt, long messageCount, String previousSessionId, boolean carried) {
    }
}

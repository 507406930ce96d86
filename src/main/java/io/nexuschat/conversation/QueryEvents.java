package io.nexuschat.conversation;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.nexuschat.experience.Experience;
import io.nexuschat.session.SessionChange;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The payloads of the query endpoint: SSE events ({@code chunk}, {@code complete}, {@code error}) and JSON answer. */
public final class QueryEvents {

    private QueryEvents() {
    }

    /**
     * SSE event names. {@code session} carries a {@link SessionChange}: before the chunks (or, when a bot carries the
     * message into a new session, before the chunks of the answer given there) and after {@code complete} when the bot
     * ended the session after its answer.
     */
    public static final String SESSION = "session";
    public static final String CHUNK = "chunk";
    public static final String COMPLETE = "complete";
    public static final String ERROR = "error";

    /** SSE {@code chunk}: the next piece of the answer's Markdown. */
    @RegisterForReflection
    public record Chunk(String chunk, String queryId) {
    }

    /**
     * SSE {@code complete}: the whole answer.
     *
     * @param answer the answer's Markdown (the concatenation of the chunks)
     * @param answerHtml the answer rendered and sanitized by the server
     * @param queryId the query
     * @param messageId the stored answer's id (for feedback, copy)
     * @param sessionId the session it is stored in
     * @param duration milliseconds from receiving the query to the complete answer
     * @param actions action buttons offered with the answer (e.g. a handover), possibly empty
     */
    @RegisterForReflection
    public record Complete(String answer, String answerHtml, String queryId, UUID messageId, UUID sessionId,
            long duration, List<Experience.Action> actions) {
    }

    /**
     * SSE {@code error}: the engine failed or took too long; the visitor's message stays stored.
     *
     * @param type {@code backend} or {@code timeout}
     * @param message what went wrong, safe to show
     * @param queryId the query
     */
    @RegisterForReflection
    public record StreamError(String type, String message, String queryId) {
    }

    /**
     * The JSON (non-streaming) answer: the {@code complete} event's fields, plus {@code session} when the query
     * created its session or was moved to a new one (by a rollover, or by the bot carrying it), and
     * {@code sessionAfter} when the bot ended the session after this answer ({@code sessionId}: the session it started,
     * or null when the next message opens one).
     */
    @RegisterForReflection
    public record Response(UUID sessionId, String queryId, UUID messageId, String answer, String answerHtml,
            long duration, List<Experience.Action> actions,
            @JsonInclude(JsonInclude.Include.NON_NULL) SessionChange session,
            @JsonInclude(JsonInclude.Include.NON_NULL) SessionChange sessionAfter) {
    }
}

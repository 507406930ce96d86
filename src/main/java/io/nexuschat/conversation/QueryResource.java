package io.nexuschat.conversation;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.security.RateLimits;
import io.nexuschat.common.ApiKeys;
import io.nexuschat.common.ProblemException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.mutiny.Multi;

/**
 * {@code POST /api/v2/query}: one visitor message in, one answer out, streamed as server-sent events or returned as
 * JSON. An answer may take seconds, so it never holds a worker thread: it runs on virtual threads.
 */
@Path("/api/v2/query")
@Tag(name = "Queries", description = "Ask a question in a session and receive the answer, streamed or whole.")
public class QueryResource {

    private static final Logger LOG = Logger.getLogger(QueryResource.class);

    private static final String DESCRIPTION = """
            Stores the visitor's message, answers it with the experience's answer engine (the session's earlier \
            messages are the context) and stores the answer.

            Sessions: without `sessionId` a session is created; an unknown (client-chosen) UUID is created on first \
            use; a session that has ended (expired, inactivity, cleared, ended, resolved) is replaced by a new one \
            (same experience, user and metadata) and the query is answered there — a query never fails because \
            its session ended, and the message is never lost.

            Access: a session bound to a `userId` answers only queries carrying that `userId` (403 otherwise), \
            unless the request carries a valid API key (`Authorization: Bearer`). Experiences with \
            `allowedOrigins` refuse other browser origins (403). Experiences with identity verification accept a \
            `userId` only with its `userHash` beside it (hex HMAC-SHA256 of the userId with the experience's \
            secret, computed by the integrator's backend): a missing (when required) or wrong hash is a 403.

            Retries: sending a query again with the same `queryId` and `sessionId` (or the id of the session it \
            was moved away from) stores no second message. When its answer is stored, that answer is sent again \
            (one `chunk` with the whole answer, then `complete` with the same `messageId`) without asking the \
            engine; otherwise the query is answered once more, in the session of its first delivery. A query has at \
            most one stored answer. The same `queryId` with another `text` is a 409.

            With `Accept: text/event-stream` the answer streams as server-sent events, each `data:` one JSON \
            object: first `session` `{previousSessionId, sessionId, reason}` when the query created its session \
            (`reason: "created"`, `previousSessionId: null`) or moved to a new one (`reason` = why the old one \
            ended); then `chunk` `{chunk, queryId}` for each piece of Markdown; then `complete` \
            `{answer, answerHtml, queryId, messageId, sessionId, duration, actions}` — or `error` \
            `{type: "backend"|"timeout", message, queryId}` when the engine fails (the visitor's message stays \
            stored).

            Bots (`answer.engine: "http"`) may change the session: when the bot carries the message into a new \
            session (`{"action": "new", "carry": true}`), a `session` event `{previousSessionId, sessionId, \
            reason: "bot"}` comes before the chunks of the answer given there (chunks sent before it belong to no \
            answer); when it ends the session after its answer, a `session` event follows `complete`: \
            `{previousSessionId: <the answered session>, sessionId: <the new session> | null, reason}` — \
            `reason: "bot"` with the session it started (`{"action": "new"}`), or `"resolved"`/`"ended"` with \
            `sessionId: null` (`{"action": "stop"}`: the next message opens a new session). `answerHtml` is rendered and sanitized by the server. While the engine works, a comment line \
            `: ping` is written whenever nothing was sent for 15 s (`nexus.conversation.heartbeat`); comments are \
            not events and SSE parsers ignore them. With `Accept: application/json` the complete answer is \
            returned at once (502/504 problem when the engine fails or times out), with `session` (the change before the \
            answer) and `sessionAfter` (the change after it) when there is one.""";

    @Inject
    RateLimits rateLimits;

    @Inject
    QueryService queries;

    @Inject
    ApiKeys apiKeys;

    @Inject
    ObjectMapper mapper;

    @Inject
    StreamHeartbeat heartbeat;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "Ask, and stream the answer as server-sent events", description = DESCRIPTION)
    @APIResponse(responseCode = "200", description = "Event stream: session?, chunk…, complete | error, session?")
    @APIResponse(responseCode = "400", description = "Invalid query (field errors)")
    @APIResponse(responseCode = "401", description = "An Authorization header with an invalid API key")
    @APIResponse(responseCode = "403", description = "Session bound to another user, or origin not allowed")
    @APIResponse(responseCode = "409", description = "The session belongs to another experience, or the queryId was used for another text")
    @APIResponse(responseCode = "413", description = "Body larger than the limit")
    @APIResponse(responseCode = "415", description = "Body is not application/json")
    public Multi<OutboundSseEvent> stream(QueryRequest body, @Context HttpHeaders headers, @Context Sse sse) {
        // Validation and storing the message run here, on a worker thread for a few milliseconds, so input errors are
        // ordinary problem+json responses; the answer then streams from its own virtual thread, holding no worker.
        rateLimits.requireSessionBudget(RateLimits.Endpoint.QUERY,
                java.util.Collections.singleton(body == null ? null : body.sessionId()));
        QueryService.PreparedQuery query = queries.prepare(body, apiKeys.caller(headers));
        return Multi.createFrom().emitter(emitter -> Thread.ofVirtual().name("query-stream")
                .start(() -> streamAnswer(query, new QueryEventStream(emitter, sse, mapper))));
    }

    private void streamAnswer(QueryService.PreparedQuery query, QueryEventStream events) {
        try (StreamHeartbeat.Beat beat = heartbeat.start(events)) {
            if (query.change() != null) {
                events.send(QueryEvents.SESSION, query.change());
            }
            QueryService.AnsweredQuery answer = queries.answer(query,
                    chunk -> events.send(QueryEvents.CHUNK, new QueryEvents.Chunk(chunk, query.queryId())),
                    carried -> events.send(QueryEvents.SESSION, carried));
            events.send(QueryEvents.COMPLETE, new QueryEvents.Complete(answer.markdown(), answer.html(),
                    query.queryId(), answer.messageId(), answer.sessionId(), answer.durationMillis(),
                    answer.actions()));
            if (answer.after() != null) {
                events.send(QueryEvents.SESSION, answer.after());
            }
        } catch (AnswerFailure failure) {
            events.send(QueryEvents.ERROR,
                    new QueryEvents.StreamError(failure.type(), failure.getMessage(), query.queryId()));
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "Streaming the answer to query %s failed", query.queryId());
            events.send(QueryEvents.ERROR, new QueryEvents.StreamError(AnswerFailure.BACKEND,
                    "The server failed to answer; please try again", query.queryId()));
        } finally {
            events.complete();
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RunOnVirtualThread
    @Operation(summary = "Ask, and receive the complete answer as JSON", description = DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The stored answer")
    @APIResponse(responseCode = "400", description = "Invalid query (field errors)")
    @APIResponse(responseCode = "401", description = "An Authorization header with an invalid API key")
    @APIResponse(responseCode = "403", description = "Session bound to another user, or origin not allowed")
    @APIResponse(responseCode = "409", description = "The session belongs to another experience, or the queryId was used for another text")
    @APIResponse(responseCode = "502", description = "The answer engine failed (the message stays stored)")
    @APIResponse(responseCode = "504", description = "The answer engine took too long (the message stays stored)")
    public QueryEvents.Response ask(QueryRequest body, @Context HttpHeaders headers) {
        rateLimits.requireSessionBudget(RateLimits.Endpoint.QUERY,
                java.util.Collections.singleton(body == null ? null : body.sessionId()));
        QueryService.PreparedQuery query = queries.prepare(body, apiKeys.caller(headers));
        try {
            QueryService.AnsweredQuery answer = queries.answer(query, chunk -> {
            }, carried -> {
            });
            return new QueryEvents.Response(answer.sessionId(), query.queryId(), answer.messageId(),
                    answer.markdown(), answer.html(), answer.durationMillis(), answer.actions(),
                    answer.carried() != null ? answer.carried() : query.change(), answer.after());
        } catch (AnswerFailure failure) {
            boolean timeout = AnswerFailure.TIMEOUT.equals(failure.type());
            throw new ProblemException(timeout ? 504 : 502, timeout ? "answer-timeout" : "answer-failed",
                    timeout ? "Answer timed out" : "Answer failed", failure.getMessage(), null);
        }
    }
}

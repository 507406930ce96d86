package io.nexuschat.relay.stream;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nexuschat.common.ApiKeys;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.session.SessionService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** {@code GET /api/v2/sessions/{id}/events/stream}: the relayed events of one session, live. */
@Path("/api/v2/sessions/{id}/events/stream")
@Tag(name = "Events")
public class SessionEventStreamResource {

    @Inject
    EventStreams streams;

    @Inject
    SessionService sessions;

    @Inject
    ApiKeys apiKeys;

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live stream of a session's events", description = """
            The same stream as `/api/v2/events/stream`, for one session: open to whoever holds the session id, like \
            the other session endpoints (a session bound to a `userId` needs it in `X-Nexus-User-Id`, with its \
            `X-Nexus-User-Hash` for an experience with identity verification, or an API key). Resumable with `Last-Event-ID`. Visitor text is redacted as for webhooks.""")
    @APIResponse(responseCode = "200", description = "Event stream")
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context HttpHeaders headers, @Context Sse sse) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        String experienceId = sessions.get(sessionId, apiKeys.caller(headers)).experienceId();
        return streams.open(sse, e -> sessionId.equals(e.sessionId()), lastEventId, experienceId, sessionId);
    }
}

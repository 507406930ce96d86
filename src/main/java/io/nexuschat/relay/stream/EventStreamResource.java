package io.nexuschat.relay.stream;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nexuschat.common.ManagementApi;
import io.nexuschat.experience.ExperienceRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/** {@code GET /api/v2/events/stream}: every relayed event of one experience, live (API key). */
@Path("/api/v2/events/stream")
@Tag(name = "Events")
public class EventStreamResource {

    @Inject
    EventStreams streams;

    @Inject
    ExperienceRegistry experiences;

    @GET
    @Blocking
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live stream of an experience's events (API key)", description = """
            Server-sent events of everything relayed for `experienceId` (server events and widget events), as they \
            are committed: `id` = the event id, `event` = its type, `data` = `{type, timestamp, data}` as webhooks \
            receive it. Send the API key in the `Authorization` header, never in the URL. Resumable: with \
            `Last-Event-ID` the stored events after that one come first (at most 1000). Streams the events \
            committed by every server instance sharing the database (read from it within \
            `nexus.streams.poll-interval`).""")
    @APIResponse(responseCode = "200", description = "Event stream")
    @APIResponse(responseCode = "400", description = "Missing or unknown experienceId")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Multi<OutboundSseEvent> stream(@QueryParam("experienceId") String experienceId,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        String id = experiences.require(experienceId).id();
        return streams.open(sse, e -> e.experienceId().equals(id), lastEventId, id, null);
    }
}

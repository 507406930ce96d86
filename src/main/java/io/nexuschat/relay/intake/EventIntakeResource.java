package io.nexuschat.relay.intake;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nexuschat.common.ProblemException;
import io.nexuschat.relay.RelayConfig;

/** {@code POST /api/v2/events}: the widget's batched events, stored durably before the answer. */
@Path("/api/v2/events")
@Tag(name = "Events", description = "Widget event intake and live event streams; events are relayed to webhooks.")
public class EventIntakeResource {

    @Inject
    EventIntakeService intake;

    @Inject
    RelayConfig config;

    @Inject
    io.nexuschat.security.RateLimits rateLimits;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a batch of widget events", description = """
            A JSON array of events `{id, experienceId, sessionId?, type, timestamp, data}`: `id` a client-made \
            UUID (the `webhook-id` of every delivery of the event), `type` one of the 23 widget event names \
            (`open`, `linkClick`, …; relayed as `widget.<name>`), `timestamp` ISO 8601 with offset, `data` the \
            event's payload object. Sent as `application/json` or as `text/plain` (so `navigator.sendBeacon` \
            needs no CORS preflight); at most 64 KB (`nexus.relay.intake-max-body`).

            Accepted events are committed to the outbox before the answer. The 202 answer has one result per item, \
            in order: `accepted`, `duplicate` (an event with this id was stored before, or earlier in the batch: \
            stored once) or `rejected` with a `reason` naming the field (unknown experience, an origin the \
            experience does not allow, an unknown type, …). Text the visitor typed or spoke is removed before \
            storing unless the experience sets `relay.includeVisitorText`.""")
    @APIResponse(responseCode = "202", description = "Per-item results: accepted, duplicate, rejected with reason")
    @APIResponse(responseCode = "400", description = "The body is not a JSON array")
    @APIResponse(responseCode = "413", description = "Body larger than 64 KB")
    @APIResponse(responseCode = "415", description = "Body is neither application/json nor text/plain")
    public Response accept(byte[] body, @Context HttpHeaders headers) {
        long limit = config.intakeMaxBody().asLongValue();
        if (body != null && body.length > limit) {
            throw new ProblemException(413, "payload-too-large", "Payload Too Large",
                    "An event batch may be at most " + limit + " bytes; send smaller batches", null);
        }
        rateLimits.requireSessionBudget(io.nexuschat.security.RateLimits.Endpoint.EVENTS, body);
        IntakeResult result = intake.accept(body == null ? new byte[0] : body, headers.getHeaderString("Origin"));
        return Response.accepted(result).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}

package io.nexuschat.handover;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nexuschat.common.ApiKeys;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Locations;
import io.nexuschat.common.ManagementApi;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.session.SessionRecords;

/**
 * {@code /api/v2/sessions/{id}/handover(s)}: the widget records a visitor's request to talk to a person; the
 * integrator's server reads them back (API key).
 */
@Path("/api/v2/sessions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Handover", description = """
        A visitor asks to talk to a person (a `trigger_handover` action). The request is stored and relayed as the \
        `handover` event to the integrator's live-chat or ticket system.""")
public class HandoverResource {

    @Inject
    HandoverService handovers;

    @Inject
    ApiKeys apiKeys;

    @POST
    @Path("handover")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a handover to a person", description = """
            `{id? (UUID), reason (1 … 100 characters), priority: low|normal|high (default normal), metadata? \
            (object, at most 8 KB as JSON), userId?, userHash?, experienceId?}`. Accepted in every session state: a request \
            made after the session expired or was completed is still recorded, so a visitor's call for a person is \
            never lost. A session bound to a `userId` accepts only that user (in the body or the `X-Nexus-User-Id` \
            header) or an API key; for an experience with identity verification, `userId` needs its `userHash` (in the \
            body, or the `X-Nexus-User-Hash` header): hex HMAC-SHA256 of the userId, 403 otherwise. `id` is an \
            idempotency key chosen by the client and becomes the request's id: \
            repeating it in the same session answers 200 with the recorded request and records nothing; the same \
            `id` in another session is a 409. With `experienceId`, a session that does not exist yet is created for \
            that experience (as a query's first message would create it: origin policy, `userId` binding) and the \
            request recorded in it, in one transaction; without it, an unknown session is a 404.""")
    @APIResponse(responseCode = "201", description = "Recorded; Location names it")
    @APIResponse(responseCode = "200", description = "The same `id` repeated: the request recorded before")
    @APIResponse(responseCode = "400", description = "Invalid fields, or an unknown experienceId")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session (and no experienceId to create it)")
    @APIResponse(responseCode = "409", description = "The id is used in another session, or the session belongs to "
            + "another experience")
    public Response request(@PathParam("id") String id, HandoverRequest body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        SessionRecords.Written<HandoverView> written = handovers.request(sessionId, body, apiKeys.caller(headers));
        return Locations.createdOrOk(written.created(),
                Locations.session(uri, sessionId, "handovers", written.record().id().toString()), written.record());
    }

    @GET
    @Path("handovers")
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Operation(summary = "List a session's handover requests (management, API key)", description = "Oldest first, paginated.")
    @APIResponse(responseCode = "200", description = "A page of handover requests")
    public Page<HandoverView> list(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        return handovers.list(sessionId, apiKeys.caller(headers), PageRequest.parse(limit, after));
    }

    @GET
    @Path("handovers/{handoverId}")
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Operation(summary = "Get one handover request (management, API key)")
    @APIResponse(responseCode = "200", description = "The handover request")
    @APIResponse(responseCode = "404", description = "No such session, or no such request in it")
    public HandoverView get(@PathParam("id") String id, @PathParam("handoverId") String handoverId,
            @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        return handovers.get(sessionId, FieldErrors.requireUuid("handoverId", handoverId), apiKeys.caller(headers));
    }
}

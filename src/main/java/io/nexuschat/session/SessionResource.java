package io.nexuschat.session;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.nexuschat.common.ApiKeys;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Locations;
import io.nexuschat.common.ManagementApi;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.conversation.MessageService;
import io.nexuschat.conversation.MessageView;

/**
 * {@code /api/v2/sessions}: the session lifecycle for the widget (one session by its id) and for the integrator's
 * server (listing, with an API key).
 */
@Path("/api/v2/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions", description = """
        A session groups a conversation's messages and is their context. Ids are UUIDs and may be chosen by the \
        client. Widget endpoints (one session by id) are protected by the unguessable id and, for a session \
        created with a `userId`, by that user id: send it in the body of POSTs or as the `X-Nexus-User-Id` header \
        on GET/PATCH/DELETE/clear; another or a missing user id is refused with 403 unless the request carries a \
        valid API key (`Authorization: Bearer <key>`), which may act on any session. For an experience with \
        identity verification a `userId` also needs its `userHash` (hex HMAC-SHA256 of the userId with the \
        experience's secret, computed by the integrator's backend): `userHash` beside `userId` in a body, or the \
        `X-Nexus-User-Hash` header beside `X-Nexus-User-Id`; a missing (when required) or wrong hash is a 403.""")
@SecurityScheme(securitySchemeName = ManagementApi.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer", description = "An API key from NEXUS_SECURITY_API_KEYS")
public class SessionResource {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @Inject
    SessionService sessions;

    @Inject
    MessageService messages;

    @Inject
    ApiKeys apiKeys;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a session", description = """
            Creates an active session. `id` may be chosen by the client (UUID): repeating the same create answers \
            200 with the existing session; the same id for another experience or user is a 409. \
            `expirationSeconds` (60 … 2592000) defaults to the experience's lifetime (24 h). `userHash` goes with \
            `userId` for an experience with identity verification.""")
    @APIResponse(responseCode = "201", description = "Created; Location names the session")
    @APIResponse(responseCode = "200", description = "The same create repeated: the existing session")
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "403", description = "Origin not allowed for the experience, or a userId without its "
            + "valid userHash (identity verification)")
    @APIResponse(responseCode = "409", description = "The id is taken by another experience or user")
    public Response create(CreateSessionRequest body, @Context HttpHeaders headers, @Context UriInfo uri) {
        SessionService.Created result = sessions.create(body, apiKeys.caller(headers));
        return Locations.createdOrOk(result.created(), Locations.session(uri, result.session().id()),
                result.session());
    }

    @GET
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Operation(summary = "List sessions (management, API key)", description = """
            Newest first, filtered by experience, status (effective: a timed-out session counts as expired) and \
            user. Paginated: `limit` 1 … 100 (default 50), `after` = the previous page's `nextCursor`.""")
    @APIResponse(responseCode = "200", description = "A page of sessions")
    @APIResponse(responseCode = "400", description = "Invalid filter or pagination")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Page<SessionView> list(@QueryParam("experienceId") String experienceId,
            @QueryParam("status") @Parameter(description = "active, completed or expired") String status,
            @QueryParam("userId") String userId, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        FieldErrors errors = new FieldErrors();
        SessionStatus parsedStatus = status == null ? null : SessionStatus.fromJson(status);
        if (status != null && parsedStatus == null) {
            errors.add("status", "must be active, completed or expired");
        }
        errors.maxLength("experienceId", experienceId, 64).maxLength("userId", userId, SessionService.MAX_USER_ID);
        errors.throwIfAny();
        return sessions.list(experienceId, parsedStatus, userId, PageRequest.parse(limit, after));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a session", description = "Status, timestamps, message count and metadata. A session "
            + "past its deadline reads as `expired` (with its `endReason` and `endedAt`); reading changes nothing.")
    @APIResponse(responseCode = "200", description = "The session")
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    public SessionView get(@PathParam("id") String id, @Context HttpHeaders headers) {
        return sessions.get(FieldErrors.requireUuid("id", id), apiKeys.caller(headers));
    }

    @GET
    @Path("{id}/messages")
    @Operation(summary = "List a session's messages", description = """
            Chronological. Paginated: `limit` 1 … 100 (default 50), `after` = the previous page's `nextCursor` \
            (null on the last page).""")
    @APIResponse(responseCode = "200", description = "A page of messages")
    @APIResponse(responseCode = "400", description = "The id is not a UUID, or invalid pagination")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    public Page<MessageView> messages(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        PageRequest page = PageRequest.parse(limit, after);
        sessions.get(sessionId, apiKeys.caller(headers));
        return messages.messages(sessionId, page.limit(), page.after());
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    @Operation(summary = "Update a session", description = """
            `name` (empty string removes it); `metadata` merged key by key (a key set to null is removed); \
            `status: "completed"` ends an active session, with `endReason` `ended` (default) or `resolved`.""")
    @APIResponse(responseCode = "200", description = "The updated session")
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    @APIResponse(responseCode = "409", description = "Completing a session that has expired")
    public SessionView update(@PathParam("id") String id, UpdateSessionRequest body, @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        return sessions.update(sessionId, body, apiKeys.caller(headers));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a session and its messages")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    public void delete(@PathParam("id") String id, @Context HttpHeaders headers) {
        sessions.delete(FieldErrors.requireUuid("id", id), apiKeys.caller(headers));
    }

    @POST
    @Path("{id}/clear")
    @Operation(summary = "Clear a session", description = """
            Ends the session (completed, reason `cleared`); the next query opens a new session. Answers the \
            widget's `sessionClear` payload. Clearing an ended session changes nothing.""")
    @APIResponse(responseCode = "200", description = "{sessionId, messageCount, timestamp}")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session")
    public ClearResult clear(@PathParam("id") String id, @Context HttpHeaders headers) {
        return sessions.clear(FieldErrors.requireUuid("id", id), apiKeys.caller(headers));
    }
}

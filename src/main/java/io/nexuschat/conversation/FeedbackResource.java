package io.nexuschat.conversation;

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
 * {@code /api/v2/sessions/{id}/feedback}: the widget rates answers; the integrator's server reads the ratings back
 * (API key).
 */
@Path("/api/v2/sessions/{id}/feedback")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Feedback", description = "Visitors rate answers (thumbs up or down, with an optional comment).")
public class FeedbackResource {

    @Inject
    FeedbackService feedback;

    @Inject
    ApiKeys apiKeys;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rate an answer", description = """
            `{messageId, rating: up|down, comment? (at most 2000 characters), userId?, userHash?}`. `messageId` is the \
            `messageId` of an answer's `complete` event: an answer of this session (a visitor's message or a \
            message of another session is a 400 naming `messageId`). Rating the same answer again replaces the \
            rating and comment (200, same feedback id). Answers of ended sessions may still be rated. A session \
            bound to a `userId` accepts only that user (in the body or the `X-Nexus-User-Id` header) or an API key; \
            for an experience with identity verification, `userId` needs its `userHash` (body, or the \
            `X-Nexus-User-Hash` header), 403 otherwise.""")
    @APIResponse(responseCode = "201", description = "First rating of this answer; Location names it")
    @APIResponse(responseCode = "200", description = "The answer was rated before: the rating was replaced")
    @APIResponse(responseCode = "400", description = "Invalid fields, or messageId is not an answer of this session")
    @APIResponse(responseCode = "403", description = "Bound to another user, or origin not allowed")
    @APIResponse(responseCode = "404", description = "No such session, or no such message")
    public Response rate(@PathParam("id") String id, FeedbackRequest body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        SessionRecords.Written<FeedbackView> rated = feedback.rate(sessionId, body, apiKeys.caller(headers));
        return Locations.createdOrOk(rated.created(),
                Locations.session(uri, sessionId, "feedback", rated.record().id().toString()), rated.record());
    }

    @GET
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Operation(summary = "List a session's ratings (management, API key)", description = "Oldest first (by first "
            + "rating), paginated.")
    @APIResponse(responseCode = "200", description = "A page of ratings")
    public Page<FeedbackView> list(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after, @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        return feedback.list(sessionId, apiKeys.caller(headers), PageRequest.parse(limit, after));
    }

    @GET
    @Path("{feedbackId}")
    @ManagementApi
    @SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
    @Operation(summary = "Get one rating (management, API key)")
    @APIResponse(responseCode = "200", description = "The rating")
    @APIResponse(responseCode = "404", description = "No such session, or no such rating in it")
    public FeedbackView get(@PathParam("id") String id, @PathParam("feedbackId") String feedbackId,
            @Context HttpHeaders headers) {
        UUID sessionId = FieldErrors.requireUuid("id", id);
        return feedback.get(sessionId, FieldErrors.requireUuid("feedbackId", feedbackId), apiKeys.caller(headers));
    }
}

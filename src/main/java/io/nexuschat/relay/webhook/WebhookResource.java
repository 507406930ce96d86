package io.nexuschat.relay.webhook;

import java.util.List;
import java.util.Map;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.ManagementApi;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;

/** {@code /api/v2/webhooks}: webhook endpoints, their secrets, delivery logs and replays (API key). */
@Path("/api/v2/webhooks")
@ManagementApi
@SecurityRequirement(name = ManagementApi.SECURITY_SCHEME)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Endpoints that receive the relayed events, signed per Standard Webhooks.")
public class WebhookResource {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    @Inject
    WebhookService webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a webhook endpoint", description = """
            `{experienceId, url, events?, description?}`. `events`: types to receive (`session.created`, \
            `session.updated`, `session.ended`, `session.deleted`, `message.completed`, `feedback.submitted`, \
            `handover.requested`, `widget.<eventName>`, or a prefix like `widget.*`); absent = all. The URL must be \
            http(s) and resolve to public addresses (loopback, private, link-local and metadata addresses are \
            refused unless `nexus.relay.allow-private-targets`). The answer carries the `whsec_…` signing secret: \
            it is shown only here.""")
    @APIResponse(responseCode = "201", description = "Created, with its secret (shown only now)")
    @APIResponse(responseCode = "400", description = "Invalid or refused fields")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Response create(WebhookRequest body, @Context UriInfo uri) {
        CreatedWebhook created = webhooks.create(body);
        return Response.created(uri.getBaseUriBuilder().path("api/v2/webhooks").path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Operation(summary = "List webhook endpoints", description = "Of one experience with `experienceId`, else all; "
            + "oldest first. Endpoints declared in experience files are listed with `source: experience`.")
    @APIResponse(responseCode = "200", description = "The endpoints, without secrets")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    public Map<String, List<WebhookView>> list(@QueryParam("experienceId") String experienceId) {
        return Map.of("items", webhooks.list(experienceId));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a webhook endpoint")
    @APIResponse(responseCode = "200", description = "The endpoint, without its secret")
    @APIResponse(responseCode = "400", description = "The id is not a UUID")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public WebhookView get(@PathParam("id") String id) {
        return webhooks.get(FieldErrors.requireUuid("id", id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH_JSON})
    @Operation(summary = "Change a webhook endpoint", description = """
            Merge patch of `url`, `events` (null = all), `description`, `enabled`. Enabling a disabled endpoint \
            resumes its pending deliveries. Endpoints declared in experience files are changed there (409).""")
    @APIResponse(responseCode = "200", description = "The changed endpoint")
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    @APIResponse(responseCode = "409", description = "Declared in an experience file")
    public WebhookView patch(@PathParam("id") String id, JsonNode body) {
        return webhooks.patch(FieldErrors.requireUuid("id", id), body);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook endpoint", description = "Its pending deliveries and log go with it.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    @APIResponse(responseCode = "409", description = "Declared in an experience file")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(FieldErrors.requireUuid("id", id));
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/rotate-secret")
    @Operation(summary = "Rotate the signing secret", description = """
            Returns a new `whsec_…` secret (shown only now). For 24 h (`nexus.relay.secret-overlap`) deliveries \
            carry two signatures, space-separated in `webhook-signature`: one with the new secret, one with the \
            old, so receivers can switch without losing events.""")
    @APIResponse(responseCode = "200", description = "The new secret and until when the old one still signs")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    @APIResponse(responseCode = "409", description = "Declared in an experience file (its secret is in the environment)")
    public CreatedWebhook rotate(@PathParam("id") String id) {
        return webhooks.rotate(FieldErrors.requireUuid("id", id));
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "The endpoint's delivery log", description = """
            Every attempt, newest first: `{eventId, type, attempt, attemptedAt, statusCode?, latencyMs, error?}`. \
            Paginated: `limit` 1 … 100 (default 50), `after` = the previous page's `nextCursor`. Kept for \
            `nexus.relay.retention`.""")
    @APIResponse(responseCode = "200", description = "A page of attempts")
    @APIResponse(responseCode = "400", description = "Invalid pagination")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Page<DeliveryAttemptView> deliveries(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        return webhooks.attempts(FieldErrors.requireUuid("id", id), PageRequest.parse(limit, after));
    }

    @POST
    @Path("{id}/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send events again", description = """
            `{since}` (ISO 8601): every event of the endpoint's experience stored at or after `since` (and still \
            kept, see `nexus.relay.retention`) that the endpoint subscribes to is delivered again, with its \
            original `webhook-id`.""")
    @APIResponse(responseCode = "202", description = "`{events}`: how many events will be sent again")
    @APIResponse(responseCode = "400", description = "Missing or invalid since")
    @APIResponse(responseCode = "401", description = "Missing or invalid API key")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Response replay(@PathParam("id") String id, ReplayRequest body) {
        int count = webhooks.replay(FieldErrors.requireUuid("id", id), body);
        return Response.accepted(Map.of("events", count)).build();
    }
}

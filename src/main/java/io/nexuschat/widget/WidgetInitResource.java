package io.nexuschat.widget;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /api/v2/widget/init}: what a widget instance needs to start. */
@Path("/api/v2/widget/init")
public class WidgetInitResource {

    @Inject
    WidgetInitService service;

    @Inject
    io.nexuschat.security.RateLimits rateLimits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a widget", description = "The experience's public settings, the widget shell rendered"
            + " for the init overrides, and the snapshot and history of the session to resume when it is active. For an"
            + " experience with identity verification a `userId` needs its `userHash` (hex HMAC-SHA256 of the userId"
            + " with the experience's secret, computed by the integrator's backend); a missing (when required) or"
            + " wrong hash is a 403 problem.")
    public WidgetInitResponse init(@Valid @NotNull WidgetInitRequest request, @HeaderParam("Origin") String origin) {
        rateLimits.requireSessionBudget(io.nexuschat.security.RateLimits.Endpoint.INIT,
                java.util.Collections.singleton(request.sessionId()));
        return service.init(request, origin);
    }
}

package io.nexuschat.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * CORS for {@code /api/v2/*}, where the widget calls from other sites. Preflights are answered for any origin; actual
 * requests get their origin echoed, so the widget can read every answer, errors included. Whether an origin may use
 * an experience is decided per experience by {@code experience.OriginPolicy}, which refuses with a 403 problem once
 * the experience of a request is known.
 */
@ApplicationScoped
public class CorsFilter {

    static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = "content-type, authorization, x-nexus-user-id, x-nexus-user-hash";
    static final String PREFLIGHT_MAX_AGE_SECONDS = "600";
    private static final String API_PREFIX = "/api/v2/";
    // Runs before Quarkus's own CORS filter (100); that one stays disabled.
    private static final int PRIORITY = 300;

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String origin = request.getHeader("Origin");
        if (origin == null || !request.path().startsWith(API_PREFIX)) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
        if (request.method() == HttpMethod.OPTIONS && request.getHeader("Access-Control-Request-Method") != null) {
            response.putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .putHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS).setStatusCode(204).end();
            return;
        }
        // Retry-After: the widget may read how long a 429 asks it to wait.
        response.putHeader("Access-Control-Expose-Headers", "Location, Retry-After");
        ctx.next();
    }
}

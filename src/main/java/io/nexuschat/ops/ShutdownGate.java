package io.nexuschat.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.Problem;
import io.nexuschat.common.ProblemException;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Graceful shutdown, the refusing half: once a shutdown begins (SIGTERM) every new request gets a 503 problem (and
 * Quarkus asks the client to close the connection), before any application code runs, while the requests already in flight (streamed answers)
 * go on for at most {@code quarkus.shutdown.timeout}. Quarkus itself only asks clients to close their connections; it
 * would serve new requests until the last in-flight one ends. {@code /q/health/*} still answers (readiness is DOWN
 * during a shutdown), so a load balancer sees why.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    /** Before every other router-level check (rate limits are -4, request limits -3). */
    private static final int ORDER = -10;

    @Inject
    ObjectMapper mapper;

    private volatile boolean closed;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    /** Fired when a shutdown begins (needs {@code quarkus.shutdown.delay-enabled}, set in application.properties). */
    void shuttingDown(@Observes ShutdownDelayInitiatedEvent event) {
        closed = true;
        LOG.info("Shutting down: new requests are refused, requests in flight may finish");
    }

    /** Whether a shutdown has begun. */
    public boolean closed() {
        return closed;
    }

    private void check(RoutingContext ctx) {
        if (!closed || ctx.request().path().startsWith("/q/health")) {
            ctx.next();
            return;
        }
        Problem problem = new ProblemException(503, "shutting-down", "Service Unavailable",
                "This server is shutting down; send the request again (another instance will answer it)", null)
                .toProblem(ctx.request().path());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // No Connection header of ours: HTTP/2 forbids it; Quarkus adds "Connection: close" (HTTP/1.1) or sends GOAWAY
        // (HTTP/2) to every response during a shutdown.
        ctx.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}

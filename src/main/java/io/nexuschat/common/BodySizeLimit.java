package io.nexuschat.common;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers bodies over {@code quarkus.http.limits.max-body-size} with a 413 problem+json. Quarkus refuses them itself
 * with an empty 413; this route runs just before that one, with the same rule (the declared {@code Content-Length}),
 * so clients get the same error shape as everywhere else. Bodies without a length are still cut off by Quarkus.
 */
@ApplicationScoped
public class BodySizeLimit {

    // Quarkus's own limit check is a route with order -2 (HttpServerCommonHandlers.enforceMaxBodySize).
    private static final int ORDER = -3;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        maxBodySize.ifPresent(limit -> router.route().order(ORDER).handler(ctx -> check(ctx, limit.asLongValue())));
    }

    private void check(RoutingContext ctx, long limit) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > limit) {
            Problem problem = new ProblemException(413, "payload-too-large", "Payload Too Large",
                    "The request body is larger than " + limit + " bytes", null).toProblem(ctx.request().path());
            // Like Quarkus: the unread body is not drained, so the connection closes after the answer.
            ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ignored -> ctx.request().connection().close()).end(json(problem));
            return;
        }
        ctx.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // Malformed lengths are Vert.x's to reject.
        }
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

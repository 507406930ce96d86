package io.nexuschat.common;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Gives the errors that happen before a request reaches a resource the same problem+json shape as every other error:
 * a body over {@code quarkus.http.limits.max-body-size} (413, with or without {@code Content-Length}), an over-long URI
 * (414), over-large headers (431), and any other failure of a router-level handler (static files, for example).
 *
 * <p>
 * Quarkus and Vert.x would answer these with an empty body. Vert.x rejects requests beyond its own line and header
 * limits before any application code runs, so those limits are raised in {@code application.properties} above the
 * ones enforced here ({@link HttpLimitsConfig}); only requests beyond the raised limits still get Vert.x's empty
 * answer.
 */
@ApplicationScoped
public class RequestLimits {

    private static final Logger LOG = Logger.getLogger(RequestLimits.class);

    // Quarkus's own body limit check is a route with order -2 (HttpServerCommonHandlers.enforceMaxBodySize).
    private static final int ORDER = -3;

    @Inject
    ObjectMapper mapper;

    @Inject
    HttpLimitsConfig limits;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        long bodyLimit = maxBodySize.map(MemorySize::asLongValue).orElse(-1L);
        // A streamed (chunked) body is read here, within the limit, so the resource gets it whole; Quarkus REST's own
        // reader would cut it off with an empty 413.
        BodyHandler streamedBody = BodyHandler.create(false).setBodyLimit(bodyLimit);
        router.route().order(ORDER).handler(ctx -> check(ctx, bodyLimit, streamedBody)).failureHandler(this::failed);
    }

    private void check(RoutingContext ctx, long bodyLimit, BodyHandler streamedBody) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > limits.maxUriLength()) {
            respond(ctx, new ProblemException(414, "uri-too-long", "URI Too Long",
                    "The request URI is longer than " + limits.maxUriLength() + " characters", null), false);
            return;
        }
        long headerBytes = headerBytes(request);
        if (headerBytes > limits.maxHeaderSize().asLongValue()) {
            respond(ctx, new ProblemException(431, "header-fields-too-large", "Request Header Fields Too Large",
                    "The request headers are larger than " + limits.maxHeaderSize().asLongValue() + " bytes", null),
                    false);
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (bodyLimit >= 0 && declaredLength(length) > bodyLimit) {
                respond(ctx, tooLarge(bodyLimit), true);
                return;
            }
            ctx.next();
            return;
        }
        if (bodyLimit >= 0 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            streamedBody.handle(ctx); // fails the request with 413 once the limit is passed
            return;
        }
        ctx.next();
    }

    /** Any failure of a router-level handler, after this route: answered as a problem unless already answered. */
    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (MalformedRequests.clientTransportFailure(ctx.failure())) {
            // A malformed chunk or a body cut short: the client's fault, and nothing to keep a stack trace of.
            LOG.debugf("Request to %s ended early: %s", loggable(ctx.request().path()), ctx.failure());
            respond(ctx, new ProblemException(400, "bad-request", "Bad Request",
                    "The request body could not be read: it is malformed or was cut short", null), true);
            return;
        }
        if (status == 413) {
            respond(ctx, tooLarge(maxBodySize.map(MemorySize::asLongValue).orElse(-1L)), true);
            return;
        }
        if (status >= 500) {
            LOG.errorf(ctx.failure(), "Request to %s failed", loggable(ctx.request().path()));
        }
        respond(ctx, httpError(status), false);
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "payload-too-large", "Payload Too Large",
                "The request body is larger than " + limit + " bytes", null);
    }

    /** A problem for a bare HTTP status, in the words of {@link ProblemExceptionMapper} for the same status. */
    private static ProblemException httpError(int status) {
        Map.Entry<String, String> kindAndTitle = switch (status) {
            case 400 -> Map.entry("bad-request", "Bad Request");
            case 404 -> Map.entry("not-found", "Not Found");
            case 405 -> Map.entry("method-not-allowed", "Method Not Allowed");
            case 406 -> Map.entry("not-acceptable", "Not Acceptable");
            case 415 -> Map.entry("unsupported-media-type", "Unsupported Media Type");
            default -> status >= 500
                    ? Map.entry("internal", "Internal Server Error")
                    : Map.entry("http-" + status, "Error");
        };
        String detail = status >= 500
                ? "The server failed to handle this request; it has been logged."
                : kindAndTitle.getValue();
        return new ProblemException(status, kindAndTitle.getKey(), kindAndTitle.getValue(), detail, null);
    }

    private void respond(RoutingContext ctx, ProblemException problem, boolean closeConnection) {
        String body = json(problem.toProblem(ctx.request().path()));
        var response = ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (closeConnection) {
            // Like Quarkus: the unread body is not drained, so the connection closes after the answer.
            response.putHeader(HttpHeaders.CONNECTION, "close")
                    .endHandler(ignored -> ctx.request().connection().close());
        }
        response.end(body);
    }

    /** The client's path as one log line: control characters could forge entries. */
    private static String loggable(String path) {
        String line = path == null ? "" : path.replaceAll("\\p{Cntrl}", "?");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + header.getValue().length() + 4; // ": " and CRLF
        }
        return bytes;
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

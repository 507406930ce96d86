package io.nexuschat.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers requests that no resource can read with a problem instead of an empty answer or a 500: a request URI that is
 * not a URI (bad percent-escapes such as {@code %zz}, {@code { } | ^} unescaped in the query) is a 400, and a
 * {@code Content-Type} that is not a media type ({@code application/}, {@code a/b/c}) on a request with a body is a
 * 415. Runs before every other filter (CORS included), so nothing reads such a request first. Quarkus's own URI check,
 * which answers an empty 400, is switched off by {@link UriValidationHandover} in favour of this one.
 * <p>
 * Out of reach: a request Netty's decoder cannot parse (a raw space or a control character in the request line, a
 * control character in a header value) never reaches the router. Vert.x 4.5 hands it to the server's
 * {@code HttpServer#invalidRequestHandler}, whose default ({@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER})
 * answers an empty 400 and closes the connection; the handler is read once, in {@code HttpServerImpl#childHandler}
 * when the server starts listening. Quarkus 3.34.1 creates its servers inside
 * {@code VertxHttpRecorder$WebDeploymentVerticle#start} and never calls {@code invalidRequestHandler}; it lets an
 * application change only their options ({@code HttpServerOptionsCustomizer}, the {@code HttpServerStart} event), and
 * {@code HttpServerOptions} has no handler, decoder or Netty pipeline hook (header validation can only be switched off
 * JVM-wide, for responses too, by {@code -Dvertx.disableHttpHeadersValidation=true}).
 */
@ApplicationScoped
public class MalformedRequests {

    // RFC 9110 media-type = type "/" subtype parameters; type and subtype are tokens.
    private static final Pattern MEDIA_TYPE = Pattern
            .compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*(;.*)?", Pattern.DOTALL);
    // Above CorsFilter (300): the first filter to run.
    private static final int PRIORITY = 1_000;

    @Inject
    ObjectMapper mapper;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    private void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        try {
            new URI(request.uri());
        } catch (URISyntaxException e) {
            respond(ctx, new ProblemException(400, "invalid-uri", "Bad Request", "The request URI is not valid: "
                    + e.getReason() + " at index " + e.getIndex() + "; percent-encode such characters", null), null);
            return;
        }
        if (request.uri().toLowerCase(java.util.Locale.ROOT).contains("%00")) {
            // PostgreSQL text cannot hold NUL: refused here for every parameter and database alike.
            respond(ctx, new ProblemException(400, "invalid-uri", "Bad Request",
                    "The request URI contains an encoded NUL character (%00), which no parameter may hold", null),
                    request.path());
            return;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && hasBody(request.method()) && !mediaType(contentType)) {
            respond(ctx, new ProblemException(415, "unsupported-media-type", "Unsupported Media Type",
                    "The Content-Type header is not a media type (type/subtype); send application/json", null),
                    request.path());
            return;
        }
        ctx.next();
    }

    /** Whether {@code value} is a media type this server's parser reads. */
    static boolean mediaType(String value) {
        if (!MEDIA_TYPE.matcher(value.trim()).matches()) {
            return false;
        }
        try {
            MediaType.valueOf(value);
            return true;
        } catch (RuntimeException unparseable) {
            return false;
        }
    }

    /**
     * Whether a failure is the client's doing at the transport level: a malformed chunked body, or a connection closed
     * before the body was whole. Such failures are logged at debug level without a stack trace: nothing on the server
     * went wrong.
     */
    public static boolean clientTransportFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof ClosedChannelException
                    || t instanceof io.netty.handler.codec.DecoderException
                    || t instanceof io.netty.handler.codec.PrematureChannelClosureException
                    || t instanceof NumberFormatException && String.valueOf(t.getMessage()).contains("chunk")
                    || String.valueOf(t.getMessage()).contains("Connection was closed")
                    || t.getClass().getName().equals("io.vertx.core.VertxException")
                            && String.valueOf(t.getMessage()).contains("closed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean hasBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private void respond(RoutingContext ctx, ProblemException problem, String instance) {
        String body;
        try {
            body = mapper.writeValueAsString(problem.toProblem(instance));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}

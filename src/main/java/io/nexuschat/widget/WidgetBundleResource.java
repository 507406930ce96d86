package io.nexuschat.widget;

import java.util.Arrays;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.nexuschat.common.ProblemException;
import io.vertx.core.http.HttpServerResponse;

/**
 * Serves the widget to any website: a stable URL that browsers revalidate with its ETag, a content-hashed immutable
 * copy, the queueing snippet, and the TypeScript declarations for integrators. Readable cross-origin so {@code <script crossorigin>} works.
 */
@Path("/")
public class WidgetBundleResource {

    static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    static final String TYPESCRIPT = "application/typescript; charset=utf-8";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    @Inject
    WidgetBundle bundle;

    @Inject
    WidgetConfig config;

    @GET
    @Path("nexus-chat-widget.js")
    @Operation(summary = "The widget bundle (stable URL, revalidated)")
    public Response widget(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, HttpServerResponse raw) {
        String cacheControl = "public, max-age=" + config.stableMaxAgeSeconds() + ", must-revalidate";
        if (matches(ifNoneMatch, bundle.etag())) {
            return javascript(Response.notModified(), cacheControl, raw).header(HttpHeaders.ETAG, bundle.etag())
                    .build();
        }
        return javascript(Response.ok(bundle.widget()), cacheControl, raw).header(HttpHeaders.ETAG, bundle.etag())
                .header("Link", "<" + bundle.hashedPath() + ">; rel=\"alternate\"").build();
    }

    @GET
    @Path("widget/nexus-chat-widget.{hash}.js")
    @Operation(summary = "The widget bundle under its content hash (immutable)")
    public Response hashedWidget(@PathParam("hash") String hash, HttpServerResponse raw) {
        if (!bundle.hash().equals(hash)) {
            throw ProblemException.notFound("No widget bundle with hash " + (hash.length() > 64 ? "…" : hash)
                    + "; the current one is " + bundle.hashedPath());
        }
        return javascript(Response.ok(bundle.widget()), "public, max-age=31536000, immutable", raw)
                .header(HttpHeaders.ETAG, bundle.etag()).build();
    }

    @GET
    @Path("nexus-chat-snippet.js")
    @Operation(summary = "The queueing snippet that defines window.NexusChatWidget before the bundle loads")
    public Response snippet(HttpServerResponse raw) {
        return javascript(Response.ok(bundle.snippet()), "public, max-age=" + config.stableMaxAgeSeconds(), raw)
                .build();
    }

    @GET
    @Path("nexus-chat-widget.d.ts")
    @Operation(summary = "TypeScript declarations of window.NexusChatWidget (stable URL, revalidated)")
    public Response declarations(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch, HttpServerResponse raw) {
        String cacheControl = "public, max-age=" + config.stableMaxAgeSeconds() + ", must-revalidate";
        String etag = bundle.declarationsEtag();
        Response.ResponseBuilder response = matches(ifNoneMatch, etag)
                ? Response.notModified()
                : Response.ok(bundle.declarations());
        return javascript(response, cacheControl, raw).type(TYPESCRIPT).header(HttpHeaders.ETAG, etag).build();
    }

    private static Response.ResponseBuilder javascript(Response.ResponseBuilder response, String cacheControl,
            HttpServerResponse raw) {
        response.type(JAVASCRIPT).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.VARY, "Accept-Encoding");
        // When the server's CORS filter already answered this Origin, a second value would make browsers refuse it.
        if (!raw.headers().contains(ALLOW_ORIGIN)) {
            response.header(ALLOW_ORIGIN, "*");
        }
        return response;
    }

    /** RFC 9110 If-None-Match: {@code *} or a list of tags, compared weakly (a W/ prefix still matches). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals(etag));
    }
}

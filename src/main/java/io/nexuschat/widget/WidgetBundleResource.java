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
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * Serves the widget to any website: a stable URL that browsers revalidate with its ETag, a content-hashed immutable
 * copy, the parts it loads only when used ({@link WidgetChunks}), the queueing snippet, and the TypeScript
 * declarations for integrators. Readable cross-origin so {@code <script crossorigin>} works.
 */
@Path("/")
public class WidgetBundleResource {

    static final String JAVASCRIPT = "text/javascript; charset=utf-8";
    static final String TYPESCRIPT = "application/typescript; charset=utf-8";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

    @Inject
    WidgetBundle bundle;

    @Inject
    WidgetChunks chunks;

    @Inject
    WidgetConfig config;

    @GET
    @Path("nexus-chat-widget.js")
    @Operation(summary = "The widget bundle (stable URL, revalidated)")
    public Response widget(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding, HttpServerRequest request,
            HttpServerResponse raw) {
        String cacheControl = "public, max-age=" + config.stableMaxAgeSeconds() + ", must-revalidate";
        ContentCoding coding = coding(acceptEncoding, request);
        String etag = bundle.etag(coding);
        if (matches(ifNoneMatch, etag)) {
            return javascript(Response.notModified(), cacheControl, raw).header(HttpHeaders.ETAG, etag).build();
        }
        return encoded(javascript(Response.ok(bundle.widget(coding)), cacheControl, raw), coding, raw)
                .header(HttpHeaders.ETAG, etag)
                .header("Link", "<" + bundle.hashedPath() + ">; rel=\"alternate\"").build();
    }

    @GET
    @Path("widget/nexus-chat-widget.{hash}.js")
    @Operation(summary = "The widget bundle under its content hash (immutable)")
    public Response hashedWidget(@PathParam("hash") String hash,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding, HttpServerRequest request,
            HttpServerResponse raw) {
        if (!bundle.hash().equals(hash)) {
            throw ProblemException.notFound("No widget bundle with hash " + (hash.length() > 64 ? "…" : hash)
                    + "; the current one is " + bundle.hashedPath());
        }
        ContentCoding coding = coding(acceptEncoding, request);
        return encoded(javascript(Response.ok(bundle.widget(coding)), "public, max-age=31536000, immutable", raw),
                coding, raw).header(HttpHeaders.ETAG, bundle.etag(coding)).build();
    }

    @GET
    @Path("widget/nexus-chat-widget-{chunk}.js")
    @Operation(summary = "A part of the widget it loads only when used (content-hashed name, immutable)")
    public Response chunk(@PathParam("chunk") String chunk,
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding, HttpServerRequest request,
            HttpServerResponse raw) {
        String name = "nexus-chat-widget-" + chunk + ".js";
        ContentCoding coding = coding(acceptEncoding, request);
        byte[] body = chunks.chunk(name, coding).orElseThrow(() -> ProblemException.notFound(
                "No widget chunk " + (name.length() > 100 ? "…" : name) + "; the current ones are " + chunks.names()));
        // Imported as a module script, which is fetched with CORS: hence Access-Control-Allow-Origin (javascript()).
        return encoded(javascript(Response.ok(body), "public, max-age=31536000, immutable", raw), coding, raw)
                .header(HttpHeaders.ETAG, '"' + name + coding.suffix.replace('.', '-') + '"').build();
    }

    @GET
    @Path("nexus-chat-snippet.js")
    @Operation(summary = "The queueing snippet that defines window.NexusChatWidget before the bundle loads")
    public Response snippet(@HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding, HttpServerRequest request,
            HttpServerResponse raw) {
        ContentCoding coding = coding(acceptEncoding, request);
        return encoded(javascript(Response.ok(bundle.snippet(coding)),
                "public, max-age=" + config.stableMaxAgeSeconds(), raw), coding, raw).build();
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

    /**
     * The precompressed encoding to send. Over HTTP/2 none: there the server's compressor compresses every body whose
     * {@code content-encoding} names a coding, so a precompressed body would be compressed twice; it compresses the
     * plain file on the fly instead.
     */
    static ContentCoding coding(String acceptEncoding, HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_2
                ? ContentCoding.IDENTITY
                : ContentCoding.negotiate(acceptEncoding);
    }

    /**
     * Marks a body the build compressed. Set on the Vert.x response, replacing the {@code identity} placeholder the
     * server's on-the-fly compression starts from: a second header added beside it would be removed with it, and the
     * body compressed twice.
     */
    private static Response.ResponseBuilder encoded(Response.ResponseBuilder response, ContentCoding coding,
            HttpServerResponse raw) {
        if (coding.token != null) {
            // Vert.x's lower-case name: HTTP/2 headers are case-sensitive, and the placeholder is lower-case.
            raw.headers().set(io.vertx.core.http.HttpHeaders.CONTENT_ENCODING, coding.token);
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

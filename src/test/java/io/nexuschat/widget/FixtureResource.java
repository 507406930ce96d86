package io.nexuschat.widget;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.nexuschat.common.ProblemException;

/**
 * Test-only: serves the browser scenarios' fixture pages from {@code src/test/resources/fixtures/}. A sidecar file
 * {@code <name>.csp} next to a page holds the Content-Security-Policy header that page is served with.
 */
@Path("/fixtures")
public class FixtureResource {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|js)");

    @GET
    @Path("{name}")
    public Response fixture(@PathParam("name") String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw ProblemException.notFound("No fixture " + name);
        }
        byte[] page = read("fixtures/" + name);
        if (page == null) {
            throw ProblemException.notFound("No fixture " + name);
        }
        Response.ResponseBuilder r = Response.ok(page)
                .type(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8")
                .header("Cache-Control", "no-store");
        byte[] csp = read("fixtures/" + name.replaceFirst("\\.html$", ".csp"));
        if (name.endsWith(".html") && csp != null) {
            r.header("Content-Security-Policy", new String(csp).strip());
        }
        return r.build();
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}

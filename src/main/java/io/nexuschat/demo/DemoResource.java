package io.nexuschat.demo;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.nexuschat.experience.ExperienceRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * The demo home page: the real widget on a page served under the strict Content-Security-Policy we tell integrators
 * is enough, with a live log of the widget's events and the session controls of the JS API.
 */
@Path("/")
public class DemoResource {

    /** The policy the README documents for integrators, applied to our own page. */
    static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Inject
    @Location("demo/index")
    Template index;

    @Inject
    ExperienceRegistry experiences;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response home() {
        String html = index.data("experience", experiences.require("demo")).render();
        return Response.ok(html).header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").build();
    }
}

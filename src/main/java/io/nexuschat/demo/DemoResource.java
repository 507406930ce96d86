package io.nexuschat.demo;

import java.net.URI;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.nexuschat.common.Caller;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.session.CreateSessionRequest;
import io.nexuschat.session.SessionService;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;

/**
 * The demo site for integrators: the home page {@code /} and one page per capability under {@code /demos/}, each with
 * the real widget, served under the strict Content-Security-Policy we tell integrators is enough.
 */
@Path("/")
public class DemoResource {

    /** The experience every demo page talks to. */
    static final String EXPERIENCE = "demo";

    /** The policy the README documents for integrators, applied to our own pages. */
    static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Inject
    Engine engine;

    @Inject
    ExperienceRegistry experiences;

    @Inject
    SessionService sessions;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response home(@Context UriInfo uri) {
        return render("demo/index", null, uri);
    }

    @GET
    @Path("demos/{slug}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@PathParam("slug") String slug, @Context UriInfo uri) {
        DemoPage page = DemoPage.bySlug(slug).orElseThrow(NotFoundException::new);
        return render(page.template(), page, uri);
    }

    /**
     * What an integrator's backend does before handing a session to the widget: creates it with the REST API's
     * service ({@code POST /api/v2/sessions}), here with a name and metadata the page then shows.
     */
    @POST
    @Path("demos/session-management/server-session")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Map<String, Object> serverSession() {
        var created = sessions.create(new CreateSessionRequest(null, EXPERIENCE, "Created by the demo page's server",
                null, Map.of("createdBy", "demo page server"), null), new Caller(null, null, false));
        return Map.of("sessionId", created.session().id().toString(), "name", created.session().name());
    }

    private Response render(String template, DemoPage page, UriInfo uri) {
        URI base = uri.getBaseUri();
        String origin = base.getScheme() + "://" + base.getAuthority();
        TemplateInstance instance = engine.getTemplate(template).data("page", page).data("pages", DemoPage.all())
                .data("experience", experiences.require(EXPERIENCE)).data("origin", origin);
        return Response.ok(instance.render()).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer").build();
    }
}

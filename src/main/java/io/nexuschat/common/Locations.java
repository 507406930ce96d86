package io.nexuschat.common;

import java.util.UUID;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code Location} headers: paths without scheme and host (under the application's root path). Never built from the
 * request's {@code Host}: a client (or a proxy) controls that header, and an absolute URL made from it could point
 * anywhere. Set as a plain header, because JAX-RS resolves a relative {@code location(URI)} against that same host.
 */
public final class Locations {

    private Locations() {
    }

    /** The path of a session, or of {@code more} below it. */
    public static String session(UriInfo uri, UUID sessionId, String... more) {
        StringBuilder path = new StringBuilder(uri.getBaseUri().getRawPath().replaceFirst("/*$", ""))
                .append("/api/v2/sessions/").append(sessionId);
        for (String segment : more) {
            path.append('/').append(segment);
        }
        return path.toString();
    }

    /** 201 with {@code location} when {@code created}, else 200 (an idempotent repeat or a replacement). */
    public static Response createdOrOk(boolean created, String location, Object entity) {
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .header(HttpHeaders.LOCATION, location).entity(entity).build();
    }
}

package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Maps every failure to one RFC 9457 body. Clients never see a stack trace: unexpected failures are logged here and
 * answered with a generic 500.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(path(uri)));
        if (e.status() == 401) {
            // RFC 9110: a 401 names the scheme the client should use.
            return Response.fromResponse(response)
                    .header(jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"nexus-chat\"").build();
        }
        if (e instanceof TooManyRequests limited) {
            return Response.fromResponse(response).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return respond(JsonProblems.of(e, path(uri)));
    }

    // Quarkus REST Jackson ships its own (non-problem) answer for wrong JSON types; this one takes precedence.
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return respond(JsonProblems.of(e, path(uri)));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(leafPath(v.getPropertyPath().toString()), v.getMessage()));
        }
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return respond(new Problem(ProblemException.typeUri("validation"), "Invalid request", 400, detail, path(uri),
                errors));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps body parsing failures in a 400: answer them with the field that failed.
            return malformedJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Request failed", e);
            return respond(internal(uri));
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String kind = switch (status) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
        String detail = switch (status) {
            case 404 -> "No resource at " + path(uri);
            case 415 -> "Unsupported Content-Type; send application/json";
            default -> e.getMessage() == null ? title : e.getMessage();
        };
        return respond(new Problem(ProblemException.typeUri(kind), title, status, detail, path(uri), null));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (MalformedRequests.clientTransportFailure(e)) {
            // A body cut short by a disconnect or a malformed chunk: the client's doing, not a server failure.
            LOG.debugf("Request body unreadable: %s", e);
            return respond(new Problem(ProblemException.typeUri("bad-request"), "Bad Request", 400,
                    "The request body could not be read: it is malformed or was cut short", path(uri), null));
        }
        LOG.error("Unexpected failure", e);
        return respond(internal(uri));
    }

    private static Problem internal(UriInfo uri) {
        return new Problem(ProblemException.typeUri("internal"), "Internal Server Error", 500,
                "The server failed to handle this request; it has been logged.", path(uri), null);
    }

    /** Builds the response for a problem. */
    public static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static String leafPath(String propertyPath) {
        // "create.body.text" -> "text": method and parameter names are not the client's vocabulary.
        String[] parts = propertyPath.split("\\.");
        int start = 0;
        while (start < parts.length - 1 && (start < 2)) {
            start++;
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, Math.min(start, parts.length - 1), parts.length));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

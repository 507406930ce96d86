package io.nexuschat.common;

import java.net.URI;
import java.util.List;

/**
 * A failure the client caused or must know about, carried to the client as a {@link Problem}. Throw it from services
 * and resources; {@link ProblemExceptionMapper} turns it into the response.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String kind, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** 400 with one or more field errors. */
    public static ProblemException validation(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, "validation", "Invalid request", detail, errors);
    }

    /** 400 for a single invalid field. */
    public static ProblemException invalidField(String field, String message) {
        return validation(field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail, null);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public Problem toProblem(String instance) {
        return new Problem(typeUri(kind), title, status, getMessage(), instance, errors.isEmpty() ? null : errors);
    }

    /** The stable type URI of a problem kind. */
    public static URI typeUri(String kind) {
        return URI.create("urn:nexus-chat:problem:" + kind);
    }
}

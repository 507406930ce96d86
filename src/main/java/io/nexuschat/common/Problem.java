package io.nexuschat.common;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one error body of the whole API: RFC 9457 {@code application/problem+json}.
 *
 * @param type stable URI naming the kind of problem, e.g. {@code urn:nexus-chat:problem:validation}
 * @param title short human summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what was wrong with this request, for a human
 * @param instance the request path
 * @param errors field-level errors, for validation problems
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a JSON pointer-ish path and what is wrong with it. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}

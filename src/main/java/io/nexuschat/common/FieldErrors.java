package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Collects the field errors of one request, so the client learns about all of them in one 400. */
public final class FieldErrors {

    private static final Pattern UUID_TEXT = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final UUID NIL = new UUID(0, 0);
    private static final UUID MAX = new UUID(-1, -1);

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** The errors of a request body: a missing body (JSON {@code null} or none) is a 400 naming {@code body}. */
    public static FieldErrors of(Object body) {
        if (body == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        return new FieldErrors();
    }

    /** Records an error when a required {@code value} is absent. */
    public FieldErrors required(String field, Object value) {
        if (value == null) {
            add(field, "is required");
        }
        return this;
    }

    /** Records that {@code field} is invalid. */
    public FieldErrors add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /** Records an error when {@code value} is longer than {@code max} characters. */
    public FieldErrors maxLength(String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            add(field, "must be at most " + max + " characters");
        }
        return this;
    }

    /** Records an error when {@code value} is present but blank. */
    public FieldErrors notBlankIfPresent(String field, String value) {
        if (value != null && value.isBlank()) {
            add(field, "must not be blank");
        }
        return this;
    }

    /**
     * Parses an optional UUID in its canonical 8-4-4-4-12 form; records an error and returns null when it is not one.
     */
    public UUID optionalUuid(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!UUID_TEXT.matcher(value).matches()) {
            add(field, "must be a UUID");
            return null;
        }
        return UUID.fromString(value);
    }

    /**
     * Parses an optional client-chosen id for something the server creates (a session): a UUID, but not the nil UUID
     * ({@code 00000000-…}) or the max UUID ({@code ffffffff-…}), which anyone could guess and so use the same session.
     */
    public UUID optionalNewId(String field, String value) {
        UUID id = optionalUuid(field, value);
        if (id != null && (id.equals(NIL) || id.equals(MAX))) {
            add(field, "must not be the nil or max UUID; choose a random UUID");
            return null;
        }
        return id;
    }

    /** Throws a 400 listing every recorded error, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
            throw ProblemException.validation(detail, errors);
        }
    }

    /** Parses a required UUID (e.g. a path parameter) or throws a 400 naming {@code field}. */
    public static UUID requireUuid(String field, String value) {
        FieldErrors errors = new FieldErrors();
        UUID id = errors.optionalUuid(field, value);
        if (value == null) {
            errors.add(field, "is required");
        }
        errors.throwIfAny();
        return id;
    }
}

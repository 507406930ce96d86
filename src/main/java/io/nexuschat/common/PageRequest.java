package io.nexuschat.common;

/**
 * The validated {@code limit} and {@code after} query parameters of a paginated endpoint.
 *
 * @param limit page size, 1 … {@value #MAX_LIMIT}
 * @param after opaque cursor from the previous page's {@code nextCursor}, or null for the first page
 */
public record PageRequest(int limit, String after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;

    /** Parses raw query parameters; a non-numeric or out-of-range limit, or an over-long cursor, is a 400. */
    public static PageRequest parse(String limit, String after) {
        FieldErrors errors = new FieldErrors();
        int parsed = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsed = Integer.parseInt(limit.trim());
                if (parsed < 1 || parsed > MAX_LIMIT) {
                    errors.add("limit", "must be between 1 and " + MAX_LIMIT);
                }
            } catch (NumberFormatException e) {
                errors.add("limit", "must be an integer between 1 and " + MAX_LIMIT);
            }
        }
        if (after != null && (after.isBlank() || after.length() > 200)) {
            errors.add("after", "is not a cursor returned by this endpoint");
        }
        errors.throwIfAny();
        return new PageRequest(parsed, after);
    }

    /** A 400 for a cursor that this endpoint cannot decode. */
    public static ProblemException invalidCursor() {
        return ProblemException.invalidField("after", "is not a cursor returned by this endpoint");
    }
}

package io.nexuschat.common;

/**
 * Who is making a request, as far as access rules care: the end user's id the widget sent (body or
 * {@code X-Nexus-User-Id} header), the browser {@code Origin}, and whether a valid API key was presented.
 *
 * @param userId the end user's id, or null when none was sent
 * @param origin the {@code Origin} header, or null for non-browser callers
 * @param apiKey true when the request carried a valid management API key: such callers may act on any session
 * @param userHash the {@code userHash} sent with the user id (body or {@code X-Nexus-User-Hash} header): hex HMAC-SHA256
 *        of the user id, checked for experiences with {@code identity}; null when none was sent
 */
public record Caller(String userId, String origin, boolean apiKey, String userHash) {

    /** Header the widget uses to send the end user's id on requests without a JSON body. */
    public static final String USER_ID_HEADER = "X-Nexus-User-Id";

    /** Header the widget uses to send the user id's {@code userHash} beside {@link #USER_ID_HEADER}. */
    public static final String USER_HASH_HEADER = "X-Nexus-User-Hash";

    /** OpenAPI description of the {@code userHash} body fields. */
    public static final String USER_HASH_DOC = "For an experience with identity verification: hex HMAC-SHA256 of "
            + "userId with the experience's identity secret, computed by the integrator's backend. Required beside "
            + "userId when the experience's identity.required is true; a wrong hash is always a 403. Also accepted as "
            + "the X-Nexus-User-Hash header.";

    /** Longest user id, in characters; a session stores the id it is bound to. */
    public static final int MAX_USER_ID = 200;

    /** Records an error for an invalid user id (present but blank, or too long) sent as {@code field}. */
    public static void checkUserId(FieldErrors errors, String field, String userId) {
        errors.notBlankIfPresent(field, userId).maxLength(field, userId, MAX_USER_ID);
    }

    public Caller {
        userId = userId == null || userId.isBlank() ? null : userId;
        origin = origin == null || origin.isBlank() ? null : origin;
        userHash = userHash == null || userHash.isBlank() ? null : userHash;
    }

    /** A caller without a {@code userHash}. */
    public Caller(String userId, String origin, boolean apiKey) {
        this(userId, origin, apiKey, null);
    }

    /** The same caller, acting for another user id (a body's {@code userId} wins over the header). */
    public Caller withUserId(String bodyUserId) {
        return withUser(bodyUserId, null);
    }

    /**
     * The same caller, acting for the user of a body: a body's {@code userId} and {@code userHash} win over the
     * headers; a body without a {@code userHash} keeps the header's.
     */
    public Caller withUser(String bodyUserId, String bodyUserHash) {
        if (bodyUserId == null) {
            return this;
        }
        return new Caller(bodyUserId, origin, apiKey, bodyUserHash != null ? bodyUserHash : userHash);
    }
}

package io.nexuschat.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Checks {@code Authorization: Bearer <key>} headers against the configured API keys. Keys are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, over every configured key, so timing reveals neither a key nor which
 * one matched. Keys are never logged.
 */
@ApplicationScoped
public class ApiKeys {

    /** Result of looking at a request's {@code Authorization} header. */
    public enum Verdict {
        /** No {@code Authorization} header. */
        MISSING,
        /** A header that is not a Bearer token, or a token that matches no key. */
        INVALID,
        /** A Bearer token that matches a configured key. */
        VALID,
        /** The server has no keys configured, so nothing can be valid. */
        NONE_CONFIGURED
    }

    private static final String BEARER = "bearer ";

    private final List<byte[]> keyDigests;

    @Inject
    public ApiKeys(SecurityConfig config) {
        this.keyDigests = config.apiKeys().orElse(List.of()).stream().map(String::trim).filter(k -> !k.isEmpty())
                .map(ApiKeys::sha256).toList();
    }

    /** Judges an {@code Authorization} header value (null when absent). */
    public Verdict verify(String authorization) {
        if (keyDigests.isEmpty()) {
            return authorization == null ? Verdict.MISSING : Verdict.NONE_CONFIGURED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Verdict.MISSING;
        }
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Verdict.INVALID;
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, presented);
        }
        return match ? Verdict.VALID : Verdict.INVALID;
    }

    /** Passes only a valid key; otherwise throws the 401 that explains what is wrong. */
    public void requireValid(String authorization) {
        switch (verify(authorization)) {
            case VALID -> {
            }
            case MISSING -> throw ProblemException.unauthorized(configured()
                    ? "This endpoint needs an API key: send Authorization: Bearer <key>"
                    : "This endpoint needs an API key, and none is configured on this server (NEXUS_SECURITY_API_KEYS)");
            case INVALID -> throw ProblemException.unauthorized("The API key is not valid");
            case NONE_CONFIGURED -> throw ProblemException
                    .unauthorized("No API keys are configured on this server (NEXUS_SECURITY_API_KEYS)");
        }
    }

    /**
     * Who calls a public (widget) endpoint. No {@code Authorization} header is an anonymous widget caller; a valid key
     * is a privileged caller; a header with a wrong key is refused (401) rather than silently downgraded. An invalid
     * {@code X-Nexus-User-Id} (blank, too long) is a 400 naming the header, before anything uses it.
     */
    public Caller caller(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean privileged = authorization != null;
        if (privileged) {
            requireValid(authorization);
        }
        String userId = headers.getHeaderString(Caller.USER_ID_HEADER);
        FieldErrors errors = new FieldErrors();
        Caller.checkUserId(errors, Caller.USER_ID_HEADER, userId);
        errors.throwIfAny();
        return new Caller(userId, headers.getHeaderString("Origin"), privileged);
    }

    /** Whether any key is configured. */
    public boolean configured() {
        return !keyDigests.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

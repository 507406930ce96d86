package io.nexuschat.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Checks {@code Authorization: Bearer <key>} headers against the configured API keys. Keys are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, over every configured key, so timing reveals neither a key nor which
 * one matched. Keys are never logged, not even in a configuration error.
 *
 * <p>
 * Each configured entry is {@code key} (full access) or {@code key:scope,scope} ({@link ApiScope}): since the list
 * itself is comma-separated, an entry that is exactly a scope name adds that scope to the key before it, so
 * {@code NEXUS_SECURITY_API_KEYS=reader:sessions:read,events:read,admin} configures {@code reader} with two scopes and
 * {@code admin} with all of them. A key therefore cannot contain {@code :} or {@code ,}.
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

    /** A configured key: the digest of its secret and the scopes it holds. */
    private record Key(byte[] digest, Set<ApiScope> scopes) {
    }

    private final List<Key> keys;

    @Inject
    public ApiKeys(SecurityConfig config) {
        this.keys = parse(config.apiKeys().orElse(List.of()));
    }

    private static List<Key> parse(List<String> entries) {
        List<String> secrets = new ArrayList<>();
        List<Set<ApiScope>> scopes = new ArrayList<>();
        int position = 0;
        for (String raw : entries) {
            position++;
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            Optional<ApiScope> scope = ApiScope.parse(entry);
            if (scope.isPresent()) {
                if (secrets.isEmpty() || scopes.getLast().isEmpty()) {
                    throw new IllegalStateException("nexus.security.api-keys: entry " + position + " is the scope "
                            + entry + " without a key:scope before it");
                }
                scopes.getLast().add(scope.get());
                continue;
            }
            int colon = entry.indexOf(':');
            int at = position;
            Set<ApiScope> granted = EnumSet.noneOf(ApiScope.class);
            if (colon >= 0) {
                // The part after the colon is never echoed: a mistyped entry may be a key that contains a colon.
                granted.add(ApiScope.parse(entry.substring(colon + 1).trim())
                        .orElseThrow(() -> new IllegalStateException("nexus.security.api-keys: entry " + at
                                + " names an unknown scope after its ':' (known: " + List.of(ApiScope.values())
                                + "); keys cannot contain ':'")));
                entry = entry.substring(0, colon).trim();
            }
            secrets.add(entry);
            scopes.add(granted);
        }
        List<Key> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            Set<ApiScope> granted = scopes.get(i).isEmpty() ? EnumSet.allOf(ApiScope.class) : scopes.get(i);
            parsed.add(new Key(sha256(secrets.get(i)), Set.copyOf(granted)));
        }
        return List.copyOf(parsed);
    }

    /** Judges an {@code Authorization} header value (null when absent). */
    public Verdict verify(String authorization) {
        if (keys.isEmpty()) {
            return authorization == null ? Verdict.MISSING : Verdict.NONE_CONFIGURED;
        }
        if (authorization == null || authorization.isBlank()) {
            return Verdict.MISSING;
        }
        return match(authorization) == null ? Verdict.INVALID : Verdict.VALID;
    }

    /** The scopes of the key in a valid {@code Authorization} header; empty when the header holds no valid key. */
    public Optional<Set<ApiScope>> scopes(String authorization) {
        Key key = authorization == null ? null : match(authorization);
        return key == null ? Optional.empty() : Optional.of(key.scopes());
    }

    private Key match(String authorization) {
        if (authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        Key matched = null;
        for (Key key : keys) {
            if (MessageDigest.isEqual(key.digest(), presented)) {
                matched = key;
            }
        }
        return matched;
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
        return new Caller(userId, headers.getHeaderString("Origin"), privileged,
                headers.getHeaderString(Caller.USER_HASH_HEADER));
    }

    /** Whether any key is configured. */
    public boolean configured() {
        return !keys.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

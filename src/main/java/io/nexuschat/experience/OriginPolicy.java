package io.nexuschat.experience;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.nexuschat.common.ProblemException;

/**
 * Decides whether a browser origin may use an experience. An experience without {@code allowedOrigins} (or with
 * {@code "*"}) is open to every site; otherwise the request's {@code Origin} must be listed. Requests without an
 * {@code Origin} header come from servers, not from pages, and are not restricted here (a server can forge any
 * header; origins protect visitors' browsers).
 */
@ApplicationScoped
public class OriginPolicy {

    /** Whether {@code origin} (the raw {@code Origin} header, may be null) may call endpoints of {@code experience}. */
    public boolean allows(Experience experience, String origin) {
        if (origin == null || origin.isBlank() || experience.origins().isEmpty()) {
            return true;
        }
        String normalized = normalize(origin);
        for (String allowed : experience.origins()) {
            if ("*".equals(allowed) || normalize(allowed).equals(normalized)) {
                return true;
            }
        }
        return false;
    }

    /** Throws a 403 problem when {@code origin} may not call endpoints of {@code experience}. */
    public void check(Experience experience, String origin) {
        if (!allows(experience, origin)) {
            throw new ProblemException(403, "origin-not-allowed", "Origin not allowed",
                    "Origin " + abbreviate(origin) + " is not allowed for experience '" + experience.id() + "'", null);
        }
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}

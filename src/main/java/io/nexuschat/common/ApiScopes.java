package io.nexuschat.common;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scope each endpoint that accepts an API key needs, by HTTP method and path template. One table, so a reviewer
 * sees every grant at once; {@code ApiScopesTest} fails when an operation of the OpenAPI document is in neither this
 * table nor {@link #KEYLESS}. An endpoint missing from both refuses keys with scopes (only a full-access key passes):
 * a new endpoint is closed to scoped keys until it is mapped here.
 */
public final class ApiScopes {

    /** Endpoints that never use an API key: a key sent to them is ignored. */
    public static final Set<String> KEYLESS = Set.of("POST /api/v2/widget/init", "POST /api/v2/events");

    private static final String SESSION = "/api/v2/sessions/{id}";

    private static final Map<String, ApiScope> NEEDED = Map.ofEntries(
            Map.entry("GET /api/v2/sessions", ApiScope.SESSIONS_READ),
            Map.entry("POST /api/v2/sessions", ApiScope.SESSIONS_WRITE),
            Map.entry("GET " + SESSION, ApiScope.SESSIONS_READ),
            Map.entry("GET " + SESSION + "/messages", ApiScope.SESSIONS_READ),
            Map.entry("PATCH " + SESSION, ApiScope.SESSIONS_WRITE),
            Map.entry("DELETE " + SESSION, ApiScope.SESSIONS_WRITE),
            Map.entry("POST " + SESSION + "/clear", ApiScope.SESSIONS_WRITE),
            Map.entry("POST /api/v2/query", ApiScope.SESSIONS_WRITE),
            Map.entry("POST " + SESSION + "/handover", ApiScope.SESSIONS_WRITE),
            Map.entry("GET " + SESSION + "/handovers", ApiScope.SESSIONS_READ),
            Map.entry("GET " + SESSION + "/handovers/{handoverId}", ApiScope.SESSIONS_READ),
            Map.entry("POST " + SESSION + "/feedback", ApiScope.SESSIONS_WRITE),
            Map.entry("GET " + SESSION + "/feedback", ApiScope.SESSIONS_READ),
            Map.entry("GET " + SESSION + "/feedback/{feedbackId}", ApiScope.SESSIONS_READ),
            Map.entry("GET " + SESSION + "/events/stream", ApiScope.EVENTS_READ),
            Map.entry("GET /api/v2/events/stream", ApiScope.EVENTS_READ));

    private static final String WEBHOOKS = "/api/v2/webhooks";

    private ApiScopes() {
    }

    /**
     * The scope {@code method} on {@code pathTemplate} (as declared, e.g. {@code /api/v2/sessions/{id}}) needs; empty
     * when the endpoint is not mapped. Everything under {@code /api/v2/webhooks} needs {@code webhooks:manage}.
     */
    public static Optional<ApiScope> needed(String method, String pathTemplate) {
        if (pathTemplate.equals(WEBHOOKS) || pathTemplate.startsWith(WEBHOOKS + "/")) {
            return Optional.of(ApiScope.WEBHOOKS_MANAGE);
        }
        return Optional.ofNullable(NEEDED.get(method + " " + pathTemplate));
    }

    /**
     * Whether the endpoint ignores API keys: those in {@link #KEYLESS}, and everything outside {@code /api/} (the widget
     * files and demo pages are public, so a key a browser happens to send must not get them refused).
     */
    public static boolean keyless(String method, String pathTemplate) {
        return !pathTemplate.startsWith("/api/") || KEYLESS.contains(method + " " + pathTemplate);
    }
}

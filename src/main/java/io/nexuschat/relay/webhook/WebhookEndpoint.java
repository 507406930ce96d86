package io.nexuschat.relay.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stored webhook endpoint (a row of {@code relay_endpoint}), secrets included: never returned by the API.
 *
 * @param events the event types it wants; null = every type
 * @param source {@code api} or {@code experience} (declared in an experience file; secret from {@code secretEnv})
 */
public record WebhookEndpoint(UUID id, String experienceId, String source, String url, String description,
        List<String> events, boolean enabled, String disabledReason, Instant disabledAt, String secret,
        String previousSecret, Instant previousSecretUntil, String secretEnv, Instant failingSince, Instant createdAt,
        Instant updatedAt) {

    public static final String SOURCE_API = "api";
    public static final String SOURCE_EXPERIENCE = "experience";

    /** What the API shows: everything but the secrets. */
    public WebhookView view() {
        return new WebhookView(id, experienceId, url, description, events == null ? List.of("*") : events, enabled,
                disabledReason, disabledAt, source, failingSince, createdAt, updatedAt);
    }
}

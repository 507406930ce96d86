package io.nexuschat.relay.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A webhook endpoint as the API shows it (never with its secret).
 *
 * @param id the endpoint's id
 * @param experienceId the experience whose events it receives
 * @param url where events are POSTed
 * @param description the integrator's note
 * @param events event types it receives ({@code ["*"]} = all)
 * @param enabled whether events are delivered to it
 * @param disabledReason why it was disabled (410 Gone, days of failure, by PATCH)
 * @param disabledAt when it was disabled
 * @param source {@code api} (managed here) or {@code experience} (declared in the experience file: read-only)
 * @param failingSince first failed attempt since the last success; null while healthy
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(UUID id, String experienceId, String url, String description, List<String> events,
        boolean enabled, String disabledReason, Instant disabledAt, String source, Instant failingSince,
        Instant createdAt, Instant updatedAt) {
}

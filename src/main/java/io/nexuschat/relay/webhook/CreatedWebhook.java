package io.nexuschat.relay.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of creating an endpoint or rotating its secret: the only answers that carry the secret.
 *
 * @param secret the {@code whsec_…} signing secret; store it now, it is never shown again
 * @param previousSecretValidUntil after a rotation: until when the old secret still signs beside the new one
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreatedWebhook(UUID id, String experienceId, String url, String description, List<String> events,
        boolean enabled, String secret, Instant previousSecretValidUntil, Instant createdAt) {
}

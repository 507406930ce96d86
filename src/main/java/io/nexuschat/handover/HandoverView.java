package io.nexuschat.handover;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A handover request as the API shows it.
 *
 * @param id the handover's id (UUID)
 * @param sessionId the session it was requested in
 * @param reason why a person is wanted
 * @param priority {@code low}, {@code normal} or {@code high}
 * @param metadata the context sent with the request; null when none was sent
 * @param createdAt when it was recorded
 */
@RegisterForReflection
public record HandoverView(UUID id, UUID sessionId, String reason, HandoverPriority priority,
        Map<String, Object> metadata, Instant createdAt) {
}

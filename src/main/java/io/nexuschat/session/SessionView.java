package io.nexuschat.session;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A session as the API shows it, with expiry already applied.
 *
 * @param id the session id (UUID)
 * @param experienceId the experience it belongs to
 * @param name optional label given at creation or by PATCH
 * @param userId the end user it is bound to, or null for an anonymous session
 * @param status {@code active}, {@code completed} or {@code expired}
 * @param endReason why it ended ({@code cleared}, {@code ended}, {@code resolved}, {@code expired},
 *        {@code inactivity}, {@code bot}); null while active
 * @param createdAt when it was created
 * @param updatedAt when anything about it last changed
 * @param lastActivityAt when its last message was stored (creation counts as activity)
 * @param expiresAt end of its absolute lifetime
 * @param inactivityExpiresAt when it expires if no message arrives before; null without an inactivity timeout
 * @param endedAt when it stopped being active; null while active
 * @param messageCount number of stored messages (visitor's and answers)
 * @param metadata integrator's key/value data, never null
 * @param previousSessionId the ended session this one continues, when it was opened by a rollover or by the bot
 */
@RegisterForReflection
public record SessionView(UUID id, String experienceId, String name, String userId, SessionStatus status,
        EndReason endReason, Instant createdAt, Instant updatedAt, Instant lastActivityAt, Instant expiresAt,
        Instant inactivityExpiresAt, Instant endedAt, long messageCount, Map<String, Object> metadata,
        UUID previousSessionId) {
}

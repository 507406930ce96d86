package io.nexuschat.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A stored session. The expiry rule lives here ({@link #dueEnd}) so reads (which only compute it), writes and the
 * sweep (which record it) agree.
 */
@Entity
@Table(name = "chat_session")
public class ChatSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "experience_id", nullable = false)
    public String experienceId;

    @Column(name = "user_id")
    public String userId;

    public String name;

    /** JSON object text; null when there is no metadata. */
    public String metadata;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SessionStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    public EndReason endReason;

    @Column(name = "expiration_seconds", nullable = false)
    public long expirationSeconds;

    @Column(name = "inactivity_timeout_seconds")
    public Long inactivityTimeoutSeconds;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "inactivity_expires_at")
    public Instant inactivityExpiresAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "message_count", nullable = false)
    public long messageCount;

    @Column(name = "previous_session_id")
    public UUID previousSessionId;

    /** A new active session whose lifetime starts at {@code now}. */
    public static ChatSession open(UUID id, String experienceId, String userId, long expirationSeconds,
            Long inactivityTimeoutSeconds, Instant now) {
        ChatSession s = new ChatSession();
        s.id = id;
        s.experienceId = experienceId;
        s.userId = userId;
        s.status = SessionStatus.ACTIVE;
        s.expirationSeconds = expirationSeconds;
        s.inactivityTimeoutSeconds = inactivityTimeoutSeconds;
        s.createdAt = now;
        s.updatedAt = now;
        s.expiresAt = now.plusSeconds(expirationSeconds);
        s.touch(now);
        return s;
    }

    /** Records activity (a message): pushes the inactivity deadline forward. */
    public void touch(Instant now) {
        lastActivityAt = now;
        updatedAt = now;
        inactivityExpiresAt = inactivityTimeoutSeconds == null ? null : now.plusSeconds(inactivityTimeoutSeconds);
    }

    /**
     * Marks an active session expired when one of its deadlines has passed. {@code endedAt} is the deadline that ran
     * out first (when the session really ended), not the moment this was noticed.
     *
     * @return true when the session changed from active to expired
     */
    public boolean expireIfDue(Instant now) {
        End due = dueEnd(now);
        if (due == null) {
            return false;
        }
        end(due.reason(), due.at(), now);
        status = SessionStatus.EXPIRED;
        return true;
    }

    /** How a session past its deadline ended: why, and when (the deadline that ran out first). */
    public record End(EndReason reason, Instant at) {
    }

    /** How this session ends by expiry at {@code now}; null when it is not due. Changes nothing. */
    public End dueEnd(Instant now) {
        if (!expiryDue(now)) {
            return null;
        }
        boolean idle = inactivityExpiresAt != null && !now.isBefore(inactivityExpiresAt);
        boolean old = !now.isBefore(expiresAt);
        boolean idleFirst = idle && (!old || inactivityExpiresAt.isBefore(expiresAt));
        return idleFirst ? new End(EndReason.INACTIVITY, inactivityExpiresAt) : new End(EndReason.EXPIRED, expiresAt);
    }

    /** Whether this session is still marked active although one of its deadlines has passed. */
    public boolean expiryDue(Instant now) {
        return status == SessionStatus.ACTIVE && (!now.isBefore(expiresAt)
                || inactivityExpiresAt != null && !now.isBefore(inactivityExpiresAt));
    }

    /** Ends an active session as completed, for {@code reason}. */
    public void complete(EndReason reason, Instant now) {
        end(reason, now, now);
        status = SessionStatus.COMPLETED;
    }

    private void end(EndReason reason, Instant at, Instant now) {
        endReason = reason;
        endedAt = at;
        updatedAt = now;
    }
}

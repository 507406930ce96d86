package io.nexuschat.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A row that belongs to one session (a handover request, a rating): its id, its session, and when it was first
 * recorded, which orders a session's records. Removed with its session (the foreign key cascades).
 */
@MappedSuperclass
public abstract class SessionRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    /** When it was first recorded. */
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

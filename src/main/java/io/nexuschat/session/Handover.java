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

/** A stored request of a visitor to talk to a person. Removed with its session. */
@Entity
@Table(name = "handover")
public class Handover extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(nullable = false)
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HandoverPriority priority;

    /** JSON object text; null when the request carried no metadata. */
    public String metadata;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

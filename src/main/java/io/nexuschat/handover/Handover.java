package io.nexuschat.handover;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.nexuschat.session.SessionRecord;

/** A stored request of a visitor to talk to a person. Its id may be the client's idempotency key. */
@Entity
@Table(name = "handover")
public class Handover extends SessionRecord {

    @Column(nullable = false)
    public String reason;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HandoverPriority priority;

    /** JSON object text; null when the request carried no metadata. */
    public String metadata;
}

package io.nexuschat.conversation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A stored rating of one answer; at most one per message (unique {@code message_id}). */
@Entity
@Table(name = "message_feedback")
public class MessageFeedback extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "message_id", nullable = false)
    public UUID messageId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FeedbackRating rating;

    public String comment;

    /** When the message was first rated. */
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the rating was last given (replaced). */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

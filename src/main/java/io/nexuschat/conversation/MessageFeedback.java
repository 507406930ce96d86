package io.nexuschat.conversation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import io.nexuschat.session.SessionRecord;

/**
 * A stored rating of one answer; at most one per message (unique {@code message_id}). {@code createdAt} is when the
 * message was first rated.
 */
@Entity
@Table(name = "message_feedback")
public class MessageFeedback extends SessionRecord {

    @Column(name = "message_id", nullable = false)
    public UUID messageId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FeedbackRating rating;

    public String comment;

    /** When the rating was last given (replaced). */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

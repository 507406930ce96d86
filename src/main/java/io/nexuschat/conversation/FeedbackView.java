package io.nexuschat.conversation;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rating of an answer as the API shows it.
 *
 * @param id the feedback's id; rating the same message again keeps it
 * @param sessionId the session of the rated answer
 * @param messageId the rated answer
 * @param rating {@code up} or {@code down}
 * @param comment the visitor's words, or null
 * @param createdAt when the message was first rated
 * @param updatedAt when the current rating was given (later than {@code createdAt} once replaced)
 */
@RegisterForReflection
public record FeedbackView(UUID id, UUID sessionId, UUID messageId, FeedbackRating rating, String comment,
        Instant createdAt, Instant updatedAt) {
}

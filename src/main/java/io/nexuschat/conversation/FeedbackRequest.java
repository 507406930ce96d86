package io.nexuschat.conversation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nexuschat.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /sessions/{id}/feedback}: the widget's {@code feedback} event.
 *
 * @param messageId the rated answer (the {@code messageId} of its {@code complete} event)
 * @param rating {@code up} or {@code down}
 * @param comment optional words from the visitor, at most 2000 characters
 * @param userId the end user; a session bound to another user refuses the rating (403)
 * @param userHash hex HMAC-SHA256 of {@code userId} with the experience's identity secret, computed by the integrator's
 *        backend; required beside {@code userId} when the experience sets {@code identity}
 */
@RegisterForReflection
public record FeedbackRequest(String messageId, String rating, String comment, String userId,
        @Schema(description = Caller.USER_HASH_DOC) String userHash) {
}

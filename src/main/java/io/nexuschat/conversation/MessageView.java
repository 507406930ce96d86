package io.nexuschat.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.nexuschat.experience.Experience;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A stored message as the API shows it.
 *
 * @param id message id (UUID); answers' ids are the {@code messageId} of feedback and copy events
 * @param sessionId the session it belongs to
 * @param role {@code user} or {@code assistant}
 * @param text Markdown as written (user) or answered (assistant)
 * @param html sanitized HTML rendered from {@code text} by the server; safe to insert into a page
 * @param queryId the query this message belongs to (a question and its answer share it)
 * @param createdAt when it was stored
 * @param actions action buttons offered with an answer; empty for user messages
 */
@RegisterForReflection
public record MessageView(UUID id, UUID sessionId, MessageRole role, String text, String html, String queryId,
        Instant createdAt, List<Experience.Action> actions) {
}

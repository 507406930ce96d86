package io.nexuschat.conversation;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nexuschat.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /api/v2/query}.
 *
 * @param experienceId the experience answering (required)
 * @param sessionId the session to continue (UUID); absent: a session is created; unknown: created with this id;
 *        ended: a new session is opened and the query answered there
 * @param text the visitor's message, 1 … 4000 characters after trimming
 * @param queryId client id of this query (1 … 100 letters, digits, {@code . _ : -}; a UUID fits), echoed in every
 *        event; generated when absent.
 *        Sending the same queryId again in the same session is a retry: no second message is stored
 * @param userId the end user; a session bound to another user refuses the query (403)
 * @param metadata metadata for a session this query creates
 * @param userHash hex HMAC-SHA256 of {@code userId} with the experience's identity secret, computed by the integrator's
 *        backend; required beside {@code userId} when the experience sets {@code identity}
 */
@RegisterForReflection
public record QueryRequest(String experienceId, String sessionId, String text, String queryId, String userId,
        Map<String, Object> metadata, @Schema(description = Caller.USER_HASH_DOC) String userHash) {
}

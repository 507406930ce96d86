package io.nexuschat.handover;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nexuschat.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /sessions/{id}/handover}: the payload of a {@code trigger_handover} action.
 *
 * @param id optional client-made UUID, the idempotency key: a repeat with the same id in the same session returns the
 *        recorded request (200) and records nothing; becomes the handover's id
 * @param reason why a person is wanted, e.g. {@code user_requested}, {@code unable_to_help}; 1 … 100 characters
 * @param priority {@code low}, {@code normal} (default) or {@code high}
 * @param metadata optional context for the person taking over; at most 8 KB as JSON
 * @param userId the end user; a session bound to another user refuses the request (403)
 * @param experienceId optional: when the session does not exist yet, it is created for this experience (as a query's
 *        first message would create it) and the request recorded in it, in one transaction
 * @param userHash hex HMAC-SHA256 of {@code userId} with the experience's identity secret, computed by the integrator's
 *        backend; required beside {@code userId} when the experience sets {@code identity}
 */
@RegisterForReflection
public record HandoverRequest(String id, String reason, String priority, Map<String, Object> metadata, String userId,
        String experienceId, @Schema(description = Caller.USER_HASH_DOC) String userHash) {
}

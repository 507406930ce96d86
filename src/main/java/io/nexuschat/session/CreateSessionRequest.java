package io.nexuschat.session;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nexuschat.common.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /sessions}.
 *
 * @param id optional client-chosen UUID; repeating the same create is idempotent
 * @param experienceId the experience (required)
 * @param name optional label, at most 200 characters
 * @param userId optional end-user id the session is bound to, at most 200 characters
 * @param metadata optional key/value data of the integrator
 * @param expirationSeconds absolute lifetime, 60 … 2592000; default from the experience
 * @param userHash hex HMAC-SHA256 of {@code userId} with the experience's identity secret, computed by the integrator's
 *        backend; required beside {@code userId} when the experience sets {@code identity}
 */
@RegisterForReflection
public record CreateSessionRequest(String id, String experienceId, String name, String userId,
        Map<String, Object> metadata, Long expirationSeconds,
        @Schema(description = Caller.USER_HASH_DOC) String userHash) {

    /** A request without a {@code userHash}. */
    public CreateSessionRequest(String id, String experienceId, String name, String userId,
            Map<String, Object> metadata, Long expirationSeconds) {
        this(id, experienceId, name, userId, metadata, expirationSeconds, null);
    }
}

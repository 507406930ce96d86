package io.nexuschat.session;

import java.util.Map;

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
 */
@RegisterForReflection
public record CreateSessionRequest(String id, String experienceId, String name, String userId,
        Map<String, Object> metadata, Long expirationSeconds) {
}

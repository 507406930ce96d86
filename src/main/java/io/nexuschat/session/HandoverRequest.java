package io.nexuschat.session;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code POST /sessions/{id}/handover}: the payload of a {@code trigger_handover} action.
 *
 * @param reason why a person is wanted, e.g. {@code user_requested}, {@code unable_to_help}; 1 … 100 characters
 * @param priority {@code low}, {@code normal} (default) or {@code high}
 * @param metadata optional context for the person taking over; at most 8 KB as JSON
 * @param userId the end user; a session bound to another user refuses the request (403)
 */
@RegisterForReflection
public record HandoverRequest(String reason, String priority, Map<String, Object> metadata, String userId) {
}

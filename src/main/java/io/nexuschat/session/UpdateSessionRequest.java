package io.nexuschat.session;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of {@code PATCH /sessions/{id}}; absent fields are left unchanged.
 *
 * @param name new label; an empty string removes it
 * @param metadata merged into the stored metadata key by key; a key set to null is removed
 * @param status only {@code completed} may be set: it ends an active session
 * @param endReason with {@code status: completed}: {@code ended} (default) or {@code resolved}
 */
@RegisterForReflection
public record UpdateSessionRequest(String name, Map<String, Object> metadata, String status, String endReason) {
}

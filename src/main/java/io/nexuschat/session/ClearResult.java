package io.nexuschat.session;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of {@code POST /sessions/{id}/clear}: the payload of the widget's {@code sessionClear} event.
 *
 * @param sessionId the cleared session
 * @param messageCount how many messages it held
 * @param timestamp when it was cleared
 */
@RegisterForReflection
public record ClearResult(UUID sessionId, long messageCount, Instant timestamp) {
}

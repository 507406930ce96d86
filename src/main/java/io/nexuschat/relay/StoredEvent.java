package io.nexuschat.relay;

import java.time.Instant;

/**
 * An event as committed to the outbox.
 *
 * @param event the event
 * @param createdAt when it was stored
 */
public record StoredEvent(OutboxEvent event, Instant createdAt) {
}

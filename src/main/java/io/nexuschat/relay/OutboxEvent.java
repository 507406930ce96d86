package io.nexuschat.relay;

import java.time.Instant;
import java.util.UUID;

/**
 * One event in the outbox, as it will be delivered.
 *
 * @param id the event id: the {@code webhook-id} of every delivery of it (client-made for widget events)
 * @param experienceId the experience whose endpoints receive it
 * @param sessionId the session it belongs to, or null
 * @param type {@code widget.<eventName>} or a server event type such as {@code session.created}
 * @param occurredAt when it happened (the widget's timestamp for widget events)
 * @param data the {@code data} object of the delivered body, as JSON text, visitor text already redacted
 */
public record OutboxEvent(UUID id, String experienceId, UUID sessionId, String type, Instant occurredAt,
        String data) {
}

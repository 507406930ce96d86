package io.nexuschat.relay.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery a worker holds (its lease runs until {@code leaseUntil}), with the event to send.
 *
 * @param id the delivery row
 * @param endpointId the target
 * @param attempts attempts made before this one
 * @param eventId the event id ({@code webhook-id})
 * @param type the event type
 * @param occurredAt the event's time ({@code timestamp} of the body)
 * @param data the event's {@code data} JSON
 * @param sessionId the event's chat session, or null
 * @param userId the integrator's user id the session is bound to, or null (none, or the session is gone)
 * @param leaseUntil the lease the claim wrote into {@code next_attempt_at}: the attempt's outcome moves the delivery
 *        on only while the row still carries it (a replay or another worker's claim after the lease ran out wrote a
 *        newer state, which stands)
 */
public record ClaimedDelivery(long id, UUID endpointId, int attempts, UUID eventId, String type, Instant occurredAt,
        String data, UUID sessionId, String userId, Instant leaseUntil) {

    /** By row and lease only (consistent with equals): senders key maps by deliveries, and data can be long. */
    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + leaseUntil.hashCode();
    }
}

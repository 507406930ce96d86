package io.nexuschat.relay.delivery;

import java.time.Duration;

/**
 * What one attempt to deliver an event achieved.
 *
 * @param statusCode the target's HTTP status, or null when it did not answer
 * @param latencyMillis time until the answer or the failure
 * @param error why it failed (no secret, no body content), or null on success
 * @param retryAfter the target's {@code Retry-After}, or null
 */
public record DeliveryOutcome(Integer statusCode, long latencyMillis, String error, Duration retryAfter) {

    /** A 2xx answer. */
    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** 410 Gone: the target says it will never accept events again; it is disabled at once. */
    public boolean gone() {
        return statusCode != null && statusCode == 410;
    }

    /** A failure before any HTTP exchange (refused target, no secret). */
    public static DeliveryOutcome failed(String error, long latencyMillis) {
        return new DeliveryOutcome(null, latencyMillis, error, null);
    }
}

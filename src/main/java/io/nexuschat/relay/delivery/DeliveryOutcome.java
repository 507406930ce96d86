package io.nexuschat.relay.delivery;

import java.time.Duration;

/**
 * What one attempt to deliver an event achieved.
 *
 * @param statusCode the target's HTTP status, or null when it did not answer
 * @param latencyMillis time until the answer or the failure
 * @param error why it failed (no secret, no body content), or null on success
 * @param retryAfter the target's {@code Retry-After}, or null
 * @param verdict how to read the outcome: by its status code (webhooks), or as the sink decided (analytics services
 *        judge a request by more than its status: a Mixpanel 400 can accept part of a batch)
 */
public record DeliveryOutcome(Integer statusCode, long latencyMillis, String error, Duration retryAfter,
        Verdict verdict) {

    /** How an outcome moves its delivery on. */
    public enum Verdict {
        /** 2xx delivered, 410 disables the endpoint, anything else is retried per the schedule. */
        BY_STATUS,
        /** Delivered, whatever the status code. */
        DELIVERED,
        /** Failed for good: recorded as failed, never retried (the event is rejected or cannot be sent). */
        FINAL
    }

    /** An outcome read by its status code. */
    public DeliveryOutcome(Integer statusCode, long latencyMillis, String error, Duration retryAfter) {
        this(statusCode, latencyMillis, error, retryAfter, Verdict.BY_STATUS);
    }

    /** Delivered: a 2xx answer, or the sink says so. */
    public boolean delivered() {
        return verdict == Verdict.DELIVERED
                || (verdict == Verdict.BY_STATUS && statusCode != null && statusCode >= 200 && statusCode < 300);
    }

    /** 410 Gone: the target says it will never accept events again; it is disabled at once. */
    public boolean gone() {
        return verdict == Verdict.BY_STATUS && statusCode != null && statusCode == 410;
    }

    /** Failed for good: not retried. */
    public boolean permanent() {
        return verdict == Verdict.FINAL;
    }

    /** A failure before any HTTP exchange (refused target, no secret); retried per the schedule. */
    public static DeliveryOutcome failed(String error, long latencyMillis) {
        return new DeliveryOutcome(null, latencyMillis, error, null);
    }
}

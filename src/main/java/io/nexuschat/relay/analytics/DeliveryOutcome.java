package io.nexuschat.relay.analytics;

import java.time.Duration;
import java.util.List;

/**
 * What happened to one {@link OutgoingRequest}; the relay's delivery loop decides what to do next.
 *
 * @param kind the classification
 * @param statusCode HTTP status, or 0 when no response arrived
 * @param retryAfter the service's {@code Retry-After}, or {@code null} when absent or unparseable
 * @param detail short reason for the delivery log (secrets redacted)
 * @param rejectedEventIds events rejected for good: some for {@link Kind#PARTIAL} (the rest landed), all for
 *        {@link Kind#FAILED}, none otherwise
 * @param latency time from sending to the response or the failure
 */
public record DeliveryOutcome(Kind kind, int statusCode, Duration retryAfter, String detail,
        List<String> rejectedEventIds, Duration latency) {

    /** Classification of a delivery attempt. */
    public enum Kind {
        /** 2xx: every event of the request was accepted. */
        DELIVERED,
        /** Some events were accepted and {@code rejectedEventIds} never will be (Mixpanel's strict import 400). */
        PARTIAL,
        /** 408, 429, 5xx, timeout or network error: try again later (after {@code retryAfter} when given). */
        RETRY,
        /** Any other status (bad key, malformed request, too large, redirect): retrying the same request is useless. */
        FAILED
    }

    /** Copies the list. */
    public DeliveryOutcome {
        rejectedEventIds = List.copyOf(rejectedEventIds);
    }

    /** Whether the relay should schedule another attempt. */
    public boolean retryable() {
        return kind == Kind.RETRY;
    }
}

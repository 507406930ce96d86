package io.nexuschat.relay.analytics;

/**
 * An event a sink will never send, and why (not relayed to analytics, no visitor identity, too old, too large).
 *
 * @param eventId the {@link AnalyticsEvent#id()}
 * @param reason human-readable reason for the delivery log
 */
public record DroppedEvent(String eventId, String reason) {
}

/**
 * Analytics sinks of the event relay: GA4 Measurement Protocol, Segment {@code batch} and Mixpanel {@code import}.
 * <p>
 * Pure and storage-independent: {@link io.nexuschat.relay.analytics.AnalyticsSinks} builds an experience's sinks
 * from its {@code analytics} config; {@link io.nexuschat.relay.analytics.AnalyticsSink#prepare} maps and batches
 * {@link io.nexuschat.relay.analytics.AnalyticsEvent}s into
 * {@link io.nexuschat.relay.analytics.OutgoingRequest}s within each service's limits, listing what it drops and
 * why; {@link io.nexuschat.relay.analytics.AnalyticsSender} sends one request and classifies the answer as a
 * {@link io.nexuschat.relay.analytics.DeliveryOutcome}. Retries, scheduling and the delivery log stay with the relay.
 * {@link io.nexuschat.relay.analytics.TrackedEvent} is the event-name and property mapping for all three services.
 */
package io.nexuschat.relay.analytics;

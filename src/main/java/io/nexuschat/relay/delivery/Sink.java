package io.nexuschat.relay.delivery;

import io.nexuschat.relay.webhook.WebhookEndpoint;

/**
 * A kind of relay target. Workers claim deliveries per target and hand each to the sink of the target's kind; the
 * webhook sink is the only one so far. Analytics services (GA4, Segment, Mixpanel) plug in as further kinds of
 * target with their own sink.
 */
public interface Sink {

    /** The {@code relay_endpoint.kind} this sink delivers to. */
    String kind();

    /** Sends one event to one target; never throws for a target's failure, reports it in the outcome. */
    DeliveryOutcome deliver(WebhookEndpoint target, ClaimedDelivery delivery);
}

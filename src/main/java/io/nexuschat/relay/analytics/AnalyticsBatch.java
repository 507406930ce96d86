package io.nexuschat.relay.analytics;

import java.util.List;

/**
 * What a sink made of a list of events: the requests to send, and the events it will never send.
 *
 * @param requests requests within the service's limits, each listing the event ids it carries
 * @param dropped events no request carries, each with its reason
 */
public record AnalyticsBatch(List<OutgoingRequest> requests, List<DroppedEvent> dropped) {

    /** Copies the lists. */
    public AnalyticsBatch {
        requests = List.copyOf(requests);
        dropped = List.copyOf(dropped);
    }
}

package io.nexuschat.relay.analytics;

import java.time.Instant;
import java.util.List;

/** An analytics service: maps relayed events to that service's requests, within its limits. Pure: no I/O. */
public interface AnalyticsSink {

    /** Short service name for logs and the delivery log: {@code ga4}, {@code segment}, {@code mixpanel}. */
    String service();

    /**
     * Maps and batches events. Every input event id appears exactly once: in one request's {@code eventIds} or in
     * {@code dropped}.
     *
     * @param events events in relay order (order is kept inside and across requests)
     * @param now the relay's clock, for the services' age limits and to clamp timestamps from fast visitor clocks
     */
    AnalyticsBatch prepare(List<AnalyticsEvent> events, Instant now);
}

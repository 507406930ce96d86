package io.nexuschat.relay;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the event relay: intake, delivery to webhooks, retries, safety and retention. */
@ConfigMapping(prefix = "nexus.relay")
public interface RelayConfig {

    /** Largest body {@code POST /api/v2/events} accepts; larger ones are a 413. */
    @WithDefault("64K")
    MemorySize intakeMaxBody();

    /** Delays before each attempt of a delivery; after the last one fails the delivery is given up. */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random extra share of each retry delay (0.2 = up to 20 % later), so retries of many events spread out. */
    @WithDefault("0.2")
    double jitter();

    /** How long one delivery may take; no 2xx answer within it is a failed attempt. */
    @WithDefault("15s")
    Duration timeout();

    /** Longest {@code Retry-After} honoured; a longer one is cut to this. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** An endpoint whose deliveries have failed without a success for this long is disabled (recorded). */
    @WithDefault("120h")
    Duration disableAfter();

    /** Whether webhook URLs may point at loopback, private, link-local or metadata addresses (tests, intranets). */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /** How long the previous secret keeps signing beside the new one after a rotation. */
    @WithDefault("24h")
    Duration secretOverlap();

    /** Events (and delivery log entries) older than this are pruned once no delivery of theirs is pending. */
    @WithDefault("168h")
    Duration retention();

    /** How often pruning runs ({@code off} to never prune). */
    @WithDefault("1h")
    String pruneInterval();

    /** Whether this instance runs relay workers (instances sharing a database may leave delivery to others). */
    @WithDefault("true")
    boolean workersEnabled();

    /** Relay worker loops in this instance; each claims due deliveries on its own. */
    @WithDefault("1")
    int workers();

    /** How often an idle worker looks for due deliveries; new events wake it at once, so this only bounds retries. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Deliveries in flight at once per endpoint and worker; endpoints never wait on each other. */
    @WithDefault("8")
    int endpointConcurrency();
}

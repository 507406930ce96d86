package io.nexuschat.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Rate limits of the public (widget) endpoints ({@code nexus.rate-limit.*}, enforced by {@link RateLimits}). Each limit
 * is {@code N/period} (e.g. {@code 300/1m}: 300 requests, refilled evenly over a minute, so a burst of 300 passes) or
 * {@code off}. Budgets are per instance: behind a load balancer over n instances a client may reach up to n times them.
 */
@ConfigMapping(prefix = "nexus.rate-limit")
public interface RateLimitConfig {

    /** Whether rate limits apply at all ({@code NEXUS_RATE_LIMIT_ENABLED=false} switches every one off). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Addresses (or CIDR ranges) of reverse proxies whose {@code X-Forwarded-For} names the client. A request from
     * any other address is limited by its own address, whatever it claims. None by default.
     */
    Optional<List<String>> trustedProxies();

    /** {@code POST /api/v2/widget/init} per client address. */
    @WithName("init.per-ip")
    @WithDefault("300/1m")
    String initPerIp();

    /** {@code POST /api/v2/widget/init} per session resumed. */
    @WithName("init.per-session")
    @WithDefault("60/1m")
    String initPerSession();

    /** {@code POST /api/v2/query} per client address. */
    @WithName("query.per-ip")
    @WithDefault("300/1m")
    String queryPerIp();

    /** {@code POST /api/v2/query} per session. */
    @WithName("query.per-session")
    @WithDefault("30/1m")
    String queryPerSession();

    /** {@code POST /api/v2/events} per client address. */
    @WithName("events.per-ip")
    @WithDefault("600/1m")
    String eventsPerIp();

    /** {@code POST /api/v2/events} per session named in a batch. */
    @WithName("events.per-session")
    @WithDefault("120/1m")
    String eventsPerSession();

    /** {@code POST /api/v2/sessions/{id}/feedback} per client address. */
    @WithName("feedback.per-ip")
    @WithDefault("120/1m")
    String feedbackPerIp();

    /** {@code POST /api/v2/sessions/{id}/feedback} per session. */
    @WithName("feedback.per-session")
    @WithDefault("30/1m")
    String feedbackPerSession();

    /** {@code POST /api/v2/sessions/{id}/handover} per client address. */
    @WithName("handover.per-ip")
    @WithDefault("60/1m")
    String handoverPerIp();

    /** {@code POST /api/v2/sessions/{id}/handover} per session. */
    @WithName("handover.per-session")
    @WithDefault("10/1m")
    String handoverPerSession();
}

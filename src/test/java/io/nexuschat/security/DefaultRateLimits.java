package io.nexuschat.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The shipped rate limits (the test configuration raises them for the other tests), with the loopback addresses as
 * trusted proxies, so each test names its own client in {@code X-Forwarded-For} and starts with a full budget.
 */
public class DefaultRateLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(Map.entry("%test.nexus.rate-limit.init.per-ip", "300/1m"),
                Map.entry("%test.nexus.rate-limit.init.per-session", "60/1m"),
                Map.entry("%test.nexus.rate-limit.query.per-ip", "300/1m"),
                Map.entry("%test.nexus.rate-limit.query.per-session", "30/1m"),
                Map.entry("%test.nexus.rate-limit.events.per-ip", "600/1m"),
                Map.entry("%test.nexus.rate-limit.events.per-session", "120/1m"),
                Map.entry("%test.nexus.rate-limit.feedback.per-ip", "120/1m"),
                Map.entry("%test.nexus.rate-limit.feedback.per-session", "30/1m"),
                Map.entry("%test.nexus.rate-limit.handover.per-ip", "60/1m"),
                Map.entry("%test.nexus.rate-limit.handover.per-session", "10/1m"),
                Map.entry("nexus.rate-limit.trusted-proxies", "127.0.0.1,::1"));
    }
}

package io.nexuschat.ops;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operations settings ({@code nexus.ops.*}): health checks. */
@ConfigMapping(prefix = "nexus.ops")
public interface OpsConfig {

    /**
     * Readiness is DOWN when a relay delivery has been due for longer than this (the workers are not keeping up, or
     * cannot reach the database); deliveries waiting for a later retry do not count.
     */
    @WithDefault("5m")
    Duration relayBacklogMaxDelay();
}

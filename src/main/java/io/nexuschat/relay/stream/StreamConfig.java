package io.nexuschat.relay.stream;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the live event streams ({@code /api/v2/events/stream}, {@code /api/v2/sessions/{id}/events/stream}). */
@ConfigMapping(prefix = "nexus.streams")
public interface StreamConfig {

    /**
     * How often an instance with open streams reads the events committed since its last read (by any instance sharing
     * the database). Events committed by this instance wake the read at once.
     */
    @WithDefault("500ms")
    Duration pollInterval();

    /**
     * How long a missing sequence number is looked for again: a transaction that took it may still commit (then its
     * event is streamed late, out of order) or may have rolled back (then it never appears).
     */
    @WithDefault("30s")
    Duration gapGrace();
}

package io.nexuschat.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Session housekeeping ({@code nexus.sessions.*}). Lifetimes themselves are per experience. */
@ConfigMapping(prefix = "nexus.sessions")
public interface SessionConfig {

    /**
     * How often the sweep marks timed-out sessions expired, e.g. {@code 60s}; {@code off} disables it (expiry is
     * still applied whenever a session is read or used).
     */
    @WithDefault("60s")
    String sweepInterval();

    /** At most this many sessions are expired per sweep run. */
    @WithDefault("500")
    int sweepBatchSize();

    /** Largest accepted session metadata, in characters of its JSON form. */
    @WithDefault("16384")
    int maxMetadataChars();
}

package io.nexuschat.common;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's notion of "now". Every time-dependent rule (expiry, inactivity, durations) reads the time from
 * here so tests can move time forward instead of sleeping.
 */
@ApplicationScoped
public class AppClock {

    /** The current instant, truncated to milliseconds so stored and returned timestamps agree. */
    public Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}

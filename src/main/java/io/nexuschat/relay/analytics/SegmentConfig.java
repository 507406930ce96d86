package io.nexuschat.relay.analytics;

import java.net.URI;
import java.util.Objects;

/**
 * Segment HTTP Tracking API settings of one experience ({@code analytics.segment}).
 *
 * @param writeKey source write key, resolved by the caller from {@code writeKeyEnv}
 * @param endpoint replaces {@code https://api.segment.io} (tests, EU workspaces); {@code null} = default
 */
public record SegmentConfig(String writeKey, URI endpoint) {

    /** Validates; the message never contains the key. */
    public SegmentConfig {
        if (writeKey == null || writeKey.isBlank()) {
            throw new IllegalArgumentException("segment write key is required (set the variable named by writeKeyEnv)");
        }
        Endpoints.requireHttp(endpoint, "segment.endpoint");
    }

    /** Config with the default endpoint. */
    public SegmentConfig(String writeKey) {
        this(writeKey, null);
    }

    /** Redacts the key. */
    @Override
    public String toString() {
        return "SegmentConfig[writeKey=***, endpoint="
                + Objects.requireNonNullElse(endpoint, SegmentSink.DEFAULT_ENDPOINT) + "]";
    }
}

package io.nexuschat.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Request limits answered with a problem+json ({@code nexus.http.*}, enforced by {@link RequestLimits}). Keep them below
 * {@code quarkus.http.limits.max-initial-line-length} and {@code quarkus.http.limits.max-header-size}: Vert.x answers
 * requests beyond its own limits with an empty 414 or 431.
 */
@ConfigMapping(prefix = "nexus.http")
public interface HttpLimitsConfig {

    /** Longest request URI (path and query), in characters; longer ones get a 414. */
    @WithDefault("4096")
    int maxUriLength();

    /** Largest total size of the request headers (names, values, separators); larger ones get a 431. */
    @WithDefault("20K")
    MemorySize maxHeaderSize();
}

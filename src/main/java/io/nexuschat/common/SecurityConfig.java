package io.nexuschat.common;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Security settings ({@code nexus.security.*}). */
@ConfigMapping(prefix = "nexus.security")
public interface SecurityConfig {

    /**
     * API keys accepted as {@code Authorization: Bearer <key>} on management endpoints; comma-separated. Set them
     * from the environment ({@code NEXUS_SECURITY_API_KEYS}), never in a committed file. None = management disabled.
     */
    Optional<List<String>> apiKeys();
}

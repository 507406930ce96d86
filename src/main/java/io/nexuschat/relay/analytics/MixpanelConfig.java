package io.nexuschat.relay.analytics;

import java.net.URI;
import java.util.Objects;

/**
 * Mixpanel import settings of one experience ({@code analytics.mixpanel}).
 *
 * @param token project token (Basic-auth username of {@code /import}), resolved by the caller from {@code tokenEnv}
 * @param endpoint replaces {@code https://api.mixpanel.com} (tests; {@code https://api-eu.mixpanel.com} for EU
 *        residency); {@code null} = default
 */
public record MixpanelConfig(String token, URI endpoint) {

    /** Validates; the message never contains the token. */
    public MixpanelConfig {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("mixpanel token is required (set the variable named by tokenEnv)");
        }
        Endpoints.requireHttp(endpoint, "mixpanel.endpoint");
    }

    /** Config with the default endpoint. */
    public MixpanelConfig(String token) {
        this(token, null);
    }

    /** Redacts the token. */
    @Override
    public String toString() {
        return "MixpanelConfig[token=***, endpoint="
                + Objects.requireNonNullElse(endpoint, MixpanelSink.DEFAULT_ENDPOINT) + "]";
    }
}

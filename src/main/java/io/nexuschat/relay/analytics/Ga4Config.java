package io.nexuschat.relay.analytics;

import java.net.URI;
import java.util.Objects;

/**
 * GA4 Measurement Protocol settings of one experience ({@code analytics.ga4}).
 *
 * @param measurementId web stream measurement id ({@code G-XXXXXXX})
 * @param apiSecret Measurement Protocol API secret, resolved by the caller from {@code apiSecretEnv}
 * @param endpoint replaces {@code https://www.google-analytics.com} (tests, EU or debug endpoints); {@code null} =
 *        default
 */
public record Ga4Config(String measurementId, String apiSecret, URI endpoint) {

    /** Validates; the message never contains the secret. */
    public Ga4Config {
        if (measurementId == null || measurementId.isBlank()) {
            throw new IllegalArgumentException("ga4.measurementId is required");
        }
        if (apiSecret == null || apiSecret.isBlank()) {
            throw new IllegalArgumentException("ga4 api secret is required (set the variable named by apiSecretEnv)");
        }
        Endpoints.requireHttp(endpoint, "ga4.endpoint");
    }

    /** Config with the default endpoint. */
    public Ga4Config(String measurementId, String apiSecret) {
        this(measurementId, apiSecret, null);
    }

    /** Redacts the secret. */
    @Override
    public String toString() {
        return "Ga4Config[measurementId=" + measurementId + ", apiSecret=***, endpoint="
                + Objects.requireNonNullElse(endpoint, Ga4Sink.DEFAULT_ENDPOINT) + "]";
    }
}

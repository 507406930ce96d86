package io.nexuschat.relay.analytics;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Builds an experience's sinks from its {@code "analytics"} object:
 * {@code {"ga4": {"measurementId", "apiSecretEnv", "endpoint"?}, "segment": {"writeKeyEnv", "endpoint"?},
 * "mixpanel": {"tokenEnv", "endpoint"?}}}. Secrets are read through {@code env} by the variable names the file gives,
 * so the file never holds them; errors name the variable, never its value.
 */
public final class AnalyticsSinks {

    private AnalyticsSinks() {
    }

    /** Sinks for a parsed {@code analytics} object (a missing or empty object gives none). */
    public static List<AnalyticsSink> fromConfig(JsonNode analytics, Function<String, String> env) {
        List<AnalyticsSink> sinks = new ArrayList<>();
        if (analytics == null || !analytics.isObject()) {
            return sinks;
        }
        JsonNode ga4 = analytics.get("ga4");
        if (ga4 != null && ga4.isObject()) {
            sinks.add(new Ga4Sink(new Ga4Config(text(ga4, "measurementId"), secret(ga4, "apiSecretEnv", "ga4", env),
                    endpoint(ga4, "ga4"))));
        }
        JsonNode segment = analytics.get("segment");
        if (segment != null && segment.isObject()) {
            sinks.add(new SegmentSink(new SegmentConfig(secret(segment, "writeKeyEnv", "segment", env), endpoint(
                    segment, "segment"))));
        }
        JsonNode mixpanel = analytics.get("mixpanel");
        if (mixpanel != null && mixpanel.isObject()) {
            sinks.add(new MixpanelSink(new MixpanelConfig(secret(mixpanel, "tokenEnv", "mixpanel", env), endpoint(
                    mixpanel, "mixpanel"))));
        }
        return sinks;
    }

    /** Same, from the map an experience record holds. */
    public static List<AnalyticsSink> fromMap(Map<String, ?> analytics, Function<String, String> env) {
        return fromConfig(analytics == null ? null : JsonPayloads.MAPPER.valueToTree(analytics), env);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String secret(JsonNode node, String field, String service, Function<String, String> env) {
        String variable = text(node, field);
        if (variable == null || variable.isBlank()) {
            throw new IllegalArgumentException("analytics." + service + "." + field + " is required");
        }
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("analytics." + service + ": environment variable " + variable
                    + " is not set");
        }
        return value;
    }

    private static URI endpoint(JsonNode node, String service) {
        String endpoint = text(node, "endpoint");
        if (endpoint == null || endpoint.isBlank()) {
            return null;
        }
        try {
            return URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("analytics." + service + ".endpoint is not a URL");
        }
    }
}

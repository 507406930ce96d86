package io.nexuschat.relay.analytics;

import static io.nexuschat.relay.analytics.TestEvents.NOW;
import static io.nexuschat.relay.analytics.TestEvents.widget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AnalyticsSinksTest {

    private static final Map<String, String> ENV = Map.of("GA4_SECRET", "ga-secret", "SEGMENT_KEY", "seg-key",
            "MIXPANEL_TOKEN", "mp-token");

    @Test
    void buildsOneSinkPerConfiguredServiceWithSecretsFromTheEnvironment() {
        List<AnalyticsSink> sinks = AnalyticsSinks.fromConfig(TestEvents.object("{\"ga4\":{\"measurementId\":"
                + "\"G-1\",\"apiSecretEnv\":\"GA4_SECRET\",\"endpoint\":\"http://127.0.0.1:9\"},\"segment\":"
                + "{\"writeKeyEnv\":\"SEGMENT_KEY\"},\"mixpanel\":{\"tokenEnv\":\"MIXPANEL_TOKEN\"}}"), ENV::get);
        assertThat(sinks).extracting(AnalyticsSink::service).containsExactly("ga4", "segment", "mixpanel");
        OutgoingRequest ga4 = sinks.get(0).prepare(List.of(widget("open", "{}")), NOW).requests().get(0);
        assertThat(ga4.uri().toString()).isEqualTo(
                "http://127.0.0.1:9/mp/collect?measurement_id=G-1&api_secret=ga-secret");
        assertThat(sinks.toString()).doesNotContain("ga-secret").doesNotContain("seg-key").doesNotContain(
                "mp-token");
        assertThat(AnalyticsSinks.fromMap(Map.of("segment", Map.of("writeKeyEnv", "SEGMENT_KEY")), ENV::get))
                .singleElement().isInstanceOf(SegmentSink.class);
        assertThat(AnalyticsSinks.fromMap(null, ENV::get)).isEmpty();
    }

    @Test
    void aMissingVariableIsNamedButNoValueIsEverShown() {
        assertThatThrownBy(() -> AnalyticsSinks.fromMap(Map.of("mixpanel", Map.of("tokenEnv", "NOT_SET")),
                ENV::get)).hasMessageContaining("NOT_SET");
        assertThatThrownBy(() -> AnalyticsSinks.fromMap(Map.of("ga4", Map.of("apiSecretEnv", "GA4_SECRET")),
                ENV::get)).hasMessageContaining("measurementId").hasMessageNotContaining("ga-secret");
        assertThatThrownBy(() -> AnalyticsSinks.fromMap(Map.of("segment", Map.of("writeKeyEnv", "SEGMENT_KEY",
                "endpoint", "ftp://x")), ENV::get)).hasMessageContaining("segment.endpoint").hasMessageNotContaining(
                        "seg-key");
    }
}

package io.nexuschat.relay.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts local receivers standing in for GA4, Segment and Mixpanel before the app, and gives the app an experience
 * directory holding {@code relay-analytics.json} (from {@code src/test/resources/experiences/}) with its sinks'
 * {@code endpoint}s pointing at them — their ports are only known now — plus the sinks' secrets as config values.
 */
public class AnalyticsReceivers implements QuarkusTestResourceLifecycleManager {

    public static final String GA4_SECRET = "ga4-secret-Xq7";
    public static final String SEGMENT_KEY = "segment-key-Vb2";
    public static final String MIXPANEL_TOKEN = "mixpanel-token-Lm9";

    static ServiceReceiver ga4;
    static ServiceReceiver segment;
    static ServiceReceiver mixpanel;

    @Override
    public Map<String, String> start() {
        try {
            ga4 = new ServiceReceiver();
            segment = new ServiceReceiver();
            mixpanel = new ServiceReceiver();
            String template;
            try (InputStream in = AnalyticsReceivers.class.getResourceAsStream("/experiences/relay-analytics.json")) {
                template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path dir = Files.createTempDirectory("nexus-analytics-experiences");
            Files.writeString(dir.resolve("relay-analytics.json"), template.replace("${ga4}", ga4.url())
                    .replace("${segment}", segment.url() + "/").replace("${mixpanel}", mixpanel.url()));
            dir.toFile().deleteOnExit();
            dir.resolve("relay-analytics.json").toFile().deleteOnExit();
            return Map.of("nexus.experiences.dir", dir.toString(), "NEXUS_TEST_GA4_API_SECRET", GA4_SECRET,
                    "NEXUS_TEST_SEGMENT_WRITE_KEY", SEGMENT_KEY, "NEXUS_TEST_MIXPANEL_TOKEN", MIXPANEL_TOKEN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        for (ServiceReceiver r : new ServiceReceiver[]{ga4, segment, mixpanel}) {
            if (r != null) {
                r.close();
            }
        }
    }
}

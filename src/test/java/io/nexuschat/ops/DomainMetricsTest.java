package io.nexuschat.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.nexuschat.relay.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.nexuschat.testing.Polling;

/**
 * Each domain metric at {@code /q/metrics} moves when the thing it counts happens, through the real API: queries by
 * outcome with their latency histograms, active sessions, event intake verdicts, relay attempts and failures per
 * endpoint, and the relay backlog.
 */
@QuarkusTest
class DomainMetricsTest {

    private static final String API_KEY = "test-api-key";

    @Test
    void queriesCountByOutcomeAndTimeTheirFirstChunkAndEnd() {
        String before = scrape();
        double sessions = value(before, "nexus_sessions_active");
        ask("hello there");
        ask("break please #fail");
        ask("wait forever #hang");
        String after = scrape();
        assertThat(value(after, "nexus_queries_total", "outcome", "answered"))
                .isEqualTo(value(before, "nexus_queries_total", "outcome", "answered") + 1);
        assertThat(value(after, "nexus_queries_total", "outcome", "backend"))
                .isEqualTo(value(before, "nexus_queries_total", "outcome", "backend") + 1);
        assertThat(value(after, "nexus_queries_total", "outcome", "timeout"))
                .isEqualTo(value(before, "nexus_queries_total", "outcome", "timeout") + 1);
        // #fail and #hang each stream one chunk before failing or hanging.
        assertThat(value(after, "nexus_query_first_chunk_seconds_count"))
                .isEqualTo(value(before, "nexus_query_first_chunk_seconds_count") + 3);
        assertThat(value(after, "nexus_query_complete_seconds_count", "outcome", "answered"))
                .isEqualTo(value(before, "nexus_query_complete_seconds_count", "outcome", "answered") + 1);
        assertThat(value(after, "nexus_query_complete_seconds_sum", "outcome", "timeout")
                - value(before, "nexus_query_complete_seconds_sum", "outcome", "timeout"))
                .as("a timed-out query lasts the answer timeout (2 s in tests)").isGreaterThanOrEqualTo(2.0);
        assertThat(after).contains("nexus_query_first_chunk_seconds_bucket{le=");
        // Each query without a session id opened one.
        assertThat(value(after, "nexus_sessions_active")).isGreaterThanOrEqualTo(sessions + 3);
    }

    @Test
    void intakeVerdictsRelayFailuresPerEndpointAndTheBacklogMove() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(n -> 500)) {
            String endpoint = given().header("Authorization", "Bearer " + API_KEY).contentType(ContentType.JSON)
                    .body(Map.of("experienceId", "demo", "url", receiver.url(), "events", List.of("widget.linkClick")))
                    .post("/api/v2/webhooks").then().statusCode(201).extract().path("id");
            String before = scrape();
            double backlog = value(before, "nexus_relay_backlog");
            List<Map<String, Object>> batch = List.of(
                    Map.of("id", UUID.randomUUID().toString(), "experienceId", "demo", "type", "linkClick",
                            "timestamp", Instant.now().toString(), "data", Map.of("href", "https://example.com/")),
                    Map.of("id", UUID.randomUUID().toString(), "experienceId", "demo", "type", "noSuchEvent",
                            "timestamp", Instant.now().toString(), "data", Map.of()));
            given().contentType(ContentType.JSON).body(batch).post("/api/v2/events").then().statusCode(202);

            Polling.until("a failed attempt counted for endpoint " + endpoint, Duration.ofSeconds(20),
                    () -> value(scrape(), "nexus_relay_failures_total", "endpoint", endpoint) >= 1);
            String after = scrape();
            assertThat(value(after, "nexus_relay_intake_events_total", "verdict", "accepted"))
                    .isEqualTo(value(before, "nexus_relay_intake_events_total", "verdict", "accepted") + 1);
            assertThat(value(after, "nexus_relay_intake_events_total", "verdict", "rejected"))
                    .isEqualTo(value(before, "nexus_relay_intake_events_total", "verdict", "rejected") + 1);
            assertThat(value(after, "nexus_relay_attempts_total", "endpoint", endpoint)).isGreaterThanOrEqualTo(1);
            // The failed delivery waits for its retry: pending, not yet due.
            assertThat(value(after, "nexus_relay_backlog")).isGreaterThanOrEqualTo(backlog + 1);
            assertThat(receiver.received()).isNotEmpty();

            given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'Relay backlog' }"
                    + ".status", org.hamcrest.Matchers.equalTo("UP"))
                    .body("checks.find { it.name == 'Relay backlog' }.data.pending",
                            org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        }
    }

    private static void ask(String text) {
        given().contentType(ContentType.JSON).accept("text/event-stream")
                .body(Map.of("experienceId", "scripted", "text", text)).post("/api/v2/query").then().statusCode(200);
    }

    private static String scrape() {
        return given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sample {@code name} whose labels include {@code labels} (pairs); 0 when it does not exist yet. */
    static double value(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        while (m.find()) {
            String tags = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= tags.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}

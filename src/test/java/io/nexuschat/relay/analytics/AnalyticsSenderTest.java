package io.nexuschat.relay.analytics;

import static io.nexuschat.relay.analytics.TestEvents.NOW;
import static io.nexuschat.relay.analytics.TestEvents.SESSION;
import static io.nexuschat.relay.analytics.TestEvents.widget;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/** Real HTTP: a local {@link HttpServer} stands in for each service and records what it received. */
class AnalyticsSenderTest {

    /** What the receiver saw. */
    record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        JsonNode json() {
            return TestEvents.parse(body);
        }
    }

    /** The receiver's next answer. */
    record Answer(int status, Map<String, String> headers, String body, long delayMillis) {
        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body, 0);
        }
    }

    private HttpServer server;
    private URI base;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Answer answer = Answer.of(200, "");
    private final AnalyticsSender sender = new AnalyticsSender(HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build(), Duration.ofSeconds(5),
            Clock.fixed(NOW,
                    ZoneOffset.UTC));

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange
                    .getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body));
            Answer a = answer;
            if (a.delayMillis() > 0) {
                try {
                    Thread.sleep(a.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("receiver got a request").isNotNull();
        return r;
    }

    private OutgoingRequest ga4Request() {
        return new Ga4Sink(new Ga4Config("G-TEST123", "ga-secret-value", base)).prepare(List.of(widget(
                "sessionStart", TestEvents.sample("sessionStart"))), NOW).requests().get(0);
    }

    @Test
    void ga4ReceiverSeesMeasurementProtocolShape() throws Exception {
        answer = Answer.of(204, "");
        DeliveryOutcome outcome = sender.send(ga4Request());
        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        assertThat(outcome.statusCode()).isEqualTo(204);
        Received r = next();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/mp/collect");
        assertThat(r.query()).isEqualTo("measurement_id=G-TEST123&api_secret=ga-secret-value");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.json().path("client_id").asText()).isEqualTo(SESSION);
        assertThat(r.json().path("events").get(0).path("name").asText()).isEqualTo("chat_session_start");
        assertThat(r.json().path("events").get(0).path("params").path("session_id").asText()).isEqualTo(SESSION);
    }

    @Test
    void segmentReceiverSeesBatchWithBasicAuth() throws Exception {
        OutgoingRequest request = new SegmentSink(new SegmentConfig("seg-write-key", base)).prepare(List.of(widget(
                "messageComplete", TestEvents.sample("messageComplete"))), NOW).requests().get(0);
        answer = Answer.of(200, "{\"success\":true}");
        assertThat(sender.send(request).kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        Received r = next();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/batch");
        assertThat(r.query()).isNull();
        assertThat(r.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "seg-write-key:".getBytes(StandardCharsets.UTF_8)));
        JsonNode m = r.json().path("batch").get(0);
        assertThat(m.path("type").asText()).isEqualTo("track");
        assertThat(m.path("event").asText()).isEqualTo("Chat Message Completed");
        assertThat(m.path("properties").path("responseTime").asInt()).isEqualTo(1234);
        assertThat(m.path("properties").path("queryId").asText()).isEqualTo("q1");
        assertThat(m.path("anonymousId").asText()).isEqualTo(SESSION);
        assertThat(m.path("messageId").asText()).isEqualTo(request.eventIds().get(0));
    }

    @Test
    void mixpanelReceiverSeesStrictImportWithTokenAuth() throws Exception {
        OutgoingRequest request = new MixpanelSink(new MixpanelConfig("mp-project-token", base)).prepare(List.of(
                widget("feedback", TestEvents.sample("feedback")), widget("open", "{}")), NOW).requests().get(0);
        answer = Answer.of(200, "{\"code\":200,\"num_records_imported\":2,\"status\":\"OK\"}");
        assertThat(sender.send(request).kind()).isEqualTo(DeliveryOutcome.Kind.DELIVERED);
        Received r = next();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/import");
        assertThat(r.query()).isEqualTo("strict=1");
        assertThat(r.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "mp-project-token:".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.json()).hasSize(2);
        JsonNode props = r.json().get(0).path("properties");
        assertThat(r.json().get(0).path("event").asText()).isEqualTo("Chat Feedback");
        assertThat(props.path("distinct_id").asText()).isEqualTo(SESSION);
        assertThat(props.path("$insert_id").asText()).isEqualTo(request.eventIds().get(0));
        assertThat(props.path("time").isIntegralNumber()).isTrue();
    }

    @Test
    void tooManyRequestsIsRetryableWithRetryAfterInSecondsOrAsADate() throws Exception {
        answer = new Answer(429, Map.of("Retry-After", "30"), "slow down", 0);
        DeliveryOutcome seconds = sender.send(ga4Request());
        assertThat(seconds.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(seconds.retryable()).isTrue();
        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.retryAfter()).isEqualTo(Duration.ofSeconds(30));

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(120).atZone(ZoneOffset.UTC));
        answer = new Answer(429, Map.of("Retry-After", date), "", 0);
        assertThat(sender.send(ga4Request()).retryAfter()).isEqualTo(Duration.ofSeconds(120));

        answer = new Answer(429, Map.of("Retry-After", "soon"), "", 0);
        assertThat(sender.send(ga4Request()).retryAfter()).isNull();
    }

    @Test
    void serverErrorsAreRetryableAndClientErrorsPermanent() {
        answer = Answer.of(500, "boom");
        DeliveryOutcome error = sender.send(ga4Request());
        assertThat(error.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(error.retryAfter()).isNull();
        assertThat(error.detail()).contains("500").contains("boom");

        answer = Answer.of(503, "");
        assertThat(sender.send(ga4Request()).kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);

        answer = Answer.of(400, "{\"error\":\"bad payload\"}");
        OutgoingRequest request = ga4Request();
        DeliveryOutcome bad = sender.send(request);
        assertThat(bad.kind()).isEqualTo(DeliveryOutcome.Kind.FAILED);
        assertThat(bad.retryable()).isFalse();
        assertThat(bad.rejectedEventIds()).containsExactlyElementsOf(request.eventIds());

        answer = Answer.of(401, "");
        assertThat(sender.send(ga4Request()).kind()).isEqualTo(DeliveryOutcome.Kind.FAILED);

        answer = new Answer(302, Map.of("Location", "https://elsewhere.example/"), "", 0);
        assertThat(sender.send(ga4Request()).kind()).isEqualTo(DeliveryOutcome.Kind.FAILED);
    }

    @Test
    void mixpanelStrictImportFailuresAreAPartialSuccess() {
        List<AnalyticsEvent> events = List.of(widget("open", "{}"), widget("close", "{}"), widget("open", "{}"));
        OutgoingRequest request = new MixpanelSink(new MixpanelConfig("mp-project-token", base)).prepare(events, NOW)
                .requests().get(0);
        answer = Answer.of(400, "{\"code\":400,\"error\":\"some data points in the request failed validation\","
                + "\"num_records_imported\":2,\"status\":\"Bad Request\",\"failed_records\":[{\"index\":1,"
                + "\"insert_id\":\"" + events.get(1).id() + "\",\"field\":\"properties.time\","
                + "\"message\":\"invalid\"}]}");
        DeliveryOutcome outcome = sender.send(request);
        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.PARTIAL);
        assertThat(outcome.rejectedEventIds()).containsExactly(events.get(1).id());
    }

    @Test
    void secretsNeverAppearInOutcomes() {
        // A receiver that echoes the request line back must not leak the secret into the delivery log.
        answer = Answer.of(400, "bad request for /mp/collect?measurement_id=G-TEST123&api_secret=ga-secret-value");
        DeliveryOutcome outcome = sender.send(ga4Request());
        assertThat(outcome.detail()).doesNotContain("ga-secret-value").contains("api_secret=***");

        OutgoingRequest segment = new SegmentSink(new SegmentConfig("seg-write-key", base)).prepare(List.of(widget(
                "open", "{}")), NOW).requests().get(0);
        answer = Answer.of(401, "invalid write key seg-write-key (" + segment.headers().get("Authorization") + ")");
        assertThat(sender.send(segment).detail()).doesNotContain("seg-write-key").doesNotContain(segment.headers()
                .get("Authorization").substring(6));
    }

    @Test
    void networkErrorsAndTimeoutsAreRetryable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OutgoingRequest refused = new Ga4Sink(new Ga4Config("G-TEST123", "ga-secret-value", URI.create(
                "http://127.0.0.1:" + closedPort))).prepare(List.of(widget("open", "{}")), NOW).requests().get(0);
        DeliveryOutcome outcome = sender.send(refused);
        assertThat(outcome.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(outcome.statusCode()).isZero();
        assertThat(outcome.detail()).doesNotContain("ga-secret-value");

        AnalyticsSender impatient = new AnalyticsSender(HttpClient.newHttpClient(), Duration.ofMillis(200), Clock
                .systemUTC());
        answer = new Answer(200, Map.of(), "", 700);
        DeliveryOutcome slow = impatient.send(ga4Request());
        assertThat(slow.kind()).isEqualTo(DeliveryOutcome.Kind.RETRY);
        assertThat(slow.detail()).contains("timed out");
    }
}

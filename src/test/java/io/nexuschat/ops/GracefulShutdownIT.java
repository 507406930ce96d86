package io.nexuschat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.nexuschat.ItDatabase;
import io.nexuschat.testing.PackagedApp;
import io.nexuschat.testing.Polling;
import io.nexuschat.testing.SseStream;

/**
 * SIGTERM to the packaged app while an answer streams: new requests are refused (503) at once, the answer in flight
 * streams to its end and is stored, an open live event stream is ended (so it does not hold the shutdown up), and the
 * process exits within {@code quarkus.shutdown.timeout} without cutting anything off. Events it accepted while their
 * webhook receiver was down stay in the outbox and are delivered after a restart on the same database (an H2 file, or
 * a PostgreSQL database with {@code -Dnexus.test.db=postgres}).
 */
class GracefulShutdownIT {

    static final String API_KEY = "it-shutdown-key";
    static final int EVENTS = 20;
    /** The slow answer: the echo, then this many chunks this far apart (about 8 s in all). */
    static final int EXTRA_CHUNKS = 40;
    static final int CHUNK_DELAY_MILLIS = 200;
    /** The configured bound; the answer needs far less. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final ObjectMapper JSON = new ObjectMapper();

    static Path work;
    static List<String> database;
    static final List<PackagedApp> apps = new ArrayList<>();
    static HttpServer receiver;
    static final Map<String, Integer> delivered = new HashMap<>();

    @BeforeAll
    static void prepare() throws Exception {
        work = PackagedApp.freshWorkDir("graceful-shutdown");
        Files.createDirectories(work.resolve("experiences"));
        Files.writeString(work.resolve("experiences/slow.json"), """
                {"id": "slow", "name": "Slow answers", "answer": {"engine": "echo",
                 "settings": {"extraChunks": %d, "chunkDelayMillis": %d}}}""".formatted(EXTRA_CHUNKS,
                CHUNK_DELAY_MILLIS));
        database = ItDatabase.postgresUrl().isPresent()
                ? ItDatabase.freshPostgres("it_graceful_shutdown")
                : List.of("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + work.resolve("db/nexus-chat")
                        + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    @AfterAll
    static void stopAll() {
        apps.forEach(PackagedApp::close);
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void anAnswerInFlightFinishesNewRequestsAreRefusedAndUndeliveredEventsSurvive() throws Exception {
        try {
            run();
        } catch (Throwable t) {
            PackagedApp.printLogs(apps);
            throw t;
        }
    }

    private void run() throws Exception {
        int receiverPort;
        try (ServerSocket s = new ServerSocket(0)) {
            receiverPort = s.getLocalPort(); // nothing listens here until the restart: the receiver is down
        }
        PackagedApp first = start("first");
        String url = first.url();
        PackagedApp.send("POST", url + "/api/v2/webhooks", API_KEY, JSON.writeValueAsString(Map.of("experienceId",
                "slow", "url", "http://127.0.0.1:" + receiverPort + "/hook", "events", List.of("widget.linkClick"))),
                201);
        Set<String> accepted = new LinkedHashSet<>();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = UUID.randomUUID().toString();
            events.add(Map.of("id", id, "experienceId", "slow", "type", "linkClick", "timestamp",
                    Instant.now().toString(), "data", Map.of("href", "https://example.com/" + i)));
            accepted.add(id);
        }
        JsonNode answer = JSON.readTree(PackagedApp.send("POST", url + "/api/v2/events", null,
                JSON.writeValueAsString(events), 202));
        assertThat(answer.get("accepted").asInt()).isEqualTo(EVENTS);

        SseStream live = SseStream.open(url + "/api/v2/events/stream?experienceId=slow", "Authorization",
                "Bearer " + API_KEY);
        String session = UUID.randomUUID().toString();
        SseStream query = SseStream.post(url + "/api/v2/query", JSON.writeValueAsString(Map.of("experienceId", "slow",
                "sessionId", session, "text", "Take your time")));
        assertThat(JSON.readTree(query.next("chunk", DEADLINE).data()).get("chunk").asText())
                .isEqualTo("You said: Take your time");

        first.terminate(); // SIGTERM
        long terminated = System.nanoTime();
        Polling.until("new requests refused during the shutdown", DEADLINE, () -> first.status("/api/v2/sessions/"
                + UUID.randomUUID()) == 503);
        assertThat(query.awaitEnd(Duration.ZERO)).as("the answer still streams when new requests are refused")
                .isFalse();
        assertThat(first.status("/q/health/ready")).as("readiness DOWN during the shutdown").isEqualTo(503);
        JsonNode refused = JSON.readTree(PackagedApp.send("POST", url + "/api/v2/sessions", null,
                JSON.writeValueAsString(Map.of("experienceId", "slow")), 503));
        assertThat(refused.get("type").asText()).isEqualTo("urn:nexus-chat:problem:shutting-down");
        assertThat(live.awaitEnd(DEADLINE)).as("the live event stream ended by the shutdown").isTrue();

        JsonNode complete = JSON.readTree(query.next("complete", DEADLINE).data());
        assertThat(complete.get("answer").asText()).isEqualTo("You said: Take your time" + " .".repeat(EXTRA_CHUNKS));
        assertThat(first.process().waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS))
                .as("exited within the shutdown bound").isTrue();
        System.out.printf("GracefulShutdownIT: exited %d ms after SIGTERM (bound %d s), answer complete%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminated), SHUTDOWN_TIMEOUT.toSeconds());
        assertThat(Files.readString(first.log())).as("nothing was cut off at the bound")
                .doesNotContain("Timed out waiting for graceful shutdown");

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            synchronized (delivered) {
                delivered.merge(exchange.getRequestHeaders().getFirst("webhook-id"), 1, Integer::sum);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String second = start("second").url();
        Polling.until("every accepted event delivered after the restart", DEADLINE, () -> {
            synchronized (delivered) {
                return delivered.keySet().containsAll(accepted);
            }
        });
        synchronized (delivered) {
            assertThat(delivered.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
        }
        JsonNode history = JSON.readTree(PackagedApp.send("GET", second + "/api/v2/sessions/" + session + "/messages",
                null, null, 200));
        List<String> texts = new ArrayList<>();
        history.get("items").forEach(m -> texts.add(m.get("role").asText() + ":" + m.get("text").asText()));
        assertThat(texts).as("the answer finished during the shutdown was stored").containsExactly(
                "user:Take your time", "assistant:You said: Take your time" + " .".repeat(EXTRA_CHUNKS));
    }

    private static PackagedApp start(String name) throws Exception {
        PackagedApp app = PackagedApp.named(name, work).options(database)
                .options("-Dquarkus.shutdown.timeout=" + SHUTDOWN_TIMEOUT.toSeconds() + "s",
                        "-Dnexus.relay.allow-private-targets=true",
                        "-Dnexus.relay.retry-schedule=0s" + ",1s".repeat(60),
                        "-Dnexus.relay.timeout=1s", "-Dnexus.relay.poll-interval=200ms",
                        "-Dnexus.sessions.sweep-interval=off", "-Dnexus.experiences.dir=" + work.resolve("experiences"))
                .env("NEXUS_SECURITY_API_KEYS", API_KEY).launch();
        apps.add(app);
        return app.awaitReady();
    }
}

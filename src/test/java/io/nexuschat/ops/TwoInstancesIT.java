package io.nexuschat.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * Two packaged instances on one PostgreSQL database, with no sticky sessions: a session created through one continues
 * through the other (query, history, clear); relay work posted to both is delivered by both with no event lost or
 * delivered twice; the expiry sweep runs on both and ends each session once; a live stream opened on one instance
 * receives the events accepted by the other. Runs only in the PostgreSQL suite
 * ({@code -Dnexus.test.db=postgres}): the H2 build embeds its database in one process.
 */
class TwoInstancesIT {

    static final String API_KEY = "it-two-key";
    static final int EVENTS = 200;
    static final int BATCH = 50;
    static final int SHORT_SESSIONS = 10;
    static final Duration DEADLINE = Duration.ofSeconds(180);
    /** A stream polls the database every 200 ms here; a bound for a loaded machine, not a wait. */
    static final Duration STREAM_DEADLINE = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    static Path work;
    static HttpServer receiver;
    /** Requests by webhook-id, each answered 204. */
    static final Map<String, Integer> received = new HashMap<>();
    static final Map<String, String> receivedTypes = new HashMap<>();
    static final List<PackagedApp> apps = new ArrayList<>();
    static List<String> database;
    static String a, b;
    static final List<String> shortSessions = new ArrayList<>();

    @BeforeAll
    static void startTwo() throws Exception {
        Assumptions.assumeTrue(ItDatabase.postgresUrl().isPresent(),
                "two instances share a PostgreSQL database: run with -Dnexus.test.db=postgres");
        work = PackagedApp.freshWorkDir("two-instances");
        Files.createDirectories(work.resolve("experiences"));
        // An experience whose sessions end a minute (the shortest lifetime allowed) after they start, for the sweep.
        Files.writeString(work.resolve("experiences/short.json"), """
                {"id": "short", "name": "Short sessions", "answer": {"engine": "echo"},
                 "session": {"expirationSeconds": 60}}""");
        // An experience of its own for the stream test, so no other test's events show in its streams.
        Files.writeString(work.resolve("experiences/streamed.json"), """
                {"id": "streamed", "name": "Streamed across instances", "answer": {"engine": "echo"}}""");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes());
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            synchronized (received) {
                received.merge(id, 1, Integer::sum);
                receivedTypes.put(id, JSON.readTree(body).path("type").asText());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        database = ItDatabase.freshPostgres("it_two_instances");
        PackagedApp first = launch("a");
        PackagedApp second = launch("b");
        a = first.awaitReady().url();
        b = second.awaitReady().url();
        // Their minute runs while the other tests do.
        createWebhook("short", List.of("session.ended"));
        for (int i = 0; i < SHORT_SESSIONS; i++) {
            JsonNode created = JSON.readTree(send("POST", (i % 2 == 0 ? a : b) + "/api/v2/sessions", false,
                    JSON.writeValueAsString(Map.of("experienceId", "short")), 201));
            shortSessions.add(created.get("id").asText());
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (PackagedApp app : apps) {
            app.terminate(); // graceful: SIGTERM
        }
        for (PackagedApp app : apps) {
            if (!app.stop(Duration.ofSeconds(30))) {
                app.close();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void aSessionContinuesThroughTheOtherInstance() throws Exception {
        run(() -> {
            String session = UUID.randomUUID().toString();
            JsonNode first = JSON.readTree(send("POST", a + "/api/v2/query", false, JSON.writeValueAsString(Map.of(
                    "experienceId", "demo", "sessionId", session, "text", "How do I embed the widget?")), 200));
            assertThat(first.get("sessionId").asText()).isEqualTo(session);
            JsonNode second = JSON.readTree(send("POST", b + "/api/v2/query", false, JSON.writeValueAsString(Map.of(
                    "experienceId", "demo", "sessionId", session, "text", "And the events?")), 200));
            assertThat(second.get("sessionId").asText()).as("no rollover: same session").isEqualTo(session);
            assertThat(second.has("session") && !second.get("session").isNull()).as("no session change").isFalse();

            JsonNode history = JSON.readTree(send("GET", b + "/api/v2/sessions/" + session + "/messages", false, null,
                    200));
            List<String> texts = new ArrayList<>();
            history.get("items").forEach(m -> texts.add(m.get("role").asText() + ":" + m.get("text").asText()));
            assertThat(texts).hasSize(4).first().isEqualTo("user:How do I embed the widget?");
            assertThat(texts.get(2)).isEqualTo("user:And the events?");

            send("POST", b + "/api/v2/sessions/" + session + "/clear", false, null, 200);
            JsonNode cleared = JSON.readTree(send("GET", a + "/api/v2/sessions/" + session, false, null, 200));
            assertThat(cleared.get("status").asText()).as("cleared through b, read through a").isEqualTo("completed");
        });
    }

    @Test
    void relayWorkIsSharedWithNoEventLostOrDeliveredTwice() throws Exception {
        run(() -> {
            String endpoint = createWebhook("demo", List.of("widget.linkClick"));
            Set<String> accepted = new LinkedHashSet<>();
            for (int batch = 0; batch < EVENTS / BATCH; batch++) {
                String target = batch % 2 == 0 ? a : b;
                List<Map<String, Object>> events = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    String id = UUID.randomUUID().toString();
                    events.add(Map.of("id", id, "experienceId", "demo", "type", "linkClick", "timestamp",
                            Instant.now().toString(), "data", Map.of("href", "https://example.com/" + i)));
                    accepted.add(id);
                }
                JsonNode answer = JSON.readTree(send("POST", target + "/api/v2/events", false,
                        JSON.writeValueAsString(events), 202));
                assertThat(answer.get("accepted").asInt()).isEqualTo(BATCH);
            }
            await("every event delivered", DEADLINE, () -> {
                synchronized (received) {
                    return received.keySet().containsAll(accepted);
                }
            });
            synchronized (received) {
                assertThat(accepted).allSatisfy(id -> assertThat(received.get(id)).as("deliveries of " + id)
                        .isEqualTo(1));
            }
            double byA = DomainMetricsTest.value(send("GET", a + "/q/metrics", false, null, 200),
                    "nexus_relay_attempts_total", "endpoint", endpoint);
            double byB = DomainMetricsTest.value(send("GET", b + "/q/metrics", false, null, 200),
                    "nexus_relay_attempts_total", "endpoint", endpoint);
            System.out.printf("TwoInstancesIT: %d events, delivered by a: %.0f, by b: %.0f%n", EVENTS, byA, byB);
            assertThat(byA + byB).isEqualTo(EVENTS);
            assertThat(byA).as("instance a delivered some").isPositive();
            assertThat(byB).as("instance b delivered some").isPositive();
        });
    }

    @Test
    void theSweepOnBothInstancesEndsEachSessionOnce() throws Exception {
        run(() -> {
            assertThat(shortSessions).hasSize(SHORT_SESSIONS);
            // Both sweeps run every 200 ms; once every session is recorded expired, no sweep can end one again.
            await("every short session recorded expired", DEADLINE,
                    () -> count("select count(*) from chat_session where experience_id = 'short' and status = "
                            + "'EXPIRED'") == SHORT_SESSIONS);
            assertThat(count("select count(*) from relay_event where type = 'session.ended' and experience_id = "
                    + "'short'")).as("session.ended events").isEqualTo(SHORT_SESSIONS);
            assertThat(count("select count(distinct session_id) from relay_event where type = 'session.ended' and "
                    + "experience_id = 'short'")).isEqualTo(SHORT_SESSIONS);
            await("every session.ended delivered", DEADLINE, () -> {
                synchronized (received) {
                    return receivedTypes.values().stream().filter("session.ended"::equals)
                            .count() == SHORT_SESSIONS;
                }
            });
            synchronized (received) {
                receivedTypes.forEach((id, type) -> {
                    if (type.equals("session.ended")) {
                        assertThat(received.get(id)).as("deliveries of " + id).isEqualTo(1);
                    }
                });
            }
        });
    }

    @Test
    void aStreamOnOneInstanceReceivesTheEventsAcceptedByTheOther() throws Exception {
        run(() -> {
            String first;
            String second;
            String third;
            try (SseStream onB = SseStream.open(b + "/api/v2/events/stream?experienceId=streamed", "Authorization",
                    "Bearer " + API_KEY)) {
                first = postEvent(a);
                assertThat(onB.nextEventId(STREAM_DEADLINE)).as("accepted by a, streamed by b").isEqualTo(first);
                second = postEvent(b);
                third = postEvent(a);
                assertThat(List.of(onB.nextEventId(STREAM_DEADLINE), onB.nextEventId(STREAM_DEADLINE)))
                        .as("in the order committed, each once").containsExactly(second, third);
            }
            // Resumed on the other instance: the stored events after Last-Event-ID, then live.
            try (SseStream onA = SseStream.open(a + "/api/v2/events/stream?experienceId=streamed", "Authorization",
                    "Bearer " + API_KEY, "Last-Event-ID", first)) {
                assertThat(List.of(onA.nextEventId(STREAM_DEADLINE), onA.nextEventId(STREAM_DEADLINE)))
                        .containsExactly(second, third);
                String fourth = postEvent(b);
                assertThat(onA.nextEventId(STREAM_DEADLINE)).as("accepted by b, streamed by a").isEqualTo(fourth);
            }

            String session = JSON.readTree(send("POST", a + "/api/v2/sessions", false,
                    JSON.writeValueAsString(Map.of("experienceId", "streamed")), 201)).get("id").asText();
            try (SseStream sessionOnB = SseStream.open(b + "/api/v2/sessions/" + session + "/events/stream")) {
                send("POST", a + "/api/v2/query", false, JSON.writeValueAsString(Map.of("experienceId", "streamed",
                        "sessionId", session, "text", "Hello from a")), 200);
                List<String> types = new ArrayList<>();
                Set<String> ids = new LinkedHashSet<>();
                while (!types.contains("message.completed")) {
                    SseStream.Event e = sessionOnB.next(STREAM_DEADLINE);
                    types.add(e.type());
                    assertThat(ids.add(e.id())).as("event " + e.id() + " streamed once").isTrue();
                    assertThat(JSON.readTree(e.data()).path("type").asText()).isEqualTo(e.type());
                }
                System.out.printf("TwoInstancesIT: session stream on b got %s from a session of a%n", types);
            }
        });
    }

    private static String postEvent(String instance) throws Exception {
        String id = UUID.randomUUID().toString();
        JsonNode answer = JSON.readTree(send("POST", instance + "/api/v2/events", false, JSON.writeValueAsString(List
                .of(Map.of("id", id, "experienceId", "streamed", "type", "open", "timestamp", Instant.now()
                        .toString(), "data", Map.of()))),
                202));
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        return id;
    }

    private static String createWebhook(String experience, List<String> events) throws Exception {
        return JSON.readTree(send("POST", a + "/api/v2/webhooks", true, JSON.writeValueAsString(Map.of(
                "experienceId", experience, "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "events", events)), 201)).get("id").asText();
    }

    private static long count(String sql) {
        String url = database.stream().filter(o -> o.startsWith("-Dquarkus.datasource.jdbc.url=")).findFirst()
                .orElseThrow().substring("-Dquarkus.datasource.jdbc.url=".length());
        try (Connection c = DriverManager.getConnection(url, System.getProperty("nexus.it.jdbc-user", "nexus"),
                System.getProperty("nexus.it.jdbc-password", ""));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void run(Check check) throws Exception {
        try {
            check.run();
        } catch (Throwable t) {
            PackagedApp.printLogs(apps);
            throw t;
        }
    }

    private static PackagedApp launch(String name) throws Exception {
        PackagedApp app = PackagedApp.named(name, work).options(database)
                .options("-Dnexus.relay.allow-private-targets=true", "-Dnexus.relay.poll-interval=200ms",
                        "-Dnexus.sessions.sweep-interval=200ms", "-Dnexus.streams.poll-interval=200ms",
                        "-Dnexus.experiences.dir=" + work.resolve("experiences"))
                .env("NEXUS_SECURITY_API_KEYS", API_KEY).launch();
        apps.add(app);
        return app;
    }

    private static String send(String method, String url, boolean apiKey, String json, int expected)
            throws Exception {
        return PackagedApp.send(method, url, apiKey ? API_KEY : null, json, expected);
    }

    private static void await(String what, Duration limit, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        Polling.until(what, limit, done);
    }
}

package io.nexuschat.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.nexuschat.ItDatabase;

/**
 * Two packaged instances on one PostgreSQL database, with no sticky sessions: a session created through one continues
 * through the other (query, history, clear); relay work posted to both is delivered by both with no event lost or
 * delivered twice; the expiry sweep runs on both and ends each session once. Runs only in the PostgreSQL suite
 * ({@code -Dnexus.test.db=postgres}): the H2 build embeds its database in one process.
 */
class TwoInstancesIT {

    static final String API_KEY = "it-two-key";
    static final int EVENTS = 200;
    static final int BATCH = 50;
    static final int SHORT_SESSIONS = 10;
    static final Duration START_DEADLINE = Duration.ofSeconds(240);
    static final Duration DEADLINE = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path work;
    static HttpServer receiver;
    /** Requests by webhook-id, each answered 204. */
    static final Map<String, Integer> received = new HashMap<>();
    static final Map<String, String> receivedTypes = new HashMap<>();
    static final List<Process> processes = new ArrayList<>();
    static final List<Path> logs = new ArrayList<>();
    static List<String> database;
    static String a, b;
    static final List<String> shortSessions = new ArrayList<>();

    @BeforeAll
    static void startTwo() throws Exception {
        Assumptions.assumeTrue(ItDatabase.postgresUrl().isPresent(),
                "two instances share a PostgreSQL database: run with -Dnexus.test.db=postgres");
        work = Path.of(System.getProperty("nexus.it.work-dir", "target/it"), "two-instances").toAbsolutePath();
        Files.createDirectories(work.resolve("experiences"));
        // An experience whose sessions end a minute (the shortest lifetime allowed) after they start, for the sweep.
        Files.writeString(work.resolve("experiences/short.json"), """
                {"id": "short", "name": "Short sessions", "answer": {"engine": "echo"},
                 "session": {"expirationSeconds": 60}}""");
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
        Process first = launch("a");
        Process second = launch("b");
        a = awaitReady("a", first);
        b = awaitReady("b", second);
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
        for (Process p : processes) {
            p.destroy(); // graceful: SIGTERM
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
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
            for (Path log : logs) {
                System.err.println("===== " + log + " =====");
                System.err.println(Files.readString(log));
            }
            throw t;
        }
    }

    private static Process launch(String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(database);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dnexus.relay.allow-private-targets=true",
                "-Dnexus.relay.poll-interval=200ms", "-Dnexus.sessions.sweep-interval=200ms",
                "-Dnexus.experiences.dir=" + work.resolve("experiences"), "-jar",
                System.getProperty("nexus.it.app-jar", "target/quarkus-app/quarkus-run.jar")));
        Path log = work.resolve("app-" + name + ".log");
        logs.add(log);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NEXUS_SECURITY_API_KEYS", API_KEY);
        Process process = pb.start();
        processes.add(process);
        ports.put(process, port);
        return process;
    }

    static final Map<Process, Integer> ports = new HashMap<>();

    private static String awaitReady(String name, Process process) throws Exception {
        String base = "http://127.0.0.1:" + ports.get(process);
        await(name + " ready", START_DEADLINE, () -> {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before it was ready");
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return base;
    }

    private static String send(String method, String url, boolean apiKey, String json, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", url.endsWith("/q/metrics") ? "text/plain" : "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(json));
        }
        if (apiKey) {
            request.header("Authorization", "Bearer " + API_KEY);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + " answered " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

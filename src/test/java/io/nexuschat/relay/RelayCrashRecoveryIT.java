package io.nexuschat.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.nexuschat.ItDatabase;
import io.nexuschat.testing.PackagedApp;
import io.nexuschat.testing.Polling;

/**
 * A server killed (SIGKILL) between intake and delivery, then restarted on the same database (an H2 file, or a
 * PostgreSQL database with {@code -Dnexus.test.db=postgres}), delivers every
 * event it answered 202 for. Runs the packaged app ({@code target/quarkus-app/quarkus-run.jar}, or the native
 * executable in the native profile) as a separate process, against a local receiver that verifies Standard Webhooks
 * signatures with its own HMAC code. While the first process lives the receiver answers every delivery 503 (the retry
 * schedule is shortened so attempts keep coming), so nothing is acknowledged before the kill; attempts in flight at
 * the kill hold a lease of {@code timeout + 30 s} that the restarted process must wait out.
 */
class RelayCrashRecoveryIT {

    static final String API_KEY = "it-crash-key";
    static final int EVENTS = 200;
    static final int BATCH = 50;
    /**
     * A bound, not a sleep. A delivery in flight at the kill is leased for timeout (1 s) + 30 s, which the restarted
     * app waits out.
     */
    static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(180);

    static final ObjectMapper JSON = new ObjectMapper();

    static Path work;
    /** On PostgreSQL (-Dnexus.test.db=postgres): the datasource options of the database both runs share. */
    static List<String> postgresOptions;
    static Receiver receiver;
    static final List<PackagedApp> apps = new ArrayList<>();

    /** One request the receiver got: its headers, whether the signature verified, and the status it answered. */
    record Received(String id, boolean verified, int answered, boolean afterRestart) {
    }

    /**
     * Local webhook receiver; answers 503 until {@link #release()}, 204 after. Its first request is held unanswered
     * until the release, so one delivery is in flight (leased) when the process is killed.
     */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<Received> received = new ArrayList<>();
        final java.util.concurrent.CountDownLatch releasedLatch = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicReference<String> held = new java.util.concurrent.atomic.AtomicReference<>();
        volatile String secret;
        volatile boolean released;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                boolean afterRestart = released; // decided on arrival: a request of the killed process never counts
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                var h = exchange.getRequestHeaders();
                String id = h.getFirst("webhook-id");
                boolean verified = verify(secret, id, h.getFirst("webhook-timestamp"), body,
                        h.getFirst("webhook-signature"));
                int code = afterRestart ? 204 : 503;
                synchronized (received) {
                    received.add(new Received(id, verified, code, afterRestart));
                }
                if (!afterRestart && held.compareAndSet(null, String.valueOf(id))) {
                    try {
                        releasedLatch.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                try {
                    exchange.sendResponseHeaders(code, -1);
                } catch (IOException e) {
                    // the held request's sender was killed
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void release() {
            released = true;
            releasedLatch.countDown();
        }

        List<Received> received() {
            synchronized (received) {
                return List.copyOf(received);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Standard Webhooks verification, independent of the server's signer. */
    static boolean verify(String secret, String id, String timestamp, byte[] body, String signatures) {
        if (secret == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
            for (String s : signatures.split(" ")) {
                if (java.security.MessageDigest.isEqual(s.getBytes(StandardCharsets.UTF_8),
                        expected.getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @BeforeAll
    static void prepare() throws IOException {
        work = PackagedApp.freshWorkDir("relay-crash");
        receiver = new Receiver();
    }

    @AfterAll
    static void stopAll() {
        apps.forEach(PackagedApp::close);
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void everyAcceptedEventIsDeliveredAfterAKillAndRestart() throws Exception {
        try {
            run();
        } catch (Throwable t) {
            printLogs();
            throw t;
        }
    }

    private void run() throws Exception {
        String first = start(1);
        JsonNode created = JSON.readTree(send("POST", first + "/api/v2/webhooks", true,
                JSON.writeValueAsString(Map.of("experienceId", "demo", "url", receiver.url(), "events",
                        List.of("widget.linkClick"))),
                201));
        receiver.secret = created.get("secret").asText();
        assertThat(receiver.secret).startsWith("whsec_");

        Set<String> accepted = new LinkedHashSet<>();
        for (int b = 0; b < EVENTS / BATCH; b++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                batch.add(Map.of("id", UUID.randomUUID().toString(), "experienceId", "demo", "type", "linkClick",
                        "timestamp", Instant.now().toString(), "data",
                        Map.of("href", "https://example.com/" + (b * BATCH + i))));
            }
            JsonNode answer = JSON
                    .readTree(send("POST", first + "/api/v2/events", false, JSON.writeValueAsString(batch), 202));
            assertThat(answer.get("accepted").asInt()).as("accepted in batch " + b + ": " + answer).isEqualTo(BATCH);
            for (JsonNode item : answer.get("results")) {
                if ("accepted".equals(item.get("status").asText())) {
                    accepted.add(item.get("id").asText());
                }
            }
        }
        assertThat(accepted).hasSize(EVENTS);
        // The workers run (attempts arrive, all refused) but nothing is acknowledged: the kill falls between intake
        // and delivery for every event.
        await("a delivery attempt held in flight", Duration.ofSeconds(60), () -> receiver.held.get() != null);

        apps.getLast().kill(); // SIGKILL: no shutdown hooks, no graceful close of the database
        List<Received> beforeKill = receiver.received();
        assertThat(beforeKill).allMatch(r -> r.answered() == 503);
        receiver.release();

        start(2);
        long started = System.nanoTime();
        await("every accepted event acknowledged after the restart", DELIVERY_DEADLINE,
                () -> acknowledgedIds().containsAll(accepted));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        List<Received> all = receiver.received();
        assertThat(all).as("every request carries a valid signature").allMatch(Received::verified);
        List<Received> acks = all.stream().filter(r -> r.afterRestart() && r.answered() / 100 == 2).toList();
        Set<String> distinct = acks.stream().map(Received::id).collect(Collectors.toSet());
        assertThat(distinct).as("distinct webhook-ids acknowledged").hasSize(EVENTS)
                .containsExactlyInAnyOrderElementsOf(accepted);
        System.out.printf(
                "RelayCrashRecoveryIT: %d events accepted; %d attempts refused or held before the kill (%d distinct ids); "
                        + "after the restart %d acknowledged requests, %d distinct, %d duplicates, all within %d ms%n",
                accepted.size(), beforeKill.size(), beforeKill.stream().map(Received::id).distinct().count(),
                acks.size(), distinct.size(), acks.size() - distinct.size(), took.toMillis());
    }

    private Set<String> acknowledgedIds() {
        return receiver.received().stream().filter(r -> r.afterRestart() && r.answered() / 100 == 2)
                .map(Received::id).collect(Collectors.toSet());
    }

    /** Launches the app on a free port with the shared database; returns its base URL once it is ready. */
    private String start(int run) throws Exception {
        List<String> database;
        if (ItDatabase.postgresUrl().isPresent()) {
            if (postgresOptions == null) {
                postgresOptions = ItDatabase.freshPostgres("it_relay_crash"); // both runs share this database
            }
            database = postgresOptions;
        } else {
            database = List.of("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + work.resolve("db").resolve("nexus-chat")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        }
        PackagedApp app = PackagedApp.named("run-" + run, work).options(database)
                .options("-Dnexus.relay.allow-private-targets=true",
                        // Attempts keep coming every ~1 s while the receiver refuses them, and resume at once after a
                        // restart.
                        "-Dnexus.relay.retry-schedule=0s" + ",1s".repeat(40), "-Dnexus.relay.timeout=1s",
                        "-Dnexus.relay.poll-interval=200ms", "-Dnexus.sessions.sweep-interval=off")
                .env("NEXUS_SECURITY_API_KEYS", API_KEY).launch();
        apps.add(app);
        return app.awaitReady().url();
    }

    private static String send(String method, String url, boolean apiKey, String json, int expected)
            throws Exception {
        return PackagedApp.send(method, url, apiKey ? API_KEY : null, json, expected);
    }

    private static void await(String what, Duration limit, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        Polling.until(what, limit, done);
    }

    private static void printLogs() {
        PackagedApp.printLogs(apps);
        System.err.println("===== receiver: " + receiver.received().size() + " requests =====");
    }
}

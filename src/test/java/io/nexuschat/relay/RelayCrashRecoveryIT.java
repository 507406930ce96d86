package io.nexuschat.relay;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.nexuschat.ItDatabase;

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
     * Bounds, not sleeps. A delivery in flight at the kill is leased for timeout (1 s) + 30 s, which the restarted app
     * waits out; a start takes ~10 s on an idle machine but over 80 s on a loaded 2-core builder.
     */
    static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(180);
    static final Duration START_DEADLINE = Duration.ofSeconds(240);

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path work;
    /** On PostgreSQL (-Dnexus.test.db=postgres): the datasource options of the database both runs share. */
    static List<String> postgresOptions;
    static Receiver receiver;
    static final List<Process> processes = new ArrayList<>();
    static final List<Path> logs = new ArrayList<>();

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
        work = Path.of(System.getProperty("nexus.it.work-dir", "target/it"), "relay-crash");
        if (Files.exists(work)) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
        receiver = new Receiver();
    }

    @AfterAll
    static void stopAll() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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

        Process killed = processes.getLast();
        killed.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful close of the database
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).as("killed process exited").isTrue();
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
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            command.add(nativeImage);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        Path db = work.resolve("db").toAbsolutePath();
        if (ItDatabase.postgresUrl().isPresent()) {
            if (postgresOptions == null) {
                postgresOptions = ItDatabase.freshPostgres("it_relay_crash"); // both runs share this database
            }
            command.addAll(postgresOptions);
        } else {
            command.add("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + db.resolve("nexus-chat")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        }
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dnexus.relay.allow-private-targets=true",
                // Attempts keep coming every ~1 s while the receiver refuses them, and resume at once after a restart.
                "-Dnexus.relay.retry-schedule=0s" + ",1s".repeat(40), "-Dnexus.relay.timeout=1s",
                "-Dnexus.relay.poll-interval=200ms", "-Dnexus.sessions.sweep-interval=off"));
        if (command.getFirst().endsWith("java")) {
            command.addAll(
                    List.of("-jar", System.getProperty("nexus.it.app-jar", "target/quarkus-app/quarkus-run.jar")));
        }
        Path log = work.resolve("app-run-" + run + ".log");
        logs.add(log);
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("NEXUS_SECURITY_API_KEYS", API_KEY);
        Process process = pb.start();
        processes.add(process);
        String base = "http://127.0.0.1:" + port;
        await("run " + run + " ready on port " + port, START_DEADLINE, () -> {
            if (!process.isAlive()) {
                fail("run " + run + " exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (apiKey) {
            b.header("Authorization", "Bearer " + API_KEY);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + " answered " + r.body()).isEqualTo(expected);
        return r.body();
    }

    /** Bounded polling on observable state (the process, the receiver's record). */
    private static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void printLogs() {
        for (Path log : logs) {
            try {
                System.err.println("===== " + log + " =====");
                System.err.println(Files.readString(log));
            } catch (IOException e) {
                System.err.println("(cannot read " + log + ": " + e + ")");
            }
        }
        System.err.println("===== receiver: " + receiver.received().size() + " requests =====");
    }
}

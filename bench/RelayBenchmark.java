import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Relay benchmark against a running server (bench/relay.sh starts one): intake throughput (events/s, batches of 50,
 * each batch committed before its answer) with per-batch latency, then delivery throughput to a local webhook receiver
 * (deliveries/s: first as the events are posted, then alone, by replaying them). Also measures the trivial endpoint (GET /q/health/live) in the same run, for comparison.
 * Usage: java bench/RelayBenchmark.java <baseUrl> <apiKey> <out.md> [-Dseconds=10 -Dclients=8 -Ddeliveries=20000]
 */
public class RelayBenchmark {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        String base = args[0], apiKey = args[1];
        Path out = Path.of(args[2]);
        int seconds = Integer.getInteger("seconds", 10), clients = Integer.getInteger("clients", 8);
        int deliveries = Integer.getInteger("deliveries", 20000);

        run(base, clients, 2, "bench", false); // warm-up
        Result trivial = trivial(base, clients, seconds);
        Result intake = run(base, clients, seconds, "bench", true);

        // Delivery: a local receiver, an endpoint for the second experience, then a burst of events to it.
        AtomicLong received = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        HttpResponse<String> created = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/webhooks"))
                .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"experienceId\":\"bench-relay\",\"url\":\"" + hook
                        + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the endpoint: " + created.statusCode() + " " + created.body());
        }
        // First pass: events posted by the client threads, delivered as they are committed (intake included).
        Instant since = Instant.now().minusSeconds(1);
        long start = System.nanoTime();
        int perClient = Math.max(1, deliveries / 50 / clients);
        int sent = perClient * clients * 50;
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        post(base, batch("bench-relay", 50));
                    }
                    return null;
                });
            }
        }
        awaitReceived(received, sent);
        double deliverySeconds = (System.nanoTime() - start) / 1e9;
        long firstPass = received.get();
        // Second pass: a replay schedules every event again at once: delivery alone, no intake running.
        HttpResponse<String> replay = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/webhooks/"
                + Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body()).results().findFirst().orElseThrow()
                        .group(1)
                + "/replay")).header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"since\":\"" + since + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (replay.statusCode() != 202) {
            throw new IllegalStateException("replay: " + replay.statusCode() + " " + replay.body());
        }
        long replayStart = System.nanoTime();
        awaitReceived(received, firstPass + sent);
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
        long replayed = received.get() - firstPass;
        receiver.stop(0);

        String report = """
                # Relay benchmark

                %s, %d client threads, H2 file database (the default), server and load generator on this machine.

                | measurement | result |
                |---|---|
                | trivial endpoint `GET /q/health/live` | %.0f requests/s, p50 %.2f ms, p99 %.2f ms |
                | intake `POST /api/v2/events`, batches of 50, durable | %.0f events/s (%.0f batches/s), p50 %.2f ms, p99 %.2f ms per batch |
                | delivery to a local webhook receiver (%d events, intake included) | %.0f deliveries/s (%d received in %.1f s) |
                | delivery alone (the same events replayed) | %.0f deliveries/s (%d received in %.1f s) |
                """
                .formatted(Instant.now(), clients, trivial.perSecond(), trivial.p(50), trivial.p(99),
                        intake.perSecond() * 50, intake.perSecond(), intake.p(50), intake.p(99), sent,
                        firstPass / deliverySeconds, firstPass, deliverySeconds, replayed / replaySeconds, replayed,
                        replaySeconds);
        Files.writeString(out, report);
        System.out.println(report);
    }

    static void awaitReceived(AtomicLong received, long count) throws InterruptedException {
        long begin = System.nanoTime();
        while (received.get() < count && System.nanoTime() - begin < 300_000_000_000L) {
            Thread.sleep(5);
        }
    }

    record Result(long count, double seconds, List<Long> latenciesNanos) {
        double perSecond() {
            return count / seconds;
        }

        double p(int percentile) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            return sorted.isEmpty()
                    ? 0
                    : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
        }
    }

    static Result trivial(String base, int clients, int seconds) throws Exception {
        return load(clients, seconds, () -> {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("health: " + r.statusCode());
            }
        });
    }

    static Result run(String base, int clients, int seconds, String experience, boolean measure) throws Exception {
        return load(clients, seconds, () -> post(base, batch(experience, 50)));
    }

    interface Call {
        void run() throws Exception;
    }

    static Result load(int clients, int seconds, Call call) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        call.run();
                        latencies.add(System.nanoTime() - t);
                        count.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return new Result(count.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    static void post(String base, String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/events"))
                .header("content-type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCEPTED.matcher(r.body());
        if (r.statusCode() != 202 || !m.find() || !m.group(1).equals("50")) {
            throw new IllegalStateException("intake: " + r.statusCode() + " " + r.body());
        }
    }

    static String batch(String experience, int size) {
        StringBuilder b = new StringBuilder("[");
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"experienceId\":\"").append(experience).append("\",\"sessionId\":\"").append(session)
                    .append("\",\"type\":\"linkClick\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"href\":")
                    .append("\"tour:id=1\",\"text\":\"Tour\",\"protocol\":\"tour:\",\"params\":{\"id\":\"1\"}}}");
        }
        return b.append(']').toString();
    }
}

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Relay benchmark against a running server (bench/relay.sh starts one): intake throughput (events/s, batches of 50,
 * each batch committed before its answer) with per-batch latency, then delivery throughput to a local webhook receiver
 * (deliveries/s: first as the events are posted, then alone, by replaying them). Also measures the trivial endpoint
 * (GET /q/health/live) in the same run, for comparison. Every wait is bounded: a phase that does not finish in time
 * fails the run with what was missing and exits with status 1.
 * Usage: java bench/RelayBenchmark.java <baseUrl> <apiKey> <out.md>
 * [-Dseconds=10 -Dclients=8 -Ddeliveries=20000 -DwaitSeconds=120]
 */
public class RelayBenchmark {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** Longest any single request may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A phase did not finish: the message says what was missing. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Failed e) {
            System.err.println("[relay-bench] FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        String base = args[0], apiKey = args[1];
        Path out = Path.of(args[2]);
        int seconds = Integer.getInteger("seconds", 10), clients = Integer.getInteger("clients", 8);
        int deliveries = Integer.getInteger("deliveries", 20000);
        Duration wait = Duration.ofSeconds(Integer.getInteger("waitSeconds", 120));

        progress("warm-up, 2 s");
        load(base, clients, 2, () -> post(base, batch("bench", 50).body()));
        progress("trivial endpoint, " + seconds + " s");
        double cpuBefore = serverCpuMs(base);
        Result trivial = load(base, clients, seconds, () -> {
            HttpResponse<String> r = CLIENT.send(request(base + "/q/health/live").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new Failed("GET /q/health/live answered " + r.statusCode());
            }
        });
        double trivialCpu = (serverCpuMs(base) - cpuBefore) / trivial.count();
        progress("  %.0f requests/s".formatted(trivial.perSecond()));
        progress("intake, batches of 50, " + seconds + " s");
        cpuBefore = serverCpuMs(base);
        Result intake = load(base, clients, seconds, () -> post(base, batch("bench", 50).body()));
        double intakeCpu = (serverCpuMs(base) - cpuBefore) / intake.count();
        progress("  %.0f events/s, p99 %.1f ms per batch".formatted(intake.perSecond() * 50, intake.p(99)));

        // Delivery: a local receiver counting each event id it is sent, an endpoint for the second experience.
        Map<String, AtomicInteger> firstPass = new ConcurrentHashMap<>(), secondPass = new ConcurrentHashMap<>();
        AtomicLong requests = new AtomicLong();
        AtomicReference<Map<String, AtomicInteger>> pass = new AtomicReference<>(firstPass);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            requests.incrementAndGet();
            if (id != null) {
                pass.get().computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = CLIENT.send(request(base + "/api/v2/webhooks")
                    .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"experienceId\":\"bench-relay\",\"url\":\"" + hook
                            + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new Failed("creating the endpoint: " + created.statusCode() + " " + created.body());
            }
            String endpointId = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body()).results().findFirst()
                    .orElseThrow().group(1);

            // First pass: events posted by the client threads, delivered as they are committed (intake included).
            Instant since = Instant.now().minusSeconds(1);
            int perClient = Math.max(1, deliveries / 50 / clients);
            int sent = perClient * clients * 50;
            progress("delivery: posting %d events for the endpoint, delivered as they come".formatted(sent));
            Collection<String> ids = ConcurrentHashMap.newKeySet();
            long start = System.nanoTime();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                List<Future<Object>> posting = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    posting.add(pool.submit(() -> {
                        for (int i = 0; i < perClient; i++) {
                            Batch b = batch("bench-relay", 50);
                            post(base, b.body());
                            ids.addAll(b.ids());
                        }
                        return null;
                    }));
                }
                for (Future<Object> f : posting) {
                    try {
                        f.get(); // each request is bounded by REQUEST_TIMEOUT
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw e.getCause() instanceof Failed failed ? failed : new Failed(e.getCause().toString());
                    }
                }
            }
            awaitAll("first pass (events delivered as they were posted)", firstPass, ids, start, wait, base);
            double deliverySeconds = (System.nanoTime() - start) / 1e9;

            // Second pass: a replay schedules every event again at once: delivery alone, no intake running. From
            // here on the receiver counts into the second pass (a late duplicate of the first would count too).
            pass.set(secondPass);
            progress("  server after the first pass: " + relayMetrics(base));
            long replayStart = System.nanoTime();
            HttpResponse<String> replay = CLIENT.send(request(base + "/api/v2/webhooks/" + endpointId + "/replay")
                    .header("authorization", "Bearer " + apiKey).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"since\":\"" + since + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher scheduled = Pattern.compile("\"events\":(\\d+)").matcher(replay.body());
            if (replay.statusCode() != 202 || !scheduled.find()) {
                throw new Failed("replay: " + replay.statusCode() + " " + replay.body());
            }
            if (Integer.parseInt(scheduled.group(1)) != sent) {
                throw new Failed("the replay since " + since + " scheduled " + scheduled.group(1) + " events, not the "
                        + sent + " sent");
            }
            progress("replay scheduled %s events".formatted(scheduled.group(1)));
            awaitAll("second pass (the same events replayed)", secondPass, ids, replayStart, wait, base);
            double replaySeconds = (System.nanoTime() - replayStart) / 1e9;

            String report = """
                    # Relay benchmark

                    %s, %d client threads, H2 file database (the default), server and load generator on this machine; \
                    load average before the run: %s.

                    | measurement | result |
                    |---|---|
                    | trivial endpoint `GET /q/health/live` | %.0f requests/s, p50 %.2f ms, p99 %.2f ms; server CPU %.3f ms per request |
                    | intake `POST /api/v2/events`, batches of 50, durable | %.0f events/s (%.0f batches/s), p50 %.2f ms, p99 %.2f ms per batch; server CPU %.2f ms per batch |
                    | delivery to a local webhook receiver (%d events, intake included) | %.0f deliveries/s (%d received in %.1f s) |
                    | delivery alone (the same events replayed) | %.0f deliveries/s (%d received in %.1f s) |
                    """
                    .formatted(Instant.now(), clients, System.getProperty("load", "not given"), trivial.perSecond(),
                            trivial.p(50), trivial.p(99), trivialCpu, intake.perSecond() * 50, intake.perSecond(),
                            intake.p(50), intake.p(99), intakeCpu, sent, sent / deliverySeconds, total(firstPass),
                            deliverySeconds,
                            sent / replaySeconds, total(secondPass), replaySeconds);
            Files.writeString(out, report);
            System.out.println(report);
        } finally {
            receiver.stop(0);
        }
    }

    static void progress(String message) {
        System.out.println("[relay-bench " + Instant.now().toString().substring(11, 19) + "] " + message);
    }

    static long total(Map<String, AtomicInteger> pass) {
        return pass.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /**
     * Waits until every id in {@code ids} was received in {@code pass}, printing progress every 5 s; fails after
     * {@code wait} without a new event received (so a slow but moving run is not cut short, a stuck one is).
     */
    static void awaitAll(String what, Map<String, AtomicInteger> pass, Collection<String> ids, long startNanos,
            Duration wait, String base) throws Exception {
        long lastProgress = System.nanoTime(), lastChange = System.nanoTime();
        int seen = -1;
        while (true) {
            int done = pass.size();
            if (done >= ids.size() && ids.stream().allMatch(pass::containsKey)) {
                progress("  %s: all %d received in %.1f s".formatted(what, ids.size(),
                        (System.nanoTime() - startNanos) / 1e9));
                return;
            }
            long now = System.nanoTime();
            if (done != seen) {
                seen = done;
                lastChange = now;
            }
            if (now - lastProgress >= 5_000_000_000L) {
                lastProgress = now;
                progress("  %s: %d of %d received, %.0f/s".formatted(what, done, ids.size(),
                        done / ((now - startNanos) / 1e9)));
            }
            if (now - lastChange > wait.toNanos()) {
                List<String> missing = ids.stream().filter(id -> !pass.containsKey(id)).limit(5).toList();
                throw new Failed("%s: %d of %d events received, none new for %d s; missing e.g. %s; server: %s"
                        .formatted(what, done, ids.size(), wait.toSeconds(), missing, relayMetrics(base)));
            }
            Thread.sleep(10);
        }
    }

    /**
     * CPU time the server's process has used so far, in ms (Micrometer's {@code process_cpu_time_ns_total}): per
     * request, a figure less dependent than throughput on what else the machine runs.
     */
    static double serverCpuMs(String base) throws Exception {
        HttpResponse<String> r = CLIENT.send(request(base + "/q/metrics").build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^process_cpu_time_ns_total (\\S+)$").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new Failed("the server's /q/metrics has no process_cpu_time_ns_total");
        }
        return Double.parseDouble(m.group(1)) / 1e6;
    }

    /** The server's relay gauges and counters, for a failure message. */
    static String relayMetrics(String base) {
        try {
            HttpResponse<String> r = CLIENT.send(request(base + "/q/metrics").build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body().lines().filter(l -> l.startsWith("nexus_relay_")).map(String::strip)
                    .reduce((a, b) -> a + "; " + b).orElse("no nexus_relay_ metrics");
        } catch (Exception e) {
            return "metrics unreadable: " + e;
        }
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
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

    interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} in a loop on {@code clients} threads for {@code seconds}; every call is bounded. */
    static Result load(String base, int clients, int seconds, Call call) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong count = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Object>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        call.run();
                        latencies.add(System.nanoTime() - t);
                        count.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<Object> f : loops) {
                try {
                    f.get(seconds + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Failed failed ? failed : new Failed(e.getCause().toString());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new Failed("a load loop did not end within " + (seconds + REQUEST_TIMEOUT.toSeconds())
                            + " s");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(count.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    static void post(String base, String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(request(base + "/api/v2/events").header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = ACCEPTED.matcher(r.body());
        if (r.statusCode() != 202 || !m.find() || !m.group(1).equals("50")) {
            throw new Failed("intake: " + r.statusCode() + " " + r.body());
        }
    }

    record Batch(String body, List<String> ids) {
    }

    static Batch batch(String experience, int size) {
        StringBuilder b = new StringBuilder("[");
        List<String> ids = new ArrayList<>(size);
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < size; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id).append("\",\"experienceId\":\"")
                    .append(experience).append("\",\"sessionId\":\"").append(session)
                    .append("\",\"type\":\"linkClick\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"href\":")
                    .append("\"tour:id=1\",\"text\":\"Tour\",\"protocol\":\"tour:\",\"params\":{\"id\":\"1\"}}}");
        }
        return new Batch(b.append(']').toString(), ids);
    }
}

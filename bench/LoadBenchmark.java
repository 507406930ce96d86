import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark for a running Nexus Chat server (started by bench/run.sh). Single-file Java program, JDK only.
 *
 * <pre>java bench/LoadBenchmark.java http://127.0.0.1:18080 SERVER_PID bench/results/latest.md</pre>
 *
 * Every figure is printed next to the same server's trivial endpoint (/q/health/live) measured in the same run, so
 * the machine's own noise is visible. Latency is measured from the intended send time (open model), so a stalled
 * server cannot hide queueing delay (no coordinated omission).
 */
public class LoadBenchmark {

    static final String EXPERIENCE = "bench";
    static HttpClient client;
    static String base;
    static long pid;
    static final AtomicLong maxRssKb = new AtomicLong();

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        pid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        Path out = Path.of(args.length > 2 ? args[2] : "bench/results/latest.md");
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 10);
        int streams = Integer.getInteger("streams", 200);

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Thread sampler = Thread.ofPlatform().daemon().start(LoadBenchmark::sampleRss);

        long idleRss = rssKb();
        log("warm-up");
        int warmup = Integer.getInteger("warmup", 4);
        openLoad("GET", "/q/health/live", null, 500, warmup);
        openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, 500, warmup);
        streamSteady(streams, warmup + 2);
        long warmRss = rssKb();
        maxRssKb.set(0);

        log("trivial endpoint, open load %d req/s for %d s", rate, seconds);
        Result trivial = openLoad("GET", "/q/health/live", null, rate, seconds);
        log("session creation, open load %d req/s for %d s", rate, seconds);
        Result create = openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, rate, seconds);
        log("session creation, closed loop, 32 clients for %d s", seconds);
        Result createMax = closedLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, 32, seconds);
        log("%d concurrent streams for %d s, trivial endpoint probed at 50 req/s meanwhile", streams, seconds);
        CompletableFuture<Result> probe = probeTrivial(50, seconds);
        StreamResult steady = streamSteady(streams, seconds);
        Result trivialUnderStreams = probe.join();
        long loadRss = maxRssKb.get();
        log("burst: %d queries in new sessions released at once", streams);
        StreamResult burst = streamBurst(streams);
        Result trivialBurst = burst(streams);
        log("trivial endpoint, closed loop, 32 clients for %d s", seconds);
        Result trivialMax = closedLoad("GET", "/q/health/live", null, 32, seconds);
        if (!Boolean.getBoolean("no-sweep")) {
            sweeps(out.getParent());
        }
        sampler.interrupt();

        StringBuilder md = new StringBuilder();
        md.append("# Nexus Chat load benchmark\n\n");
        md.append("Run: ").append(java.time.Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, JVM flags `").append(System.getProperty("server.jvm.opts", "(defaults)"))
                .append("`, load generator on the same machine (it competes for the same cores). Engine: `echo`")
                .append(" (first chunk immediate, then 20 chunks 100 ms apart), so first-chunk times are the server's")
                .append(" own overhead: resolving or creating the session, storing the message, loading history,")
                .append(" starting the stream.\n\n");
        md.append(
                "| measurement | requests | errors | throughput | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        row(md, "trivial GET /q/health/live @" + rate + "/s", trivial);
        row(md, "POST /api/v2/sessions @" + rate + "/s", create);
        row(md, "POST /api/v2/sessions, closed loop x32 (max throughput)", createMax);
        row(md, "trivial GET, closed loop x32 (max throughput)", trivialMax);
        row(md, "first SSE chunk, " + streams + " concurrent streams", steady.firstChunk);
        row(md, "SSE complete (~2 s answers), " + streams + " concurrent streams", steady.complete);
        row(md, "trivial GET @50/s during those streams", trivialUnderStreams);
        row(md, "first SSE chunk, burst of " + streams + " new sessions at once", burst.firstChunk);
        row(md, "trivial GET, burst of " + streams + " at once", trivialBurst);
        md.append("\nFirst-chunk overhead (engine excluded: the echo engine emits its first chunk at once) with ")
                .append(streams).append(" open streams: p50 ").append(fmt(steady.firstChunk.p(50))).append(" ms, p99 ")
                .append(fmt(steady.firstChunk.p(99))).append(" ms; the trivial endpoint under the same load: p50 ")
                .append(fmt(trivialUnderStreams.p(50))).append(" ms, p99 ").append(fmt(trivialUnderStreams.p(99)))
                .append(" ms.\n\n");
        md.append("RSS of the server process: idle after start ").append(mb(idleRss)).append(", after warm-up ")
                .append(mb(warmRss)).append(", peak during the measured load ").append(mb(loadRss)).append(".\n");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println();
        System.out.println(md);
        System.exit(0);
    }

    /**
     * The sweeps the report plots, each written as CSV next to the report: first-chunk latency and RSS at rising numbers
     * of concurrent streams; event intake at rising batch sizes; session creation (and the trivial endpoint) at rising
     * open-load rates.
     */
    static void sweeps(Path dir) throws Exception {
        int seconds = Integer.getInteger("sweep-seconds", 5);
        // Streams and intake first: the session sweep's highest rates can overload a small-heap server for good.
        StringBuilder csv = new StringBuilder("streams,first_p50,first_p99,completed,errors,rss_mb\n");
        for (String n : System.getProperty("stream-levels", "50,200,500,1000,2000").split(",")) {
            int streams = Integer.parseInt(n.strip());
            log("sweep: %d concurrent streams", streams);
            maxRssKb.set(0);
            StreamResult r = streamSteady(streams, seconds + 2);
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%d,%.0f%n", streams, r.firstChunk.p(50),
                    r.firstChunk.p(99), r.firstChunk.nanos.length, r.firstChunk.errors, maxRssKb.get() / 1024.0));
        }
        Files.writeString(dir.resolve("streams.csv"), csv);

        csv = new StringBuilder("batch,events_per_s,batches_per_s,p50,p99,errors\n");
        for (String b : System.getProperty("batches", "1,10,50").split(",")) {
            int size = Integer.parseInt(b.strip());
            log("sweep: event intake, batches of %d", size);
            Result r = closedLoad("POST", "/api/v2/events", () -> eventBatch(size), 8, seconds, "text/plain");
            csv.append(String.format(Locale.ROOT, "%d,%.0f,%.0f,%.3f,%.3f,%d%n", size, r.throughput * size,
                    r.throughput, r.p(50), r.p(99), r.errors));
        }
        Files.writeString(dir.resolve("intake.csv"), csv);
        csv = new StringBuilder("rate,endpoint,achieved,p50,p99,errors\n");
        for (String r : System.getProperty("rates", "250,500,1000,1500,2000").split(",")) {
            int rate = Integer.parseInt(r.strip());
            log("sweep: open load %d req/s", rate);
            Result t = openLoad("GET", "/q/health/live", null, rate, seconds);
            Result c = openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, rate, seconds);
            csv.append(
                    String.format(Locale.ROOT, "%d,trivial,%.0f,%.3f,%.3f,%d%n", rate, t.throughput, t.p(50), t.p(99),
                            t.errors));
            csv.append(String.format(Locale.ROOT, "%d,sessions,%.0f,%.3f,%.3f,%d%n", rate, c.throughput, c.p(50),
                    c.p(99), c.errors));
        }
        Files.writeString(dir.resolve("sessions.csv"), csv);

    }

    /** A batch of widget events for the intake, all of one new session. */
    static String eventBatch(int size) {
        StringBuilder b = new StringBuilder("[");
        String session = UUID.randomUUID().toString();
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"experienceId\":\"").append(EXPERIENCE).append("\",\"sessionId\":\"")
                    .append(session)
                    .append("\",\"type\":\"linkClick\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"data\":{\"href\":")
                    .append("\"tour:id=1\",\"text\":\"Tour\",\"protocol\":\"tour:\",\"params\":{\"id\":\"1\"}}}");
        }
        return b.append(']').toString();
    }

    static String sessionBody() {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"experienceId\":\"" + EXPERIENCE + "\"}";
    }

    interface Body {
        String get();
    }

    static HttpRequest request(String method, String path, Body body) {
        return request(method, path, body, "application/json");
    }

    static HttpRequest request(String method, String path, Body body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            return b.GET().build();
        }
        return b.header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body.get())).build();
    }

    /** Open model: sends at a fixed rate regardless of responses; latency from the intended send time. */
    static Result openLoad(String method, String path, Body body, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int idx = i;
            client.sendAsync(request(method, path, body), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, t) -> {
                        latencies[idx] = System.nanoTime() - intended;
                        if (t != null || r.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                        done.countDown();
                    });
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        return new Result(latencies, errors.get(), total * 1e9 / elapsed);
    }

    /** Closed model: N clients send back to back; measures the maximum sustainable throughput. */
    static Result closedLoad(String method, String path, Body body, int clients, int seconds) throws Exception {
        return closedLoad(method, path, body, clients, seconds, "application/json");
    }

    static Result closedLoad(String method, String path, Body body, int clients, int seconds, String contentType)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perClient = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] lat = new long[200_000];
            perClient.add(lat);
            threads.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < lat.length) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<Void> r = client.send(request(method, path, body, contentType),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                lat[lat.length - 1] = n;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        List<Long> all = new ArrayList<>();
        for (long[] lat : perClient) {
            int n = (int) lat[lat.length - 1];
            for (int i = 0; i < n; i++) {
                all.add(lat[i]);
            }
        }
        long[] arr = all.stream().mapToLong(Long::longValue).toArray();
        return new Result(arr, errors.get(), arr.length * 1e9 / elapsed);
    }

    /** N trivial requests released at once. */
    static Result burst(int n) throws Exception {
        long[] lat = new long[n];
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = i;
            all.add(client.sendAsync(request("GET", "/q/health/live", null), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, t) -> {
                        lat[idx] = System.nanoTime() - start;
                        if (t != null || r.statusCode() >= 400) {
                            errors.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(t -> null).join();
        return new Result(lat, errors.get(), n * 1e9 / (System.nanoTime() - start));
    }

    record StreamResult(Result firstChunk, Result complete) {
    }

    /** One streamed query; returns {first chunk, complete} in nanoseconds from sending, or null on any failure. */
    static long[] streamQuery(UUID sessionId, String text) {
        String body = "{\"experienceId\":\"" + EXPERIENCE + "\",\"sessionId\":\"" + sessionId + "\",\"text\":\""
                + text + "\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v2/query")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        long first = 0;
        long complete = 0;
        try {
            HttpResponse<java.io.InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                if (r.statusCode() != 200) {
                    return null;
                }
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:") && line.contains("chunk") && first == 0) {
                        first = System.nanoTime() - t0;
                    } else if (line.startsWith("event:") && line.contains("complete")) {
                        complete = System.nanoTime() - t0;
                    } else if (line.startsWith("event:") && line.contains("error")) {
                        return null;
                    }
                }
            }
        } catch (Exception e) {
            return null;
        }
        return first == 0 || complete == 0 ? null : new long[]{first, complete};
    }

    /** N streaming queries in new sessions released in the same instant. */
    static StreamResult streamBurst(int n) throws Exception {
        long[][] results = new long[n][];
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = i;
            threads.add(Thread.ofVirtual().start(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                results[idx] = streamQuery(UUID.randomUUID(), "How do I embed the widget?");
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return collect(results, n / ((System.nanoTime() - start) / 1e9));
    }

    /**
     * N clients, each with its own session, asking one question after another for the given time: N streams are open
     * at all times (the paced echo engine keeps each open ~2 s), and every new query's first chunk is timed.
     */
    static StreamResult streamSteady(int n, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long stagger = i * 2_000L / n;
            threads.add(Thread.ofVirtual().start(() -> {
                UUID session = UUID.randomUUID();
                try {
                    Thread.sleep(stagger);
                } catch (InterruptedException e) {
                    return;
                }
                int q = 0;
                while (System.nanoTime() < end) {
                    long[] r = streamQuery(session, "Question " + (q++) + ": how do sessions expire?");
                    if (r == null) {
                        failures.incrementAndGet();
                    } else {
                        results.add(r);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long[][] all = results.toArray(long[][]::new);
        StreamResult r = collect(all, all.length / ((System.nanoTime() - start) / 1e9));
        return new StreamResult(new Result(r.firstChunk.nanos, failures.get(), r.firstChunk.throughput),
                new Result(r.complete.nanos, failures.get(), r.complete.throughput));
    }

    static StreamResult collect(long[][] results, double throughput) {
        int errors = 0;
        List<Long> first = new ArrayList<>();
        List<Long> complete = new ArrayList<>();
        for (long[] r : results) {
            if (r == null) {
                errors++;
            } else {
                first.add(r[0]);
                complete.add(r[1]);
            }
        }
        return new StreamResult(new Result(first.stream().mapToLong(Long::longValue).toArray(), errors, throughput),
                new Result(complete.stream().mapToLong(Long::longValue).toArray(), errors, throughput));
    }

    /** Runs the trivial endpoint at a low steady rate in the background, to compare against under the same load. */
    static CompletableFuture<Result> probeTrivial(int rate, int seconds) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return openLoad("GET", "/q/health/live", null, rate, seconds);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    static long[] nonZero(long[] a) {
        return Arrays.stream(a).filter(v -> v > 0).toArray();
    }

    record Result(long[] nanos, int errors, double throughput) {
        Result {
            nanos = nanos.clone();
            Arrays.sort(nanos);
        }

        double p(double pct) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(pct / 100.0 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(i, nanos.length - 1))] / 1e6;
        }
    }

    static void row(StringBuilder md, String name, Result r) {
        md.append("| ").append(name).append(" | ").append(r.nanos.length).append(" | ").append(r.errors).append(" | ")
                .append(String.format(Locale.ROOT, "%.0f/s", r.throughput)).append(" | ").append(fmt(r.p(50)))
                .append(" | ").append(fmt(r.p(99))).append(" | ").append(fmt(r.p(100))).append(" |\n");
    }

    static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", kb / 1024.0);
    }

    static void sampleRss() {
        while (!Thread.currentThread().isInterrupted()) {
            long kb = rssKb();
            maxRssKb.accumulateAndGet(kb, Math::max);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static long rssKb() {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static void log(String fmt, Object... args) {
        System.out.printf("[bench] " + fmt + "%n", args);
    }
}

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
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
 *
 * <p>
 * So that one step does not measure the previous one: before every step the harness waits until the server is idle
 * (its CPU time, read from /proc, stops growing: no backlog of requests the previous step left behind), and a sweep
 * stops raising the rate once a step is overloaded (it could only measure the backlog). The load generator's own GC
 * time is reported per step (run.sh gives it a fixed heap with a large young generation). Streams are read over plain
 * sockets on virtual threads (keep-alive, one connection per client), so that 2,000 open streams cost the generator
 * little; the JDK HTTP client serves the request/response steps.
 *
 * <p>
 * {@code -Dparts=fixed,streams,intake,sessions} picks the parts (default: all; {@code -Dno-sweep} = fixed only).
 */
public class LoadBenchmark {

    static final String EXPERIENCE = "bench";
    static HttpClient client;
    static String base;
    static long pid;
    static final AtomicLong maxRssKb = new AtomicLong();
    static InetSocketAddress address;
    static String hostHeader;
    /** Per measured step: the generator's GC time and how long the server took to become idle before it. */
    static final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://127.0.0.1:18080";
        pid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        Path out = Path.of(args.length > 2 ? args[2] : "bench/results/latest.md");
        int rate = Integer.getInteger("rate", 500);
        int seconds = Integer.getInteger("seconds", 10);
        int streams = Integer.getInteger("streams", 200);
        Set<String> parts = new LinkedHashSet<>(Arrays.asList(System.getProperty("parts",
                Boolean.getBoolean("no-sweep") ? "fixed" : "fixed,streams,intake,sessions").split(",")));
        URI uri = URI.create(base);
        address = new InetSocketAddress(uri.getHost(), uri.getPort());
        hostHeader = uri.getHost() + ":" + uri.getPort();

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        Thread sampler = Thread.ofPlatform().daemon().start(LoadBenchmark::sampleRss);

        long idleRss = rssKb();
        log("warm-up");
        int warmup = Integer.getInteger("warmup", 4);
        openLoad("GET", "/q/health/live", null, 500, warmup);
        openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, 500, warmup);
        closedLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, 32, Math.max(1, warmup / 2));
        closedLoad("GET", "/q/health/live", null, 32, Math.max(1, warmup / 2));
        streamSteady(streams, warmup + 2);
        long warmRss = rssKb();
        maxRssKb.set(0);
        if (!parts.contains("fixed")) {
            sweeps(out.getParent(), parts);
            sampler.interrupt();
            System.exit(0);
        }

        Result trivial = step("trivial endpoint, open load " + rate + " req/s for " + seconds + " s",
                () -> openLoad("GET", "/q/health/live", null, rate, seconds));
        Result create = step("session creation, open load " + rate + " req/s for " + seconds + " s",
                () -> openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, rate, seconds));
        Result createMax = step("session creation, closed loop, 32 clients for " + seconds + " s",
                () -> closedLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, 32, seconds));
        Result trivialMax = step("trivial endpoint, closed loop, 32 clients for " + seconds + " s",
                () -> closedLoad("GET", "/q/health/live", null, 32, seconds));
        CompletableFuture<Result>[] probe = new CompletableFuture[1];
        StreamResult steady = step(streams + " concurrent streams for " + seconds
                + " s, trivial endpoint probed at 50 req/s meanwhile", () -> {
                    probe[0] = probeTrivial(50, seconds);
                    return streamSteady(streams, seconds);
                });
        Result trivialUnderStreams = probe[0].join();
        long loadRss = maxRssKb.get();
        StreamResult burst = step("burst: " + streams + " queries in new sessions released at once",
                () -> streamBurst(streams));
        Result trivialBurst = step("trivial endpoint, burst of " + streams, () -> burst(streams));
        sweeps(out.getParent(), parts);
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
                .append(mb(warmRss)).append(", peak during the measured load ").append(mb(loadRss)).append(".\n\n");
        md.append("Before each step the harness waited for the server to go idle (no backlog carried over); the load")
                .append(" generator's own GC time in each step:\n\n");
        for (String note : notes) {
            md.append("- ").append(note).append('\n');
        }
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
    static void sweeps(Path dir, Set<String> parts) throws Exception {
        int seconds = Integer.getInteger("sweep-seconds", 5);
        // Streams and intake first: the session sweep's highest rates can overload a small-heap server for good.
        if (parts.contains("streams")) {
            StringBuilder csv = new StringBuilder("streams,first_p50,first_p99,completed,errors,rss_mb\n");
            for (String n : System.getProperty("stream-levels", "50,200,500,1000,2000").split(",")) {
                int streams = Integer.parseInt(n.strip());
                maxRssKb.set(0);
                StreamResult r = step("sweep: " + streams + " concurrent streams", () -> streamSteady(streams,
                        seconds + 2));
                csv.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%d,%.0f%n", streams, r.firstChunk.p(50),
                        r.firstChunk.p(99), r.firstChunk.nanos.length, r.firstChunk.errors, maxRssKb.get() / 1024.0));
            }
            Files.writeString(dir.resolve("streams.csv"), csv);
        }

        if (parts.contains("intake")) {
            StringBuilder csv = new StringBuilder("batch,events_per_s,batches_per_s,p50,p99,errors\n");
            for (String b : System.getProperty("batches", "1,10,50").split(",")) {
                int size = Integer.parseInt(b.strip());
                Result r = step("sweep: event intake, batches of " + size,
                        () -> closedLoad("POST", "/api/v2/events", () -> eventBatch(size), 8, seconds, "text/plain"));
                csv.append(String.format(Locale.ROOT, "%d,%.0f,%.0f,%.3f,%.3f,%d%n", size, r.throughput * size,
                        r.throughput, r.p(50), r.p(99), r.errors));
            }
            Files.writeString(dir.resolve("intake.csv"), csv);
        }
        if (parts.contains("sessions")) {
            StringBuilder csv = new StringBuilder("rate,endpoint,achieved,p50,p99,errors\n");
            boolean trivialOver = false;
            boolean sessionsOver = false;
            for (String r : System.getProperty("rates", "250,500,1000,1500,2000").split(",")) {
                int rate = Integer.parseInt(r.strip());
                // A rate above the one that overloaded an endpoint measures only the backlog: not run.
                if (!trivialOver) {
                    Result t = step("sweep: trivial endpoint, open load " + rate + " req/s",
                            () -> openLoad("GET", "/q/health/live", null, rate, seconds));
                    csv.append(String.format(Locale.ROOT, "%d,trivial,%.0f,%.3f,%.3f,%d%n", rate, t.throughput,
                            t.p(50), t.p(99), t.errors));
                    trivialOver = overloaded(t, rate);
                }
                if (!sessionsOver) {
                    Result c = step("sweep: session creation, open load " + rate + " req/s",
                            () -> openLoad("POST", "/api/v2/sessions", LoadBenchmark::sessionBody, rate, seconds));
                    csv.append(String.format(Locale.ROOT, "%d,sessions,%.0f,%.3f,%.3f,%d%n", rate, c.throughput,
                            c.p(50), c.p(99), c.errors));
                    sessionsOver = overloaded(c, rate);
                }
                if (trivialOver && sessionsOver) {
                    break;
                }
            }
            Files.writeString(dir.resolve("sessions.csv"), csv);
        }
    }

    /** A step that could not keep up: requests failed, or a p50 of a second means a queue had built up. */
    static boolean overloaded(Result r, int rate) {
        boolean over = r.errors > 0 || r.p(50) > 1000;
        if (over) {
            log("  overloaded at %d req/s: higher rates are not run for this endpoint", rate);
        }
        return over;
    }

    interface Measured<T> {
        T run() throws Exception;
    }

    /**
     * One measured step: waits for the server to be idle first, then runs it and notes the generator's GC time during
     * it (a generator pause shows up as latency, so it must be small).
     */
    static <T> T step(String name, Measured<T> what) throws Exception {
        System.gc(); // the generator starts each step with an empty young generation: no collection inside the step
        long settled = settle();
        log("%s (server idle after %d ms)", name, settled);
        long gc0 = generatorGcMillis();
        long n0 = generatorGcCount();
        T result = what.run();
        long gc = generatorGcMillis() - gc0;
        long n = generatorGcCount() - n0;
        notes.add(String.format(Locale.ROOT, "%s: server idle after %d ms; generator GC %d ms in %d collections",
                name, settled, gc, n));
        log("  generator GC %d ms in %d collections", gc, n);
        return result;
    }

    /**
     * Waits until the server has used less than 5 % of one core for two 250 ms windows in a row (at most
     * {@code settle-max-seconds}, default 60): whatever the previous step queued has been worked off. Returns ms.
     */
    static long settle() throws InterruptedException {
        long start = System.nanoTime();
        long limit = Integer.getInteger("settle-max-seconds", 60) * 1_000_000_000L;
        if (pid < 0) {
            return 0;
        }
        int quiet = 0;
        long last = cpuTicks();
        while (quiet < 2 && System.nanoTime() - start < limit) {
            Thread.sleep(250);
            long now = cpuTicks();
            // Clock ticks are 10 ms: 5 % of a core over 250 ms is 12.5 ms, so at most one tick.
            quiet = now - last <= 1 ? quiet + 1 : 0;
            last = now;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (quiet < 2) {
            log("  the server did not go idle within %d ms", ms);
        }
        return ms;
    }

    /** The server's CPU time (user + system) in clock ticks, from /proc/PID/stat. */
    static long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long generatorGcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    static long generatorGcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
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
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(Integer.getInteger("request-timeout-seconds", 10)));
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

    /**
     * One client's connection for streamed queries, kept alive between its queries (as a browser keeps one), opened
     * again after a failure. Plain HTTP/1.1 over a socket: the generator reads 2,000 streams on virtual threads without
     * the JDK HTTP client's per-chunk costs.
     */
    static final class StreamConnection implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        /** Errors by cause, for the log: a sweep step that fails must say why. */
        static final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> failures = new java.util.concurrent.ConcurrentHashMap<>();

        static void failed(String why) {
            failures.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
        }

        /**
         * One streamed query; returns {first chunk, complete} in nanoseconds from sending (connecting included when
         * there was no open connection), or null on any failure.
         */
        long[] query(UUID sessionId, String text) {
            String body = "{\"experienceId\":\"" + EXPERIENCE + "\",\"sessionId\":\"" + sessionId + "\",\"text\":\""
                    + text + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /api/v2/query HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json"
                    + "\r\nAccept: text/event-stream\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            String stage = "connect";
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(address, 10_000);
                    socket.setSoTimeout(60_000);
                    in = new BufferedInputStream(socket.getInputStream(), 8192);
                    out = socket.getOutputStream();
                }
                stage = "send";
                out.write(head);
                out.write(bytes);
                out.flush();
                stage = "response";
                String status = line(in);
                if (status == null || !status.startsWith("HTTP/1.1 ")) {
                    throw new IOException("no status line");
                }
                int code = Integer.parseInt(status.substring(9, 12));
                boolean chunked = false;
                long length = -1;
                boolean close = false;
                for (String h; (h = line(in)) != null && !h.isEmpty();) {
                    String lower = h.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).strip());
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
                stage = "body";
                long[] times = new long[2];
                boolean[] error = new boolean[1];
                StringBuilder lineBuf = new StringBuilder();
                java.util.function.Consumer<byte[]> onData = data -> {
                    for (byte c : data) {
                        if (c == '\n') {
                            String l = lineBuf.toString();
                            lineBuf.setLength(0);
                            if (l.startsWith("event:")) {
                                if (l.contains("chunk") && times[0] == 0) {
                                    times[0] = System.nanoTime() - t0;
                                } else if (l.contains("complete")) {
                                    times[1] = System.nanoTime() - t0;
                                } else if (l.contains("error")) {
                                    error[0] = true;
                                }
                            }
                        } else if (c != '\r') {
                            lineBuf.append((char) c);
                        }
                    }
                };
                if (chunked) {
                    while (true) {
                        String size = line(in);
                        if (size == null) {
                            throw new IOException("stream ended inside the body");
                        }
                        int semi = size.indexOf(';');
                        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                        if (n == 0) {
                            while (true) { // trailers, then the empty line
                                String t = line(in);
                                if (t == null || t.isEmpty()) {
                                    break;
                                }
                            }
                            break;
                        }
                        onData.accept(in.readNBytes(n));
                        line(in); // CRLF after the chunk
                    }
                } else if (length >= 0) {
                    onData.accept(in.readNBytes((int) length));
                } else {
                    onData.accept(in.readAllBytes());
                    close = true;
                }
                if (close) {
                    close();
                }
                if (code != 200) {
                    failed("status " + code);
                    return null;
                }
                if (error[0]) {
                    failed("error event");
                    return null;
                }
                if (times[0] == 0 || times[1] == 0) {
                    failed("incomplete stream");
                    return null;
                }
                return times;
            } catch (IOException | RuntimeException e) {
                failed(stage + ": " + e.getClass().getSimpleName());
                close();
                return null;
            }
        }

        /** A line without its CRLF; null at the end of the stream. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    break;
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing only
                }
            }
            socket = null;
        }
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
                try (StreamConnection c = new StreamConnection()) {
                    results[idx] = c.query(UUID.randomUUID(), "How do I embed the widget?");
                }
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
                try (StreamConnection c = new StreamConnection()) {
                    while (System.nanoTime() < end) {
                        long[] r = c.query(session, "Question " + (q++) + ": how do sessions expire?");
                        if (r == null) {
                            failures.incrementAndGet();
                        } else {
                            results.add(r);
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!StreamConnection.failures.isEmpty()) {
            log("  stream failures: %s", StreamConnection.failures);
            StreamConnection.failures.clear();
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

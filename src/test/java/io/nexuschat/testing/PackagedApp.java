package io.nexuschat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}, or the native executable in the native profile) run as
 * a separate process by an integration test: started on a free port with the given options and environment, its
 * output in a log file under the test's work directory, awaited until {@code /q/health/ready} answers 200, stopped
 * with SIGTERM or killed with SIGKILL.
 */
public final class PackagedApp implements AutoCloseable {

    /** A start takes ~10 s on an idle machine but over 80 s on a loaded 2-core builder: a bound, not a wait. */
    public static final Duration START_DEADLINE = Duration.ofSeconds(240);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private PackagedApp(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The work directory of one integration test under {@code nexus.it.work-dir}, emptied. */
    public static Path freshWorkDir(String name) throws IOException {
        Path work = Path.of(System.getProperty("nexus.it.work-dir", "target/it"), name).toAbsolutePath();
        if (Files.exists(work)) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(work);
        return work;
    }

    /** Starts describing a run of the app named {@code name} (its log is {@code app-<name>.log} in {@code work}). */
    public static Builder named(String name, Path work) {
        return new Builder(name, work);
    }

    /** How to run the app: options ({@code -Dkey=value}) and environment variables. */
    public static final class Builder {
        private final String name;
        private final Path work;
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(String name, Path work) {
            this.name = name;
            this.work = work;
        }

        /** Adds {@code -D…} options (or other options of the java launcher / native executable). */
        public Builder options(String... more) {
            options.addAll(List.of(more));
            return this;
        }

        public Builder options(List<String> more) {
            options.addAll(more);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Launches the process on a free port; does not wait for it (see {@link PackagedApp#awaitReady()}). */
        public PackagedApp launch() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            String nativeImage = System.getProperty("native.image.path");
            boolean isNative = nativeImage != null && Files.isExecutable(Path.of(nativeImage));
            command.add(isNative ? nativeImage : Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(options);
            command.add("-Dquarkus.http.port=" + port);
            if (!isNative) {
                command.addAll(List.of("-jar",
                        System.getProperty("nexus.it.app-jar", "target/quarkus-app/quarkus-run.jar")));
            }
            Files.createDirectories(work);
            Path log = work.resolve("app-" + name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            return new PackagedApp(name, pb.start(), port, log);
        }

        /** {@link #launch()}, then {@link PackagedApp#awaitReady()}. */
        public PackagedApp start() throws Exception {
            return launch().awaitReady();
        }
    }

    /** Waits (at most {@link #START_DEADLINE}) until {@code /q/health/ready} answers 200; fails if the process exits. */
    public PackagedApp awaitReady() throws InterruptedException {
        Polling.until(name + " ready on port " + port, START_DEADLINE, () -> {
            if (!process.isAlive()) {
                fail(name + " exited with " + process.exitValue() + " before it was ready");
            }
            return status("/q/health/ready") == 200;
        });
        return this;
    }

    /** The status of a GET of {@code path}, or -1 when no answer comes (refused, reset, timeout). */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /** Sends SIGTERM (a graceful shutdown) without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGTERM and waits at most {@code limit} for the exit; true when it exited. */
    public boolean stop(Duration limit) throws InterruptedException {
        process.destroy();
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL: no shutdown hooks, no graceful close of the database. Waits for the exit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " exited after SIGKILL").isTrue();
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prints each app's log to stderr (for a failed test). */
    public static void printLogs(List<PackagedApp> apps) {
        for (PackagedApp app : apps) {
            System.err.println("===== " + app.log + " =====");
            try {
                System.err.println(Files.readString(app.log));
            } catch (IOException e) {
                System.err.println("(cannot read it: " + e + ")");
            }
        }
    }

    /**
     * Sends a request ({@code json} null for none; {@code apiKey} null for none) and asserts its status; returns the
     * body.
     */
    public static String send(String method, String url, String apiKey, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", url.endsWith("/q/metrics") ? "text/plain" : "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(json));
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + " answered " + r.body()).isEqualTo(expected);
        return r.body();
    }
}

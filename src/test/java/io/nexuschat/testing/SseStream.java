package io.nexuschat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An open server-sent events stream read line by line, for tests. Close it to drop the connection. */
public final class SseStream implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> body;
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

    private SseStream(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    /**
     * Opens {@code url} ({@code headers} as name, value, …) and waits for the 200 answer and the stream's opening
     * comment, so what is committed afterwards reaches it.
     */
    public static SseStream open(String url, String... headers) throws Exception {
        SseStream stream = start(HttpRequest.newBuilder(URI.create(url)).GET(), url, headers);
        assertThat(stream.lines.poll(30, TimeUnit.SECONDS)).as("the opening comment of " + url).startsWith(":");
        return stream;
    }

    /** POSTs {@code json} to {@code url} asking for an event stream and waits for the 200 answer. */
    public static SseStream post(String url, String json, String... headers) throws Exception {
        return start(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), url, headers);
    }

    private static SseStream start(HttpRequest.Builder request, String url, String... headers) throws Exception {
        request.header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        SseStream stream = new SseStream(CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
        HttpResponse<Stream<String>> r = stream.response.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        stream.body = r.body();
        Thread.ofVirtual().start(() -> {
            try {
                r.body().forEach(stream.lines::add);
            } catch (RuntimeException e) {
                // closed, or the connection was cut
            } finally {
                stream.ended.countDown();
            }
        });
        return stream;
    }

    /** Waits at most {@code limit} for the server to end the stream; true when it did. */
    public boolean awaitEnd(Duration limit) throws InterruptedException {
        return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One server-sent event: its {@code id}, {@code event} (type) and {@code data} fields. */
    public record Event(String id, String type, String data) {
    }

    /** The next event, waiting at most {@code limit}; fails when none arrives. */
    public Event next(Duration limit) throws InterruptedException {
        Event e = nextOrNull(limit);
        if (e == null) {
            throw new AssertionError("no event within " + limit.toMillis() + " ms");
        }
        return e;
    }

    /** The next event, or null when none arrives within {@code limit}. */
    public Event nextOrNull(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                continue;
            }
            if (line.isEmpty()) {
                if (id != null || type != null || !data.isEmpty()) {
                    return new Event(id, type, data.toString());
                }
                type = null;
                data.setLength(0);
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                type = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            }
        }
    }

    /** The id of the next event, waiting at most {@code limit}; fails when none arrives. */
    public String nextEventId(Duration limit) throws InterruptedException {
        return next(limit).id();
    }

    /** The next event of type {@code type}, skipping others; fails when none arrives within {@code limit}. */
    public Event next(String type, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Event e = nextOrNull(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (e == null) {
                throw new AssertionError("no " + type + " event within " + limit.toMillis() + " ms");
            }
            if (type.equals(e.type())) {
                return e;
            }
        }
    }

    /** The id of the next event, or null when none arrives within {@code limit}. */
    public String nextEventIdOrNull(Duration limit) throws InterruptedException {
        Event e = nextOrNull(limit);
        return e == null ? null : e.id();
    }

    @Override
    public void close() {
        Stream<String> b = body;
        if (b != null) {
            b.close();
        }
        response.cancel(true);
    }
}

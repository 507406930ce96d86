package io.nexuschat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private SseStream(CompletableFuture<HttpResponse<Stream<String>>> response) {
        this.response = response;
    }

    /**
     * Opens {@code url} ({@code headers} as name, value, …) and waits for the 200 answer and the stream's opening
     * comment, so what is committed afterwards reaches it.
     */
    public static SseStream open(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        SseStream stream = new SseStream(CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
        HttpResponse<Stream<String>> r = stream.response.get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as("GET " + url).isEqualTo(200);
        stream.body = r.body();
        Thread.ofVirtual().start(() -> {
            try {
                r.body().forEach(stream.lines::add);
            } catch (RuntimeException e) {
                // closed
            }
        });
        assertThat(stream.lines.poll(30, TimeUnit.SECONDS)).as("the opening comment of " + url).startsWith(":");
        return stream;
    }

    /** The id of the next event, waiting at most {@code limit}; fails when none arrives. */
    public String nextEventId(Duration limit) throws InterruptedException {
        String id = nextEventIdOrNull(limit);
        if (id == null) {
            throw new AssertionError("no event within " + limit.toMillis() + " ms");
        }
        return id;
    }

    /** The id of the next event, or null when none arrives within {@code limit}. */
    public String nextEventIdOrNull(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("id:")) {
                return line.substring(3).trim();
            }
        }
    }

    /** The ids of the next {@code count} events, in the order received. */
    public List<String> nextEventIds(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            ids.add(nextEventId(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return ids;
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

package io.nexuschat.relay.sinks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on 127.0.0.1 standing in for an analytics service: records every request (path, query,
 * authorization, body) and answers with a status chosen per request number, optionally with {@code Retry-After}.
 */
public final class ServiceReceiver implements AutoCloseable {

    /** One received request and the status it was answered with. */
    public record Received(String method, String path, String query, String authorization, String contentType,
            String body, int answered) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntFunction<Integer> status = n -> 200;
    private volatile String retryAfter;
    private volatile String answerBody = "";

    public ServiceReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int code = status.apply(requests.incrementAndGet());
            synchronized (received) {
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(body, StandardCharsets.UTF_8), code));
            }
            if (code != 200 && retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            byte[] answer = (code == 200 ? "{\"code\":200,\"status\":1}" : answerBody).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** The base URL ({@code http://127.0.0.1:<port>}). */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers request number n (counted from now, starting at 1) with {@code status.apply(n)}. */
    public void answer(IntFunction<Integer> status, String retryAfter, String body) {
        requests.set(0);
        this.retryAfter = retryAfter;
        this.answerBody = body == null ? "" : body;
        this.status = status;
    }

    /** Answers 200 to everything. */
    public void reset() {
        answer(n -> 200, null, null);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Requests whose body mentions {@code text} (an event's session id), oldest first. */
    public List<Received> mentioning(String text) {
        return received().stream().filter(r -> r.body().contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.nexuschat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on 127.0.0.1 that records every request and answers with a status chosen per request number.
 * It verifies Standard Webhooks signatures with its own implementation of the spec (not the server's signer).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One received request and the status it was answered with. */
    public record Received(String id, String timestamp, String signature, String body, int answered) {

        /** Whether one of the space-separated signatures is valid for {@code secret}. */
        public boolean signedWith(String secret) {
            String expected = "v1," + hmac(secret, id + "." + timestamp + "." + body);
            for (String s : signature.split(" ")) {
                if (s.equals(expected)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntFunction<Integer> status;
    private volatile String retryAfter;

    private WebhookReceiver(IntFunction<Integer> status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int code = this.status.apply(requests.incrementAndGet());
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8), code));
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", retryAfter);
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver answering every request with {@code status(n)}, n = 1 for the first request. */
    public static WebhookReceiver answering(IntFunction<Integer> status) throws IOException {
        return new WebhookReceiver(status);
    }

    public WebhookReceiver retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Requests with this webhook-id that were answered 2xx. */
    public long acknowledged(String id) {
        return received().stream().filter(r -> id.equals(r.id()) && r.answered() / 100 == 2).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String hmac(String secret, String content) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.nexuschat.answer.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real bot on 127.0.0.1, as an integrator would write one: it verifies our Standard Webhooks signature with its own
 * code (not the server's signer) and refuses unsigned requests with 401, records every request, and answers according
 * to the first {@code #command} word of the message — JSON, server-sent events or NDJSON, with session directives, or
 * failing in each way the engine must survive. Without a command it answers {@code Bot heard: <text>}.
 */
public final class TestBot implements AutoCloseable {

    /** The signing secret the bot shares with the experience ({@code secretEnv}). */
    public static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "nexus-bot-test-secret-24b".substring(0, 24).getBytes(StandardCharsets.UTF_8));
    /** The extra header's value ({@code headers: {"X-Bot-Token": …}}). */
    public static final String TOKEN = "bot-token-7Qx";
    /** How long {@code #slow} and {@code #stall} keep the engine waiting: beyond the experience's {@code timeout}. */
    static final long STALL_MILLIS = 3_000;

    /** One request the bot received. */
    public record Received(String id, String timestamp, String signature, String token, JsonNode body,
            boolean verified) {

        public String text() {
            return body.path("text").asText();
        }

        public String sessionId() {
            return body.path("sessionId").asText();
        }

        public String queryId() {
            return body.path("queryId").asText();
        }

        public boolean carried() {
            return body.path("carried").asBoolean();
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestBot() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange);
            } catch (IOException | RuntimeException e) {
                // the engine gave up on this request (timeouts): nothing to answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bot";
    }

    /** Every request, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests for one query (a carried query is asked twice), oldest first. */
    public List<Received> forQuery(String queryId) {
        return received.stream().filter(r -> r.queryId().equals(queryId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        var h = exchange.getRequestHeaders();
        String id = h.getFirst("webhook-id");
        String timestamp = h.getFirst("webhook-timestamp");
        String signature = h.getFirst("webhook-signature");
        boolean verified = verify(id, timestamp, signature, raw);
        JsonNode body = mapper.readTree(raw);
        Received request = new Received(id, timestamp, signature, h.getFirst("X-Bot-Token"), body, verified);
        received.add(request);
        if (!verified) {
            exchange.sendResponseHeaders(401, -1);
            return;
        }
        String text = request.text();
        String command = Arrays.stream(text.split("\\s+")).filter(w -> w.startsWith("#")).findFirst().orElse("");
        switch (command) {
            case "#stop-resolved" -> json(exchange, reply("Glad I could help.").set("session",
                    mapper.createObjectNode().put("action", "stop").put("reason", "resolved")));
            case "#stop" -> json(exchange, reply("Goodbye.").set("session",
                    mapper.createObjectNode().put("action", "stop")));
            case "#new" -> json(exchange, reply("Starting fresh after this.").set("session",
                    mapper.createObjectNode().put("action", "new").put("carry", false)));
            case "#new-carry" -> {
                if (request.carried()) {
                    json(exchange, reply("Answered in the new session " + request.sessionId() + " (history "
                            + body.path("history").size() + ")"));
                } else {
                    ObjectNode session = mapper.createObjectNode().put("action", "new").put("carry", true);
                    session.putObject("metadata").put("topic", "fresh");
                    json(exchange, reply("").set("session", session));
                }
            }
            case "#new-carry-again" -> {
                // Asks for a new session every time, even for the message it already carried.
                ObjectNode session = mapper.createObjectNode().put("action", "new").put("carry", true);
                json(exchange, reply(request.carried() ? "Still here." : "").set("session", session));
            }
            case "#sse-new-carry" -> {
                if (request.carried()) {
                    sse(exchange, "event: chunk\ndata: {\"chunk\":\"Fresh \"}\n\n",
                            "event: chunk\ndata: {\"chunk\":\"start.\"}\n\n", "event: complete\ndata: {}\n\n");
                } else {
                    sse(exchange, "event: chunk\ndata: {\"chunk\":\"Let me \"}\n\n",
                            "event: complete\ndata: {\"session\":{\"action\":\"new\",\"carry\":true}}\n\n");
                }
            }
            case "#meta" -> {
                ObjectNode metadata = mapper.createObjectNode().put("plan", "pro").putNull("drop");
                json(exchange, reply("Noted.").set("session", mapper.createObjectNode().set("metadata", metadata)));
            }
            case "#sse" -> sse(exchange, ": a comment the engine ignores\n\n",
                    "event: chunk\ndata: {\"chunk\":\"Streamed \"}\n\n",
                    "event: chunk\r\ndata: {\"chunk\":\"**answer**\"}\r\n\r\n",
                    "event: progress\ndata: {\"percent\":50}\n\n",
                    "event: chunk\ndata: {\"chunk\":\" for you.\"}\n\n",
                    "event: complete\ndata: {\"actions\":[{\"id\":\"human\",\"label\":\"Talk to a person\","
                            + "\"action\":{\"type\":\"trigger_handover\",\"payload\":{\"reason\":\"bot\"}}}]}\n\n");
            case "#sse-stop" -> sse(exchange, "event: chunk\ndata: {\"chunk\":\"All \"}\n\n",
                    "event: chunk\ndata: {\"chunk\":\"done.\"}\n\n",
                    "event: complete\ndata: {\"session\":{\"action\":\"stop\",\"reason\":\"ended\"}}\n\n");
            case "#ndjson" -> send(exchange, "application/x-ndjson", "{\"chunk\":\"Line \"}\n",
                    "{\"chunk\":\"by line.\"}\n", "\n", "{\"session\":{\"metadata\":{\"via\":\"ndjson\"}}}\n");
            case "#slow" -> {
                Thread.sleep(STALL_MILLIS);
                json(exchange, reply("Too late."));
            }
            case "#stall" -> {
                OutputStream out = start(exchange, "text/event-stream");
                write(out, "event: chunk\ndata: {\"chunk\":\"Thinking\"}\n\n");
                Thread.sleep(STALL_MILLIS);
                write(out, "event: complete\ndata: {}\n\n");
            }
            case "#500" -> {
                byte[] boom = "boom: the bot crashed".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, boom.length);
                exchange.getResponseBody().write(boom);
            }
            case "#malformed" -> send(exchange, "application/json", "{\"answer\": \"unterminated");
            case "#no-answer" -> send(exchange, "application/json", "{\"text\": \"the wrong field\"}");
            case "#unknown-directive" -> json(exchange, reply("Paused.").set("session",
                    mapper.createObjectNode().put("action", "pause")));
            case "#huge" -> json(exchange, reply("x".repeat(64 * 1024)));
            case "#huge-stream" -> {
                OutputStream out = start(exchange, "text/event-stream");
                for (int i = 0; i < 200; i++) {
                    write(out, "event: chunk\ndata: {\"chunk\":\"" + "y".repeat(500) + "\"}\n\n");
                }
            }
            case "#early" -> sse(exchange, "event: chunk\ndata: {\"chunk\":\"Half an \"}\n\n");
            case "#html" -> send(exchange, "text/html", "<html>Bad gateway page</html>");
            default -> json(exchange, reply("Bot heard: " + text + " (history " + body.path("history").size()
                    + ")"));
        }
    }

    private ObjectNode reply(String answer) {
        return mapper.createObjectNode().put("answer", answer);
    }

    private void json(HttpExchange exchange, JsonNode reply) throws IOException {
        send(exchange, "application/json", mapper.writeValueAsString(reply));
    }

    private void sse(HttpExchange exchange, String... events) throws IOException {
        send(exchange, "text/event-stream", events);
    }

    private static void send(HttpExchange exchange, String contentType, String... parts) throws IOException {
        OutputStream out = start(exchange, contentType);
        for (String part : parts) {
            write(out, part);
        }
    }

    private static OutputStream start(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The Standard Webhooks check, written from the spec: a fresh timestamp and one matching v1 signature. */
    static boolean verify(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return false;
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}

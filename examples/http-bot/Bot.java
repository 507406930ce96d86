/*
 * A bot for Nexus Chat's "http" answer engine, in one file with nothing but the JDK (21 or later):
 *
 *     NEXUS_BOT_SECRET=whsec_... java Bot.java          # listens on http://localhost:8090/ (PORT to change it)
 *
 * Nexus Chat POSTs every visitor message here, signed per Standard Webhooks with the experience's secret; the bot
 * checks the signature, then answers with JSON, or streams its answer (server-sent events or NDJSON), and may end the
 * session or start a new one. Try these messages in the widget:
 *
 *     hello                  a JSON answer that says what the bot received
 *     stream                 an answer streamed as server-sent events
 *     ndjson                 an answer streamed as NDJSON
 *     my name is Ada         stores {"name": "Ada"} in the session's metadata
 *     start over             ends the session and answers this same message in a new one ({"action":"new","carry":true})
 *     new topic              answers, then starts a new session ({"action":"new"})
 *     thanks                 answers, then ends the session as resolved ({"action":"stop","reason":"resolved"})
 *
 * The protocol is in the README ("Bring your own bot"). This file is an example, not part of the server's build.
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Bot {

    /** Signatures older or newer than this are refused (replayed requests). */
    static final long TOLERANCE_SECONDS = 300;
    static final Pattern NAME = Pattern.compile("my name is (\\p{L}[\\p{L} '-]{0,40})", Pattern.CASE_INSENSITIVE);

    public static void main(String[] args) throws IOException {
        String secret = System.getenv("NEXUS_BOT_SECRET");
        if (secret == null || !secret.startsWith("whsec_")) {
            System.err.println("Set NEXUS_BOT_SECRET to the experience's whsec_... secret (the variable its secretEnv names)");
            System.exit(2);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8090"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, secret);
            } catch (Exception e) {
                System.err.println("bot: " + e);
            }
        });
        server.start();
        System.out.println("Bot listening on http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    static void handle(HttpExchange exchange, String secret) throws Exception {
        byte[] body = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getRequestHeaders();
        if (!"POST".equals(exchange.getRequestMethod()) || !verified(secret, headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body)) {
            exchange.sendResponseHeaders(401, -1); // not from our Nexus Chat server
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) Json.parse(new String(body, StandardCharsets.UTF_8));
        String text = (String) request.get("text");
        String said = text.toLowerCase(Locale.ROOT);
        boolean carried = Boolean.TRUE.equals(request.get("carried"));
        Matcher name = NAME.matcher(text);

        if (said.contains("start over") && !carried) {
            // Seed 003's newSession({message}): end this session, answer the same message in a new one. Our own
            // answer is dropped, so it is empty; the server calls us again with "carried": true and the new sessionId.
            json(exchange, Map.of("answer", "", "session", Map.of("action", "new", "carry", true)));
        } else if (said.contains("start over")) {
            json(exchange, Map.of("answer", "Fresh start! This is session `" + request.get("sessionId") + "`. "
                    + "What can I do for you?"));
        } else if (said.contains("new topic")) {
            json(exchange, Map.of("answer", "Sure. The next message starts a new conversation.", "session",
                    Map.of("action", "new")));
        } else if (said.contains("thanks") || said.contains("thank you")) {
            // Seed 003's stopSession(): this answer is delivered, then the session ends.
            json(exchange, Map.of("answer", "Glad I could help. Goodbye!", "session",
                    Map.of("action", "stop", "reason", "resolved")));
        } else if (name.find()) {
            String who = name.group(1).strip();
            json(exchange, Map.of("answer", "Nice to meet you, **" + who + "**. I noted your name in the session.",
                    "session", Map.of("metadata", Map.of("name", who))));
        } else if (said.contains("ndjson")) {
            stream(exchange, "application/x-ndjson", List.of(
                    Json.write(Map.of("chunk", "This answer ")) + "\n",
                    Json.write(Map.of("chunk", "arrives line ")) + "\n",
                    Json.write(Map.of("chunk", "by line.")) + "\n",
                    Json.write(Map.of("actions", List.of(button()))) + "\n"));
        } else if (said.contains("stream")) {
            List<String> events = new ArrayList<>();
            for (String piece : List.of("This answer ", "is streamed ", "as **server-sent events**, ", "piece by piece.")) {
                events.add("event: chunk\ndata: " + Json.write(Map.of("chunk", piece)) + "\n\n");
            }
            events.add("event: complete\ndata: " + Json.write(Map.of("actions", List.of(button()))) + "\n\n");
            stream(exchange, "text/event-stream", events);
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> session = (Map<String, Object>) request.get("session");
            Object metadata = request.get("metadata");
            json(exchange, Map.of("answer", "You said: *" + text + "*\n\nThis session has "
                    + Json.write(session.get("messageCount")) + " messages; its metadata: `" + Json.write(metadata)
                    + "`. "
                    + "Try *stream*, *ndjson*, *my name is Ada*, *start over*, *new topic* or *thanks*."));
        }
    }

    /** A button offered with an answer (the same shape as the widget's welcome actions). */
    static Map<String, Object> button() {
        return Map.of("id", "docs", "label", "Open the docs", "action",
                Map.of("type", "open_url", "payload", Map.of("url", "https://www.standardwebhooks.com/")));
    }

    /** Standard Webhooks: HMAC-SHA256 of "id.timestamp.body", keyed with the base64 part of the whsec_ secret. */
    static boolean verified(String secret, String id, String timestamp, String signatures, byte[] body)
            throws Exception {
        if (id == null || timestamp == null || signatures == null
                || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    static void json(HttpExchange exchange, Map<String, Object> reply) throws IOException {
        byte[] bytes = Json.write(reply).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void stream(HttpExchange exchange, String contentType, List<String> parts) throws Exception {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String part : parts) {
            out.write(part.getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(150); // a model thinking between tokens
        }
    }

    /** Just enough JSON for this example (use your framework's JSON library in a real bot). */
    static final class Json {

        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.i != text.length()) {
                throw new IllegalArgumentException("trailing content at " + json.i);
            }
            return value;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != '}') {
                    throw new IllegalArgumentException("expected } at " + (i - 1));
                }
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != ']') {
                    throw new IllegalArgumentException("expected ] at " + (i - 1));
                }
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            return Double.valueOf(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (char c; (c = s.charAt(i++)) != '"';) {
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e); // \" \\ \/
                }
            }
            return out.toString();
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (i - 1));
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        static String write(Object value) {
            if (value == null || value instanceof Boolean) {
                return String.valueOf(value);
            }
            if (value instanceof Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : n.toString();
            }
            if (value instanceof Map<?, ?> map) {
                List<String> fields = new ArrayList<>();
                map.forEach((k, v) -> fields.add(write(String.valueOf(k)) + ":" + write(v)));
                return "{" + String.join(",", fields) + "}";
            }
            if (value instanceof List<?> list) {
                return "[" + String.join(",", list.stream().map(Json::write).toList()) + "]";
            }
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toString().toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return out.append('"').toString();
        }
    }
}

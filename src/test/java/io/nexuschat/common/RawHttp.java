package io.nexuschat.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no client library sends on purpose: chunked bodies over the limit, huge
 * request lines and headers. The body is written from another thread while the answer is read, because the server may
 * answer (and close) before the whole body is sent.
 */
public final class RawHttp {

    /** A parsed answer: status, headers (names in lower case) and body. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; closes after. */
    public static Answer exchange(URL server, String head, byte[] body) throws IOException, InterruptedException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected when the server refuses the body early
                }
            });
            Answer answer = parse(readAll(socket.getInputStream()));
            writer.join(10_000);
            return answer;
        }
    }

    /** A chunked body of {@code prefix} then {@code size} times 'x', in chunks of 8 KB. */
    public static byte[] chunked(String prefix, int size, String suffix) {
        StringBuilder sb = new StringBuilder();
        appendChunk(sb, prefix);
        for (int sent = 0; sent < size; sent += 8192) {
            appendChunk(sb, "x".repeat(Math.min(8192, size - sent)));
        }
        appendChunk(sb, suffix);
        sb.append("0\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendChunk(StringBuilder sb, String chunk) {
        if (!chunk.isEmpty()) {
            sb.append(Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length)).append("\r\n").append(chunk)
                    .append("\r\n");
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                all.write(buffer, 0, n);
            }
        } catch (IOException resetAfterAnswer) {
            if (all.size() == 0) {
                throw resetAfterAnswer;
            }
        }
        return all.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        // ISO-8859-1 maps each byte to one char, so chunk sizes (which count bytes) index the text; the body is
        // decoded as UTF-8 once it is whole.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("Not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        body = new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    /** The payload of a chunked body, its text holding one char per byte. */
    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}

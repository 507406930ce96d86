package io.nexuschat.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Hostile requests generated from the live OpenAPI document, so a new endpoint is fuzzed the day it is added: for
 * every operation, each path and query parameter gets each hostile value (raw and percent-encoded), each operation
 * with a body gets malformed bodies and unparseable media types, with and without the full-access API key. Whatever
 * is sent, the server never answers 5xx, every 4xx is problem+json, and no body carries a stack trace.
 */
@QuarkusTest
class OpenApiFuzzTest {

    /** Values a parameter gets percent-encoded (they reach the resource) and raw (they may break the URI). */
    private static final List<String> HOSTILE = List.of("", " ", "-1", "0", "99999999999999999999", "1e999", "null",
            "true", "{}", "[]", "../../etc/passwd", "<script>alert(1)</script>", "' OR '1'='1",
            "\u202e\u00e9\ud83d\ude00",
            "a".repeat(300), "00000000-0000-0000-0000-000000000000", "\u0000", "%", "%zz");
    /** Raw in the URI: bad percent-escapes and characters a URI may not contain. */
    // Not here: a raw space or a control character, which Netty refuses with an empty 400 before any application code
    // runs (Quarkus offers no hook there).
    private static final List<String> RAW = List.of("%zz", "%", "%0", "{}", "|", "^", "\"", "<>", "%00", "\\");
    private static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "42", "\"text\"", "{\"a\":",
            "{\"experienceId\":123,\"text\":[]}",
            "{\"experienceId\":\"scripted\",\"sessionId\":\"%zz\",\"text\":\"hi\"}",
            "{\"metadata\":{\"n\":1e999}}", "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":1,\"a\":2}",
            "{\"experienceId\":\"scripted\",\"text\":\"" + "x".repeat(5_000) + "\"}", "\ufeff{}",
            "{\"id\":\"\u0000\"}",
            // An escaped NUL: valid JSON, but text PostgreSQL cannot store (caught as a 500 there once).
            "{\"experienceId\":\"scripted\",\"text\":\"a\\u0000b\",\"name\":\"\\u0000\",\"reason\":\"\\u0000\"}");
    private static final List<String> MEDIA_TYPES = List.of("application/", "application", "/", "a/b/c", "text/",
            "application/json; charset=\"", "application/json;;", "*/*", "text/plain", "application/xml",
            "\u00e9/\u00e9");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String KEY = "Authorization: Bearer test-api-key\r\n";

    @TestHTTPResource("/")
    URL server;

    private final List<String> findings = new ArrayList<>();
    private int sent;

    @Test
    void hostileRequestsToEveryOperationGetAProblemAndNever5xx() throws Exception {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept(ContentType.JSON)
                .get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath().getMap("paths");
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                operations++;
                fuzz(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), operation.getValue());
            }
        }
        assertThat(operations).isGreaterThan(20);
        assertThat(sent).isGreaterThan(2_000);
        assertThat(findings).as("answers that broke the rules, of " + sent + " requests").isEmpty();
    }

    @Test
    void transportLevelAbuseGetsAProblem() throws Exception {
        String json = "Host: localhost\r\nContent-Type: application/json\r\n";
        check("bad chunk size", RawHttp.exchange(server,
                "POST /api/v2/sessions HTTP/1.1\r\n" + json + "Transfer-Encoding: chunked\r\n",
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        check("bad chunk size on the query", RawHttp.exchange(server,
                "POST /api/v2/query HTTP/1.1\r\n" + json + "Transfer-Encoding: chunked\r\n",
                "-5\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        for (String type : MEDIA_TYPES) {
            byte[] body = "{\"experienceId\":\"scripted\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer answer = RawHttp.exchange(server, "POST /api/v2/query HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n", body);
            check("query as " + type, answer);
            if (!type.equals("*/*") && !type.startsWith("application/json")) {
                assertThat(answer.status()).as(type).isEqualTo(415);
            }
        }
        assertThat(findings).isEmpty();
    }

    private void fuzz(String method, String template, Map<String, Object> operation) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters",
                List.of());
        boolean streams = String.valueOf(operation.get("responses")).contains("text/event-stream");
        boolean body = operation.containsKey("requestBody");
        for (String key : streams ? List.of("") : List.of("", KEY)) {
            for (Map<String, Object> parameter : parameters) {
                String name = String.valueOf(parameter.get("name"));
                String in = String.valueOf(parameter.get("in"));
                for (String value : HOSTILE) {
                    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                    if (in.equals("path")) {
                        send(method, uri(template, name, encoded, null), key, body ? "{}" : null, null);
                    } else if (in.equals("query")) {
                        send(method, uri(template, null, null, name + "=" + encoded), key, body ? "{}" : null, null);
                    }
                }
                for (String raw : RAW) {
                    if (in.equals("path")) {
                        send(method, uri(template, name, raw, null), key, null, null);
                    } else if (in.equals("query")) {
                        send(method, uri(template, null, null, name + "=" + raw), key, null, null);
                    }
                }
            }
            send(method, uri(template, null, null, "a=%zz&{}|^"), key, null, null);
            if (body) {
                for (String hostile : BODIES) {
                    send(method, uri(template, null, null, null), key, hostile, "application/json");
                }
                for (String type : MEDIA_TYPES) {
                    send(method, uri(template, null, null, null), key, "{}", type);
                }
            }
            send(method, uri(template, null, null, null), "Authorization: Bearer \u00e9\r\nX-Nexus-User-Id: "
                    + "u".repeat(500) + "\r\n", body ? "{}" : null, body ? "application/json" : null);
        }
    }

    /** The template with {@code name} set to {@code value}, every other path parameter a fresh UUID. */
    private static String uri(String template, String name, String value, String query) {
        String uri = template;
        if (name != null) {
            uri = uri.replace("{" + name + "}", value);
        }
        uri = uri.replaceAll("\\{[^}/]+\\}", UUID.randomUUID().toString());
        return query == null ? uri : uri + "?" + query;
    }

    private void send(String method, String uri, String headers, String body, String contentType) throws Exception {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(uri)
                .append(" HTTP/1.1\r\nHost: localhost\r\n")
                .append(headers).append("Accept: application/json\r\n");
        if (bytes != null) {
            head.append("Content-Type: ").append(contentType == null ? "application/json" : contentType)
                    .append("\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        // Header values travel as ISO-8859-1 bytes; the request line carries UTF-8 bytes as the test wrote them.
        String line = new String(head.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        String what = method + " " + uri + (contentType == null ? "" : " as " + contentType)
                + (body == null ? "" : " with " + (body.length() > 40 ? body.substring(0, 40) + "…" : body));
        try {
            check(what, RawHttp.exchange(server, line, bytes));
        } catch (java.net.SocketTimeoutException e) {
            sent++;
            findings.add(what + ": no answer within 10 s");
        }
    }

    private void check(String what, RawHttp.Answer answer) {
        sent++;
        String problem = null;
        if (answer.status() >= 500) {
            problem = "answered " + answer.status();
        } else if (answer.status() >= 400 && !answer.contentType().startsWith(Problem.MEDIA_TYPE)) {
            problem = "answered " + answer.status() + " as '" + answer.contentType() + "'";
        } else if (answer.body().contains("\tat ") || answer.body().matches("(?s).*\\bat [a-z]+\\.[a-z]+\\..*\\(.*")
                || answer.body().contains("Exception")) {
            problem = "answered with what looks like a stack trace";
        }
        if (problem != null) {
            findings.add(what + ": " + problem + ": "
                    + (answer.body().length() > 200 ? answer.body().substring(0, 200) : answer.body()));
        }
    }
}

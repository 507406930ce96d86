package io.nexuschat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Errors raised before a request reaches a resource have the same problem+json shape as every other error. */
@QuarkusTest
class ErrorShapeTest {

    private static final String JSON_POST = "Host: localhost\r\nContent-Type: application/json\r\n";

    @TestHTTPResource("/")
    URL server;

    private static JsonPath problem(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(Problem.MEDIA_TYPE);
        JsonPath json = JsonPath.from(answer.body());
        assertThat(json.getInt("status")).isEqualTo(status);
        assertThat(json.getString("type")).startsWith("urn:nexus-chat:problem:");
        assertThat(json.getString("detail")).isNotBlank();
        return json;
    }

    @Test
    void chunkedBodyOverTheLimitIsA413Problem() throws Exception {
        byte[] body = RawHttp.chunked("{\"experienceId\":\"scripted\",\"name\":\"", 400_000, "\"}");
        for (String path : new String[]{"/api/v2/sessions", "/api/v2/query"}) {
            RawHttp.Answer answer = RawHttp.exchange(server,
                    "POST " + path + " HTTP/1.1\r\n" + JSON_POST + "Transfer-Encoding: chunked\r\n", body);
            JsonPath json = problem(answer, 413);
            assertThat(json.getString("type")).isEqualTo("urn:nexus-chat:problem:payload-too-large");
            assertThat(json.getString("instance")).isEqualTo(path);
        }
    }

    @Test
    void chunkedBodyWithinTheLimitReachesTheResource() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] body = RawHttp.chunked("{\"id\":\"" + id + "\",\"experienceId\":\"scripted\",\"metadata\":{\"note\":\"",
                12_000, "\"}}");
        RawHttp.Answer answer = RawHttp.exchange(server,
                "POST /api/v2/sessions HTTP/1.1\r\n" + JSON_POST + "Transfer-Encoding: chunked\r\n", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(JsonPath.from(answer.body()).getString("id")).isEqualTo(id);
        assertThat(JsonPath.from(answer.body()).getString("metadata.note")).hasSize(12_000);
    }

    @Test
    void declaredBodyOverTheLimitIsA413Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server,
                "POST /api/v2/sessions HTTP/1.1\r\n" + JSON_POST + "Content-Length: 400000\r\n", new byte[400_000]);
        problem(answer, 413);
    }

    @Test
    void overLongUriIsA414Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server,
                "GET /api/v2/sessions/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n", null);
        JsonPath json = problem(answer, 414);
        assertThat(json.getString("type")).isEqualTo("urn:nexus-chat:problem:uri-too-long");
        assertThat(json.getString("detail")).contains("4096");
    }

    @Test
    void overLargeHeadersAreA431Problem() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(server,
                "GET /api/v2/sessions/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
                        + "p".repeat(30_000) + "\r\n",
                null);
        JsonPath json = problem(answer, 431);
        assertThat(json.getString("type")).isEqualTo("urn:nexus-chat:problem:header-fields-too-large");
    }

    @Test
    void unsupportedMethodIsA405Problem() throws Exception {
        problem(RawHttp.exchange(server, "PUT /api/v2/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n",
                null), 405);
        problem(RawHttp.exchange(server, "TRACE /api/v2/query HTTP/1.1\r\nHost: localhost\r\n", null), 405);
        problem(RawHttp.exchange(server, "BREW /api/v2/query HTTP/1.1\r\nHost: localhost\r\n", null), 405);
    }
}

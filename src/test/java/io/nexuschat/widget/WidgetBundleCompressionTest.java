package io.nexuschat.widget;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The widget and the snippet go out in the encoding the build compressed at its best level (brotli, else gzip), chosen
 * by {@code Accept-Encoding}, each encoding with its own ETag. A plain JDK client, which decodes nothing by itself, so
 * the bytes on the wire are what is checked.
 */
@QuarkusTest
class WidgetBundleCompressionTest {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Upgrades to HTTP/2 (h2c) where the server offers it. */
    static final HttpClient HTTP2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

    static HttpResponse<byte[]> get(String path, String acceptEncoding, String ifNoneMatch) throws Exception {
        return get(CLIENT, path, acceptEncoding, ifNoneMatch);
    }

    static HttpResponse<byte[]> get(HttpClient client, String path, String acceptEncoding, String ifNoneMatch)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create(ConfigProvider.getConfig().getValue("test.url", String.class) + path));
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] unbrotli(byte[] body) throws IOException {
        Brotli4jLoader.ensureAvailability();
        var decoded = Decoder.decompress(body);
        assertThat(decoded.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
        return decoded.getDecompressedData();
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    static JsonNode buildSizes() throws IOException {
        try (InputStream in = WidgetBundleCompressionTest.class.getClassLoader()
                .getResourceAsStream("widget/bundle-sizes.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void browsersAcceptingBrotliGetTheBuildsBrotliFile() throws Exception {
        byte[] plain = get("/nexus-chat-widget.js", null, null).body();
        HttpResponse<byte[]> r = get("/nexus-chat-widget.js", "gzip, deflate, br, zstd", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Encoding"));
        assertThat(r.headers().firstValue("ETag"))
                .hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{16}-br\""));
        assertThat(unbrotli(r.body())).isEqualTo(plain);
        // Compressed by the build at quality 11, not on the fly at a low level: exactly the size the build reported.
        assertThat(r.body().length).isEqualTo(buildSizes().at("/nexus-chat-widget.js/brotli").asInt());
        assertThat(r.body().length).isLessThan(plain.length / 3);
    }

    @Test
    void gzipIsTheFallbackAndNoEncodingServesTheFileAsItIs() throws Exception {
        HttpResponse<byte[]> plain = get("/nexus-chat-widget.js", null, null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("ETag"))
                .hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{16}\""));
        assertThat(new String(plain.body())).contains("NexusChatWidget");

        HttpResponse<byte[]> gz = get("/nexus-chat-widget.js", "gzip, deflate", null);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("ETag")).hasValue(plain.headers().firstValue("ETag").orElseThrow()
                .replaceFirst("\"$", "-gz\""));
        assertThat(gunzip(gz.body())).isEqualTo(plain.body());
        assertThat(gz.body().length).isEqualTo(buildSizes().at("/nexus-chat-widget.js/gzip").asInt());

        // q=0 refuses a coding.
        assertThat(get("/nexus-chat-widget.js", "br;q=0, gzip", null).headers().firstValue("Content-Encoding"))
                .hasValue("gzip");
        assertThat(get("/nexus-chat-widget.js", "br;q=0.5, gzip;q=0.9", null).headers()
                .firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(get("/nexus-chat-widget.js", "*;q=0", null).headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void overHttp2TheServerCompressesThePlainFileOnceOnTheFly() throws Exception {
        byte[] plain = get("/nexus-chat-widget.js", null, null).body();
        // The first request upgrades the connection; the second travels over HTTP/2.
        get(HTTP2, "/nexus-chat-widget.js", "br", null);
        HttpResponse<byte[]> r = get(HTTP2, "/nexus-chat-widget.js", "br", null);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.headers().firstValue("content-encoding")).hasValue("br");
        // Decoded once, it is the bundle: never a compressed file compressed again.
        assertThat(unbrotli(r.body())).isEqualTo(plain);
        assertThat(r.headers().firstValue("etag")).hasValue(get("/nexus-chat-widget.js", null, null).headers()
                .firstValue("ETag").orElseThrow());
    }

    @Test
    void eachEncodingRevalidatesWithItsOwnEtag() throws Exception {
        String br = get("/nexus-chat-widget.js", "br", null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> same = get("/nexus-chat-widget.js", "br", br);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.headers().firstValue("ETag")).hasValue(br);
        // A cached brotli copy does not answer for a client that now accepts only gzip.
        HttpResponse<byte[]> other = get("/nexus-chat-widget.js", "gzip", br);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void theHashedCopyAndTheSnippetArePrecompressedToo() throws Exception {
        byte[] plain = get("/nexus-chat-widget.js", null, null).body();
        String link = get("/nexus-chat-widget.js", null, null).headers().firstValue("Link").orElseThrow();
        String hashed = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        HttpResponse<byte[]> h = get(hashed, "br", null);
        assertThat(h.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(h.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(unbrotli(h.body())).isEqualTo(plain);

        byte[] snippet = get("/nexus-chat-snippet.js", null, null).body();
        HttpResponse<byte[]> s = get("/nexus-chat-snippet.js", "br, gzip", null);
        assertThat(s.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(unbrotli(s.body())).isEqualTo(snippet);
        assertThat(s.body().length).isEqualTo(buildSizes().at("/nexus-chat-snippet.js/brotli").asInt());
        assertThat(gunzip(get("/nexus-chat-snippet.js", "gzip", null).body())).isEqualTo(snippet);
    }

    @Test
    void lazilyLoadedChunksArePrecompressedImmutableReadableCrossOriginAndNamedByTheWidget() throws Exception {
        String widget = new String(get("/nexus-chat-widget.js", null, null).body(), StandardCharsets.UTF_8);
        List<String> chunks;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("widget/chunks.txt")) {
            chunks = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList();
        }
        assertThat(chunks).anyMatch(n -> n.matches("nexus-chat-widget-voice\\.[0-9a-f]{16}\\.js"));
        for (String name : chunks) {
            // The widget asks for exactly this file: its name carries the chunk's content hash.
            assertThat(widget).contains("\"" + name + "\"");
            HttpResponse<byte[]> plain = get("/widget/" + name, null, null);
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(plain.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            // Imported as a module, which browsers fetch with CORS from the host page's origin.
            assertThat(plain.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).contains("export{");

            HttpResponse<byte[]> br = get("/widget/" + name, "gzip, br", null);
            assertThat(br.headers().firstValue("Content-Encoding")).hasValue("br");
            assertThat(unbrotli(br.body())).isEqualTo(plain.body());
            String key = "/" + name + " (lazily loaded, not in the widget)";
            assertThat(br.body().length).isEqualTo(buildSizes().at(key + "/brotli").asInt());
            HttpResponse<byte[]> gz = get("/widget/" + name, "gzip", null);
            assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(gunzip(gz.body())).isEqualTo(plain.body());
            assertThat(gz.body().length).isEqualTo(buildSizes().at(key + "/gzip").asInt());
        }
        assertThat(get("/widget/nexus-chat-widget-voice.0000000000000000.js", "br", null).statusCode())
                .isEqualTo(404);
    }
}

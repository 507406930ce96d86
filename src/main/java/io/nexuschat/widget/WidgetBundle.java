package io.nexuschat.widget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * The built widget files ({@code classpath:widget/}, written by the build from {@code web/}), read once at startup,
 * with the content hash that names the immutable copy and makes the ETag; the widget and the snippet also in the
 * brotli and gzip encodings the build wrote beside them.
 */
@Startup
@ApplicationScoped
public class WidgetBundle {

    private final byte[] widget;
    private final byte[] snippet;
    private final byte[] declarations;
    private final String hash;
    private final String declarationsEtag;
    private final Map<ContentCoding, byte[]> widgetEncoded;
    private final Map<ContentCoding, byte[]> snippetEncoded;

    public WidgetBundle() {
        this.widget = read("widget/nexus-chat-widget.js");
        this.snippet = read("widget/nexus-chat-snippet.js");
        this.widgetEncoded = encodings("widget/nexus-chat-widget.js", widget);
        this.snippetEncoded = encodings("widget/nexus-chat-snippet.js", snippet);
        this.declarations = read("widget/nexus-chat-widget.d.ts");
        this.hash = sha256(widget).substring(0, 16);
        this.declarationsEtag = '"' + sha256(declarations).substring(0, 16) + '"';
    }

    /** The minified widget (JS with its CSS). */
    public byte[] widget() {
        return widget;
    }

    /** The widget in a content coding (the build's precompressed file). */
    public byte[] widget(ContentCoding coding) {
        return widgetEncoded.get(coding);
    }

    /** The snippet in a content coding (the build's precompressed file). */
    public byte[] snippet(ContentCoding coding) {
        return snippetEncoded.get(coding);
    }

    /** Strong ETag of the widget in a content coding: each encoding is its own representation. */
    public String etag(ContentCoding coding) {
        return '"' + hash + coding.suffix.replace('.', '-') + '"';
    }

    /** The minified queueing snippet. */
    public byte[] snippet() {
        return snippet;
    }

    /** The integrators' TypeScript declarations ({@code nexus-chat-widget.d.ts}, generated from {@code types.ts}). */
    public byte[] declarations() {
        return declarations;
    }

    /** Strong ETag of the declarations. */
    public String declarationsEtag() {
        return declarationsEtag;
    }

    /** First 16 hex digits of the SHA-256 of the widget: names the immutable copy, quoted it is the ETag. */
    public String hash() {
        return hash;
    }

    /** Strong ETag of the widget. */
    public String etag() {
        return '"' + hash + '"';
    }

    /** Path of the content-hashed, immutable copy. */
    public String hashedPath() {
        return "/widget/nexus-chat-widget." + hash + ".js";
    }

    private static Map<ContentCoding, byte[]> encodings(String resource, byte[] identity) {
        Map<ContentCoding, byte[]> m = new EnumMap<>(ContentCoding.class);
        for (ContentCoding c : ContentCoding.values()) {
            m.put(c, c == ContentCoding.IDENTITY ? identity : read(resource + c.suffix));
        }
        return m;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath: the build bundles it from"
                        + " web/ (mvn generate-resources)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

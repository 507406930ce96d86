package io.nexuschat.widget;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;

/**
 * The parts of the widget it loads only when they are used ({@code web/src/chunks/}: voice, interceptor, notices,
 * feedback), as the build wrote them beside the bundle: each named by its content hash
 * ({@code nexus-chat-widget-voice.<hash>.js}, the name the bundle asks for), in plain, brotli and gzip encodings. Read
 * once at startup from the build's list {@code widget/chunks.txt}.
 */
@Startup
@ApplicationScoped
public class WidgetChunks {

    private final Map<String, Map<ContentCoding, byte[]>> files = new LinkedHashMap<>();

    public WidgetChunks() {
        byte[] list = read("widget/chunks.txt");
        if (list == null) {
            throw new IllegalStateException("widget/chunks.txt is missing from the classpath: the build bundles it"
                    + " from web/ (mvn generate-resources)");
        }
        for (String name : new String(list, StandardCharsets.UTF_8).strip().split("\n")) {
            if (name.isBlank()) {
                continue;
            }
            Map<ContentCoding, byte[]> encoded = new EnumMap<>(ContentCoding.class);
            for (ContentCoding c : ContentCoding.values()) {
                byte[] content = read("widget/" + name + c.suffix);
                if (content == null) {
                    throw new IllegalStateException("widget/" + name + c.suffix + " is listed but missing");
                }
                encoded.put(c, content);
            }
            files.put(name, encoded);
        }
    }

    /** The file names of the chunks ({@code nexus-chat-widget-<name>.<hash>.js}). */
    public Set<String> names() {
        return Collections.unmodifiableSet(files.keySet());
    }

    /** A chunk in a content coding, if one has this file name. */
    public Optional<byte[]> chunk(String fileName, ContentCoding coding) {
        return Optional.ofNullable(files.get(fileName)).map(f -> f.get(coding));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.nexuschat.widget;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The content codings the widget files are stored in, compressed once by the build at the best level, and the choice
 * among them for a request's {@code Accept-Encoding} (RFC 9110 §12.5.3): brotli first, then gzip, else the file as it
 * is.
 */
public enum ContentCoding {

    BROTLI("br", ".br"), GZIP("gzip", ".gz"), IDENTITY(null, "");

    /** The {@code Content-Encoding} value; null for none. */
    final String token;
    /** Suffix of the build's file ({@code nexus-chat-widget.js.br}), also what tells the ETags apart. */
    final String suffix;

    ContentCoding(String token, String suffix) {
        this.token = token;
        this.suffix = suffix;
    }

    /** The best coding the client accepts: a coding with {@code q=0} (also through {@code *;q=0}) is never chosen. */
    static ContentCoding negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return IDENTITY;
        }
        Map<String, Double> q = new HashMap<>();
        for (String part : acceptEncoding.split(",")) {
            String[] params = part.split(";");
            String name = params[0].strip().toLowerCase(Locale.ROOT);
            double weight = 1;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        weight = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            q.put(name, weight);
        }
        double any = q.getOrDefault("*", 0.0);
        double br = q.getOrDefault("br", any);
        double gzip = q.getOrDefault("gzip", q.getOrDefault("x-gzip", any));
        if (br > 0 && br >= gzip) {
            return BROTLI;
        }
        return gzip > 0 ? GZIP : IDENTITY;
    }
}

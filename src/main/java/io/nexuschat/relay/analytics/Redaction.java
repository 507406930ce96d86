package io.nexuschat.relay.analytics;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Keeps secrets that travel in requests (GA4's api_secret in the query, Basic auth) out of logs and errors. */
final class Redaction {

    private static final Pattern SECRET_QUERY = Pattern.compile("(?i)(api_secret=)[^&#]*");

    private Redaction() {
    }

    static String redactUri(URI uri) {
        return SECRET_QUERY.matcher(uri.toString()).replaceAll("$1***");
    }

    static Map<String, String> redactHeaders(Map<String, String> headers) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> out.put(k, k.equalsIgnoreCase("Authorization") ? "***" : v));
        return out;
    }

    /** Replaces every secret the request carries (raw or in its URI/Basic-auth encodings) in a message. */
    static String redactText(String text, OutgoingRequest request) {
        if (text == null) {
            return null;
        }
        String out = SECRET_QUERY.matcher(text).replaceAll("$1***");
        for (String secret : secretsOf(request)) {
            if (secret.length() >= 4) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }

    private static List<String> secretsOf(OutgoingRequest request) {
        List<String> secrets = new ArrayList<>();
        String query = request.uri().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.regionMatches(true, 0, "api_secret=", 0, 11)) {
                    String raw = pair.substring(11);
                    secrets.add(raw);
                    secrets.add(URLDecoder.decode(raw, StandardCharsets.UTF_8));
                }
            }
        }
        request.headers().forEach((k, v) -> {
            if (k.equalsIgnoreCase("Authorization")) {
                secrets.add(v);
                int space = v.indexOf(' ');
                if (space > 0 && v.substring(0, space).equalsIgnoreCase("Basic")) {
                    String encoded = v.substring(space + 1).trim();
                    secrets.add(encoded);
                    try {
                        String decoded = new String(Base64.getDecoder().decode(encoded),
                                StandardCharsets.UTF_8);
                        secrets.add(decoded);
                        int colon = decoded.indexOf(':');
                        if (colon > 0) {
                            secrets.add(decoded.substring(0, colon));
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // nothing more to redact
                    }
                }
            }
        });
        // Longest first, so a secret is not half-replaced by one of its own substrings.
        secrets.sort((a, b) -> b.length() - a.length());
        return secrets;
    }
}

package io.nexuschat.relay.analytics;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base-URL handling and Basic auth shared by the sinks. */
final class Endpoints {

    private Endpoints() {
    }

    static void requireHttp(URI endpoint, String key) {
        if (endpoint == null) {
            return;
        }
        String scheme = endpoint.getScheme();
        if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || endpoint.getHost() == null
                || endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + " must be an http(s) base URL without query or credentials");
        }
    }

    /** {@code base} (any path kept, trailing slash ignored) + {@code pathAndQuery}. */
    static URI resolve(URI base, String pathAndQuery) {
        String b = base.toString();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + pathAndQuery);
    }

    /** {@code Basic base64(username:)}: the services' key-as-username scheme with an empty password. */
    static String basicAuth(String username) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":").getBytes(StandardCharsets.UTF_8));
    }
}

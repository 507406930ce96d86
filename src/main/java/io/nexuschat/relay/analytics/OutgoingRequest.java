package io.nexuschat.relay.analytics;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP POST to an analytics service, ready to send. Its URI (GA4's {@code api_secret}) and headers (Basic auth)
 * carry secrets, so {@link #toString()} shows only redacted forms; log {@link #redactedUri()}, never {@link #uri()}.
 *
 * @param uri target, including the query string
 * @param headers request headers (Content-Type, Authorization)
 * @param body JSON body
 * @param eventIds ids of the {@link AnalyticsEvent}s this request carries, in body order
 */
public record OutgoingRequest(URI uri, Map<String, String> headers, byte[] body, List<String> eventIds) {

    /** Copies the collections so a request cannot change after it was built. */
    public OutgoingRequest {
        headers = Map.copyOf(headers);
        eventIds = List.copyOf(eventIds);
    }

    /** The URI with secret query values ({@code api_secret}) replaced by {@code ***}. */
    public String redactedUri() {
        return Redaction.redactUri(uri);
    }

    /** The body as UTF-8 text (for tests and debugging). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "OutgoingRequest[uri=" + redactedUri() + ", headers=" + Redaction.redactHeaders(headers) + ", bytes="
                + body.length + ", events=" + eventIds.size() + "]";
    }
}

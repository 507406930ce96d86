package io.nexuschat.relay.analytics;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mixpanel import sink: {@code POST {endpoint}/import?strict=1}, Basic auth with the project token as username,
 * body a JSON array of {@code {event, properties: {time, distinct_id, $insert_id, …}}}.
 * <p>
 * Event names are {@link SegmentSink}'s ({@code Chat Session Started}, {@code Chat Message Completed},
 * {@code Chat Feedback}, …; see {@link TrackedEvent}); properties are snake_case as in the seed ({@code session_id},
 * {@code response_time}, {@code query_id}, {@code message_id}, {@code has_comment}), plus {@code timestamp} (ISO
 * 8601, as the seed's {@code Chat Session Started} example).
 * <p>
 * Identity: {@code distinct_id} = user id when bound, else the chat session id; {@code $device_id} = session id and
 * {@code $user_id} = user id, so Mixpanel's simplified identity merge links a visitor's sessions to their user.
 * {@code time} in milliseconds, clamped to the relay's clock (Mixpanel rejects events over an hour ahead, and a
 * visitor's clock can run fast). {@code $insert_id} = {@link DedupIds#of} the event id: retries and replays are
 * deduplicated.
 * <p>
 * Limits: ≤ 2000 events and ≤ 2 MB (uncompressed, Mixpanel's documented request limit) per request, ≤ 1 MB per
 * event, strings cut to 255 characters (Mixpanel's own cap). An event still too large loses its free-form objects
 * ({@code properties_truncated: true}), then is dropped.
 */
public final class MixpanelSink implements AnalyticsSink {

    /** Mixpanel's US ingestion host. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.mixpanel.com");
    /** Events per request. */
    public static final int MAX_EVENTS_PER_REQUEST = 2000;
    /** Bytes per request body. */
    public static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    /** Bytes per event. */
    public static final int MAX_EVENT_BYTES = 1024 * 1024;
    /** Characters per string property. */
    public static final int MAX_STRING_LENGTH = 255;

    private final MixpanelConfig config;
    private final URI uri;
    private final Map<String, String> headers;

    /** A sink for one experience's Mixpanel project. */
    public MixpanelSink(MixpanelConfig config) {
        this.config = Objects.requireNonNull(config);
        this.uri = Endpoints.resolve(Objects.requireNonNullElse(config.endpoint(), DEFAULT_ENDPOINT),
                "/import?strict=1");
        this.headers = Map.of("Content-Type", "application/json", "Accept", "application/json", "Authorization",
                Endpoints.basicAuth(config.token()));
    }

    @Override
    public String service() {
        return "mixpanel";
    }

    @Override
    public AnalyticsBatch prepare(List<AnalyticsEvent> events, Instant now) {
        List<DroppedEvent> dropped = new ArrayList<>();
        TrackEncoder encoder = (tracked, event, level) -> eventJson(tracked, event, now, level == 0);
        List<RequestPacker.Item> items = encoder.items(events, 2, MAX_EVENT_BYTES,
                "no sessionId or userId for Mixpanel's distinct_id", "larger than Mixpanel's 1 MB event limit",
                dropped);
        List<OutgoingRequest> requests = new ArrayList<>();
        for (RequestPacker.Pack pack : RequestPacker.pack(items, MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES, 0)) {
            requests.add(new OutgoingRequest(uri, headers, pack.array(), pack.eventIds()));
        }
        return new AnalyticsBatch(requests, dropped);
    }

    private static byte[] eventJson(TrackedEvent tracked, AnalyticsEvent event, Instant now, boolean freeForm) {
        ObjectNode properties = JsonPayloads.NODES.objectNode();
        Instant at = event.timestamp().isAfter(now) ? now : event.timestamp();
        properties.put("time", at.toEpochMilli());
        properties.put("distinct_id", event.userId() != null ? event.userId() : event.sessionId());
        properties.put("$insert_id", DedupIds.of(event.id()));
        if (event.sessionId() != null) {
            properties.put("$device_id", event.sessionId());
        }
        if (event.userId() != null) {
            properties.put("$user_id", event.userId());
        }
        properties.setAll(JsonPayloads.properties(tracked.properties(event), TrackedEvent::snakeCase,
                MAX_STRING_LENGTH, freeForm, "properties_truncated"));
        properties.put("timestamp", event.timestamp().toString());
        ObjectNode node = JsonPayloads.NODES.objectNode();
        node.put("event", tracked.trackName());
        node.set("properties", properties);
        return JsonPayloads.bytes(node);
    }

    @Override
    public String toString() {
        return "MixpanelSink[" + config + "]";
    }
}

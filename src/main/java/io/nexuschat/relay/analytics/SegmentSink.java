package io.nexuschat.relay.analytics;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Segment HTTP Tracking API sink: {@code POST {endpoint}/v1/batch}, Basic auth with the write key as username,
 * body {@code {batch: [{type: "track", event, properties, anonymousId, userId?, messageId, timestamp, context}]}}.
 * <p>
 * Event names (shared with Mixpanel, see {@link TrackedEvent}): {@code Chat Opened}, {@code Chat Closed},
 * {@code Chat Minimized}, {@code Chat Maximized}, {@code Chat Session Started}, {@code Chat Session Ended},
 * {@code Chat Cleared}, {@code Chat Message Started}, {@code Chat Message Completed}, {@code Chat Feedback},
 * {@code Chat Message Copied}, {@code Chat Custom Action Clicked}, {@code Chat Handover Requested},
 * {@code Chat Disclaimer Accepted}, {@code Chat Link Clicked}, {@code Chat Voice Started}, {@code Chat Voice Ended},
 * {@code Chat TTS Started}, {@code Chat TTS Ended}, {@code Chat Error}. Properties in camelCase as in the seed
 * ({@code sessionId}, {@code responseTime}, {@code queryId}, {@code messageCount}, …), plus {@code timestamp} (ISO
 * 8601, as the seed's {@code Chat Cleared} example).
 * <p>
 * Identity: {@code anonymousId} = chat session id, {@code userId} = user id when bound (one of them is required).
 * {@code messageId} = {@link DedupIds#of} the event id, so retries and replays are deduplicated by Segment. No
 * {@code sentAt}: Segment corrects timestamps by {@code receivedAt - sentAt}, which a request built once and retried
 * hours later would skew.
 * <p>
 * Limits: ≤ 500 KB per batch, ≤ 32 KB per message. A larger message first loses its free-form objects
 * ({@code metadata}, {@code actionData}, {@code linkParams}, {@code details}; {@code propertiesTruncated: true} says
 * so), then has its strings cut to 1024 characters, and is dropped if it still does not fit.
 */
public final class SegmentSink implements AnalyticsSink {

    /** Segment's API host. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.segment.io");
    /** Bytes per batch request. */
    public static final int MAX_REQUEST_BYTES = 500 * 1024;
    /** Bytes per message. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** String cap applied only to messages that are still too large without their free-form objects. */
    public static final int SHRUNK_STRING_LENGTH = 1024;
    /** Library name in {@code context.library}, so integrators can tell relayed events from their own. */
    public static final String LIBRARY = "nexus-chat-relay";

    private static final byte[] EMPTY_ENVELOPE = "{\"batch\":[]}".getBytes(StandardCharsets.UTF_8);

    private final SegmentConfig config;
    private final URI uri;
    private final Map<String, String> headers;

    /** A sink for one experience's Segment source. */
    public SegmentSink(SegmentConfig config) {
        this.config = Objects.requireNonNull(config);
        this.uri = Endpoints.resolve(Objects.requireNonNullElse(config.endpoint(), DEFAULT_ENDPOINT), "/v1/batch");
        this.headers = Map.of("Content-Type", "application/json", "Authorization",
                Endpoints.basicAuth(config.writeKey()));
    }

    @Override
    public String service() {
        return "segment";
    }

    @Override
    public AnalyticsBatch prepare(List<AnalyticsEvent> events, Instant now) {
        List<DroppedEvent> dropped = new ArrayList<>();
        // Complete; without the free-form objects; then also with strings cut.
        TrackEncoder encoder = (tracked, event, level) -> message(tracked, event, level == 0,
                level == 2 ? SHRUNK_STRING_LENGTH : 0);
        List<RequestPacker.Item> items = encoder.items(events, 3, MAX_MESSAGE_BYTES,
                "no sessionId or userId for Segment's anonymousId/userId", "larger than Segment's 32 KB message limit",
                dropped);
        List<OutgoingRequest> requests = new ArrayList<>();
        int overhead = EMPTY_ENVELOPE.length - 2;
        for (RequestPacker.Pack pack : RequestPacker.pack(items, Integer.MAX_VALUE, MAX_REQUEST_BYTES, overhead)) {
            requests.add(new OutgoingRequest(uri, headers, RequestPacker.wrap(EMPTY_ENVELOPE, pack.array()),
                    pack.eventIds()));
        }
        return new AnalyticsBatch(requests, dropped);
    }

    private static byte[] message(TrackedEvent tracked, AnalyticsEvent event, boolean freeForm, int maxString) {
        ObjectNode properties = JsonPayloads.properties(tracked.properties(event), UnaryOperator.identity(), maxString,
                freeForm, "propertiesTruncated");
        properties.put("timestamp", event.timestamp().toString());
        ObjectNode message = JsonPayloads.NODES.objectNode();
        message.put("type", "track");
        message.put("event", tracked.trackName());
        message.set("properties", properties);
        if (event.sessionId() != null) {
            message.put("anonymousId", event.sessionId());
        }
        if (event.userId() != null) {
            message.put("userId", event.userId());
        }
        message.put("messageId", DedupIds.of(event.id()));
        message.put("timestamp", event.timestamp().toString());
        message.putObject("context").putObject("library").put("name", LIBRARY);
        return JsonPayloads.bytes(message);
    }

    @Override
    public String toString() {
        return "SegmentSink[" + config + "]";
    }
}

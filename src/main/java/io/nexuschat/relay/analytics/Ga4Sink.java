package io.nexuschat.relay.analytics;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GA4 Measurement Protocol sink: {@code POST {endpoint}/mp/collect?measurement_id=…&api_secret=…} with
 * {@code {client_id, user_id?, events: [{name, params, timestamp_micros}]}}.
 * <p>
 * Event names: {@code chat_open}, {@code chat_close}, {@code chat_minimize}, {@code chat_maximize},
 * {@code chat_session_start}, {@code chat_session_end}, {@code chat_clear}, {@code chat_message_start},
 * {@code chat_message_complete}, {@code chat_feedback}, {@code chat_copy}, {@code chat_custom_action},
 * {@code chat_handover}, {@code chat_disclaimer_accept}, {@code link_click}, {@code chat_voice_start},
 * {@code chat_voice_end}, {@code chat_tts_start}, {@code chat_tts_end}, {@code chat_error} (see {@link TrackedEvent}).
 * Params are the snake_case scalars of {@link TrackedEvent} ({@code session_id}, {@code response_time},
 * {@code answer_length}, {@code error_type}, {@code link_url}, …) plus {@code event_id} (GA4 has no dedup key, so
 * the stable id travels as a param for BigQuery-side dedup), {@code engagement_time_msec} = 1 (GA4 shows events
 * without it in neither Realtime nor engagement reports) and, on {@code link_click}, {@code event_category} =
 * {@code chat_interaction} as in the seed.
 * <p>
 * Identity: {@code client_id} = the chat session id (the user id when there is no session), {@code user_id} = the
 * user id when bound. A request has one identity, so events are grouped by it (order kept within a group).
 * <p>
 * Limits: ≤ 25 events and ≤ 130 KB per request, ≤ 25 params per event, string values cut to 100 characters,
 * {@code user_id} over 256 characters left out; events older than 72 h are dropped (GA4 discards them silently);
 * timestamps ahead of the relay's clock are clamped to it.
 */
public final class Ga4Sink implements AnalyticsSink {

    /** Google's collection host. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://www.google-analytics.com");
    /** Events per request. */
    public static final int MAX_EVENTS_PER_REQUEST = 25;
    /** Bytes per request body. */
    public static final int MAX_REQUEST_BYTES = 130 * 1024;
    /** Params per event. */
    public static final int MAX_PARAMS = 25;
    /** Characters per string param value. */
    public static final int MAX_PARAM_VALUE_LENGTH = 100;
    /** Characters of {@code user_id}. */
    public static final int MAX_USER_ID_LENGTH = 256;
    /** How far back GA4 accepts a timestamp. */
    public static final Duration MAX_AGE = Duration.ofHours(72);

    private final Ga4Config config;
    private final URI uri;

    /** A sink for one experience's GA4 stream. */
    public Ga4Sink(Ga4Config config) {
        this.config = Objects.requireNonNull(config);
        this.uri = Endpoints.resolve(Objects.requireNonNullElse(config.endpoint(), DEFAULT_ENDPOINT),
                "/mp/collect?measurement_id=" + encode(config.measurementId()) + "&api_secret="
                        + encode(config.apiSecret()));
    }

    @Override
    public String service() {
        return "ga4";
    }

    @Override
    public AnalyticsBatch prepare(List<AnalyticsEvent> events, Instant now) {
        List<DroppedEvent> dropped = new ArrayList<>();
        Map<Identity, List<RequestPacker.Item>> groups = new LinkedHashMap<>();
        for (AnalyticsEvent event : events) {
            Optional<TrackedEvent> tracked = TrackedEvent.of(event.type());
            if (tracked.isEmpty()) {
                dropped.add(new DroppedEvent(event.id(), TrackedEvent.notTrackedReason(event.type())));
                continue;
            }
            String clientId = event.sessionId() != null ? event.sessionId() : event.userId();
            if (clientId == null) {
                dropped.add(new DroppedEvent(event.id(), "no sessionId or userId to use as GA4 client_id"));
                continue;
            }
            if (event.timestamp().isBefore(now.minus(MAX_AGE))) {
                dropped.add(new DroppedEvent(event.id(), "older than GA4's 72 h limit"));
                continue;
            }
            String userId = event.userId() != null && event.userId().length() <= MAX_USER_ID_LENGTH
                    ? event.userId()
                    : null;
            ObjectNode node = eventNode(tracked.get(), event, now);
            groups.computeIfAbsent(new Identity(clientId, userId), k -> new ArrayList<>())
                    .add(new RequestPacker.Item(event.id(), JsonPayloads.bytes(node)));
        }
        List<OutgoingRequest> requests = new ArrayList<>();
        groups.forEach((identity, items) -> {
            ObjectNode envelope = JsonPayloads.NODES.objectNode();
            envelope.put("client_id", identity.clientId());
            if (identity.userId() != null) {
                envelope.put("user_id", identity.userId());
            }
            envelope.putArray("events");
            byte[] empty = JsonPayloads.bytes(envelope);
            int overhead = empty.length - 2;
            List<RequestPacker.Item> fitting = new ArrayList<>();
            for (RequestPacker.Item item : items) {
                if (RequestPacker.fitsAlone(item, MAX_REQUEST_BYTES, overhead)) {
                    fitting.add(item);
                } else {
                    dropped.add(new DroppedEvent(item.eventId(), "larger than GA4's 130 KB request limit"));
                }
            }
            for (RequestPacker.Pack pack : RequestPacker.pack(fitting, MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES,
                    overhead)) {
                requests.add(new OutgoingRequest(uri, Map.of("Content-Type", "application/json"),
                        RequestPacker.wrap(empty, pack.array()), pack.eventIds()));
            }
        });
        return new AnalyticsBatch(requests, dropped);
    }

    private static ObjectNode eventNode(TrackedEvent tracked, AnalyticsEvent event, Instant now) {
        ObjectNode params = JsonPayloads.NODES.objectNode();
        for (TrackedEvent.Property p : tracked.properties(event)) {
            JsonNode v = p.value();
            if (!v.isValueNode() || params.size() >= MAX_PARAMS - 3) {
                continue;
            }
            String name = TrackedEvent.snakeCase(p.name());
            if (v.isNumber()) {
                params.set(name, v);
            } else if (v.isBoolean()) {
                params.put(name, v.asBoolean() ? "true" : "false");
            } else {
                params.put(name, JsonPayloads.truncate(v.asText(), MAX_PARAM_VALUE_LENGTH));
            }
        }
        if (tracked == TrackedEvent.LINK_CLICK) {
            params.put("event_category", "chat_interaction");
        }
        params.put("event_id", DedupIds.of(event.id()));
        params.put("engagement_time_msec", 1);
        ObjectNode node = JsonPayloads.NODES.objectNode();
        node.put("name", tracked.ga4Name());
        node.set("params", params);
        Instant at = event.timestamp().isAfter(now) ? now : event.timestamp();
        node.put("timestamp_micros", ChronoUnit.MICROS.between(Instant.EPOCH, at));
        return node;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Ga4Sink[" + config + "]";
    }

    private record Identity(String clientId, String userId) {
    }
}

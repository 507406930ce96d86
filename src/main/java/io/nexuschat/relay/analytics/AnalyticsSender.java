package io.nexuschat.relay.analytics;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sends one {@link OutgoingRequest} with {@link HttpClient} and classifies the answer. It never retries nor sleeps:
 * the relay's delivery loop schedules retries. Thread-safe.
 */
public final class AnalyticsSender {

    /** Default per-request timeout (the relay's webhook default). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_DETAIL_BODY = 200;

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    /** A sender with its own client (no redirects followed: a redirected POST is a misconfiguration). */
    public AnalyticsSender() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER)
                .build(), DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    /**
     * A sender on the caller's client.
     *
     * @param clock for {@code Retry-After} given as an HTTP date
     */
    public AnalyticsSender(HttpClient client, Duration timeout, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.timeout = Objects.requireNonNull(timeout);
        this.clock = Objects.requireNonNull(clock);
    }

    /** POSTs the request and classifies the result; never throws for HTTP or network failures. */
    public DeliveryOutcome send(OutgoingRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return classify(request, response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    response.body(), Duration.ofNanos(System.nanoTime() - started));
        } catch (HttpTimeoutException e) {
            return new DeliveryOutcome(DeliveryOutcome.Kind.RETRY, 0, null, "timed out after " + timeout, List.of(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            return new DeliveryOutcome(DeliveryOutcome.Kind.RETRY, 0, null,
                    Redaction.redactText(e.getClass().getSimpleName() + ": " + e.getMessage(), request), List.of(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryOutcome(DeliveryOutcome.Kind.RETRY, 0, null, "interrupted", List.of(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Classifies a response (public for the relay's own tests and for replaying recorded answers). */
    public DeliveryOutcome classify(OutgoingRequest request, int status, String retryAfterHeader, byte[] body,
            Duration latency) {
        Duration retryAfter = parseRetryAfter(retryAfterHeader, clock.instant());
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String detail = Redaction.redactText("HTTP " + status + (text.isBlank() ? "" : ": " + snippet(text)), request);
        if (status >= 200 && status < 300) {
            return new DeliveryOutcome(DeliveryOutcome.Kind.DELIVERED, status, retryAfter, "HTTP " + status, List.of(),
                    latency);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryOutcome(DeliveryOutcome.Kind.RETRY, status, retryAfter, detail, List.of(), latency);
        }
        if (status == 400) {
            List<String> rejected = mixpanelFailedRecords(request, text);
            if (!rejected.isEmpty() && rejected.size() < request.eventIds().size()) {
                return new DeliveryOutcome(DeliveryOutcome.Kind.PARTIAL, status, null, detail, rejected, latency);
            }
        }
        return new DeliveryOutcome(DeliveryOutcome.Kind.FAILED, status, retryAfter, detail, request.eventIds(),
                latency);
    }

    /**
     * Mixpanel's strict import answers 400 listing {@code failed_records} by {@code $insert_id} while importing the
     * rest; maps them back to event ids. Empty for any other body.
     */
    private static List<String> mixpanelFailedRecords(OutgoingRequest request, String body) {
        JsonNode json;
        try {
            json = JsonPayloads.MAPPER.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return List.of();
        }
        if (json == null || !json.path("failed_records").isArray()) {
            return List.of();
        }
        Map<String, String> byInsertId = new HashMap<>();
        for (String id : request.eventIds()) {
            byInsertId.put(DedupIds.of(id), id);
        }
        List<String> rejected = new ArrayList<>();
        for (JsonNode record : json.path("failed_records")) {
            String eventId = byInsertId.get(record.path("insert_id").asText(""));
            if (eventId == null && record.path("index").canConvertToInt()) {
                int index = record.path("index").asInt(-1);
                eventId = index >= 0 && index < request.eventIds().size() ? request.eventIds().get(index) : null;
            }
            if (eventId != null && !rejected.contains(eventId)) {
                rejected.add(eventId);
            }
        }
        return rejected;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110); {@code null} when absent or unparseable. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            // an HTTP date, then
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String snippet(String text) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_DETAIL_BODY ? oneLine : oneLine.substring(0, MAX_DETAIL_BODY) + "…";
    }
}

package io.nexuschat.relay.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.AppClock;
import io.nexuschat.relay.RelayConfig;
import io.nexuschat.relay.webhook.TargetGuard;
import io.nexuschat.relay.webhook.WebhookEndpoint;
import io.nexuschat.relay.webhook.WebhookSigner;

/**
 * Delivers an event to a webhook endpoint per the Standard Webhooks spec: body {@code {"type","timestamp","data"}},
 * headers {@code webhook-id} (the event id), {@code webhook-timestamp} and {@code webhook-signature} (during a
 * secret rotation: signatures with the new and the old secret, space-separated). Redirects are not followed, and
 * the target is checked against {@link TargetGuard} right before each attempt.
 */
@ApplicationScoped
public class WebhookSink implements Sink {

    public static final String KIND = "webhook";

    private final HttpClient client;

    @Inject
    RelayConfig config;

    @Inject
    TargetGuard guard;

    @Inject
    AppClock clock;

    @Inject
    ObjectMapper mapper;

    public WebhookSink() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public DeliveryOutcome deliver(WebhookEndpoint target, ClaimedDelivery delivery) {
        long started = System.nanoTime();
        String secret = secret(target);
        if (secret == null) {
            return DeliveryOutcome.failed("No signing secret: environment variable " + target.secretEnv()
                    + " is not set", 0);
        }
        URI uri;
        try {
            uri = TargetGuard.parse(target.url());
            // The JVM caches this lookup (networkaddress.cache.ttl), so the connection below uses the checked address.
            guard.check(uri);
        } catch (IllegalArgumentException | TargetGuard.Refused e) {
            return DeliveryOutcome.failed("Target refused: " + e.getMessage(), elapsed(started));
        }
        byte[] body = body(delivery);
        Instant now = clock.now();
        long timestamp = now.getEpochSecond();
        String id = delivery.eventId().toString();
        String signature = WebhookSigner.sign(secret, id, timestamp, body);
        if (target.previousSecret() != null && target.previousSecretUntil() != null
                && now.isBefore(target.previousSecretUntil())) {
            signature += " " + WebhookSigner.sign(target.previousSecret(), id, timestamp, body);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("content-type", "application/json").header("user-agent", "NexusChat-Webhooks/1")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            String error = status >= 200 && status < 300 ? null : "HTTP " + status;
            return new DeliveryOutcome(status, elapsed(started), error,
                    retryAfter(response.headers().firstValue("retry-after").orElse(null), now));
        } catch (HttpConnectTimeoutException e) {
            return DeliveryOutcome.failed("Connection timed out", elapsed(started));
        } catch (HttpTimeoutException e) {
            return DeliveryOutcome.failed("No answer within " + config.timeout().toSeconds() + " s", elapsed(started));
        } catch (IOException e) {
            return DeliveryOutcome.failed("Connection failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.failed("Interrupted (shutting down)", elapsed(started));
        }
    }

    /** The exact bytes that are signed and sent. */
    byte[] body(ClaimedDelivery delivery) {
        try {
            return ("{\"type\":" + mapper.writeValueAsString(delivery.type()) + ",\"timestamp\":"
                    + mapper.writeValueAsString(delivery.occurredAt().toString()) + ",\"data\":" + delivery.data()
                    + "}")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String secret(WebhookEndpoint target) {
        if (target.secret() != null) {
            return target.secret();
        }
        // Declared in an experience file: the secret lives in the environment (any config source, for tests).
        return target.secretEnv() == null
                ? null
                : ConfigProvider.getConfig().getOptionalValue(target.secretEnv(), String.class).orElse(null);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(now, ZonedDateTime.parse(header.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}

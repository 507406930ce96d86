package io.nexuschat.relay.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nexuschat.common.AppClock;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.relay.RelayConfig;
import io.nexuschat.relay.analytics.AnalyticsBatch;
import io.nexuschat.relay.analytics.AnalyticsEvent;
import io.nexuschat.relay.analytics.AnalyticsSender;
import io.nexuschat.relay.analytics.AnalyticsSink;
import io.nexuschat.relay.analytics.AnalyticsSinks;
import io.nexuschat.relay.analytics.DroppedEvent;
import io.nexuschat.relay.analytics.OutgoingRequest;
import io.nexuschat.relay.webhook.TargetGuard;
import io.nexuschat.relay.webhook.WebhookEndpoint;
import io.nexuschat.relay.webhook.WebhookStore;

/**
 * Delivers to the analytics services an experience file declares ({@code "analytics": {"ga4", "segment",
 * "mixpanel"}}): targets of kind {@code ga4}, {@code segment} and {@code mixpanel}. Workers hand it up to
 * {@link #BATCH_SIZE} due deliveries of one target; it maps and packs them with the service's
 * {@link AnalyticsSink#prepare} and sends each request with {@link AnalyticsSender}, after checking the request's
 * host against {@link TargetGuard}. Outcomes per event: delivered; {@code PARTIAL} — the rejected events failed for
 * good, the rest delivered; {@code RETRY} — retried per the schedule (honouring {@code Retry-After}); {@code FAILED}
 * — failed for good; events the service does not take (server events, keystroke-level widget events, too old, too
 * large) failed for good with the reason, never retried. Secrets are read from the environment variables the file
 * names at each batch and never logged: the delivery log holds the sender's redacted detail.
 */
@ApplicationScoped
public class AnalyticsTargetSink implements Sink {

    /** Target kinds, one per service (the names of the experience file's {@code analytics} fields). */
    public static final Set<String> KINDS = Set.of("ga4", "segment", "mixpanel");
    /** Deliveries claimed at once per target (GA4 takes 25 events per request). */
    public static final int BATCH_SIZE = 25;

    @Inject
    RelayConfig config;

    @Inject
    TargetGuard guard;

    @Inject
    AppClock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    ExperienceRegistry experiences;

    @Inject
    WebhookStore endpoints;

    private volatile AnalyticsSender sender;

    @Override
    public String kind() {
        return "analytics";
    }

    @Override
    public Set<String> kinds() {
        return KINDS;
    }

    @Override
    public int batchSize() {
        return BATCH_SIZE;
    }

    @Override
    public DeliveryOutcome deliver(WebhookEndpoint target, ClaimedDelivery delivery) {
        Map<ClaimedDelivery, DeliveryOutcome> result = new LinkedHashMap<>();
        deliverBatch(target, List.of(delivery), result::putAll);
        return result.get(delivery);
    }

    @Override
    public void deliverBatch(WebhookEndpoint target, List<ClaimedDelivery> batch,
            Consumer<Map<ClaimedDelivery, DeliveryOutcome>> report) {
        AnalyticsSink sink;
        try {
            sink = sink(target);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Config gone or a variable unset since startup: retried, so a fixed environment still delivers.
            report.accept(all(batch, DeliveryOutcome.failed("Not configured: " + e.getMessage(), 0)));
            return;
        }
        Map<String, ClaimedDelivery> byId = new HashMap<>();
        List<AnalyticsEvent> events = new ArrayList<>(batch.size());
        for (ClaimedDelivery d : batch) {
            byId.put(d.eventId().toString(), d);
            events.add(new AnalyticsEvent(d.eventId().toString(), d.type(), target.experienceId(),
                    d.sessionId() == null ? null : d.sessionId().toString(), d.userId(), d.occurredAt(), data(d)));
        }
        AnalyticsBatch prepared = sink.prepare(events, clock.now());
        if (!prepared.dropped().isEmpty()) {
            Map<ClaimedDelivery, DeliveryOutcome> dropped = new LinkedHashMap<>();
            for (DroppedEvent e : prepared.dropped()) {
                ClaimedDelivery d = byId.get(e.eventId());
                if (d != null) {
                    dropped.put(d, new DeliveryOutcome(null, 0, "Dropped: " + e.reason(), null,
                            DeliveryOutcome.Verdict.FINAL));
                }
            }
            report.accept(dropped);
        }
        for (OutgoingRequest request : prepared.requests()) {
            List<ClaimedDelivery> carried = request.eventIds().stream().map(byId::get).filter(d -> d != null)
                    .toList();
            long started = System.nanoTime();
            try {
                URI uri = request.uri();
                // The JVM caches this lookup (networkaddress.cache.ttl), so the request uses the checked address.
                guard.check(uri);
            } catch (TargetGuard.Refused e) {
                report.accept(all(carried, DeliveryOutcome.failed("Target refused: " + e.getMessage(),
                        (System.nanoTime() - started) / 1_000_000)));
                continue;
            }
            report.accept(outcomes(carried, sender().send(request)));
        }
    }

    /** Maps the sender's classification of one request onto its events. */
    static Map<ClaimedDelivery, DeliveryOutcome> outcomes(List<ClaimedDelivery> carried,
            io.nexuschat.relay.analytics.DeliveryOutcome o) {
        Integer status = o.statusCode() == 0 ? null : o.statusCode();
        long latency = o.latency().toMillis();
        Map<ClaimedDelivery, DeliveryOutcome> result = new LinkedHashMap<>();
        for (ClaimedDelivery d : carried) {
            DeliveryOutcome outcome = switch (o.kind()) {
                case DELIVERED -> new DeliveryOutcome(status, latency, null, null, DeliveryOutcome.Verdict.DELIVERED);
                case PARTIAL -> o.rejectedEventIds().contains(d.eventId().toString())
                        ? new DeliveryOutcome(status, latency, "Rejected by the service: " + o.detail(), null,
                                DeliveryOutcome.Verdict.FINAL)
                        : new DeliveryOutcome(status, latency, null, null, DeliveryOutcome.Verdict.DELIVERED);
                case RETRY -> new DeliveryOutcome(status, latency, o.detail(), o.retryAfter(),
                        DeliveryOutcome.Verdict.BY_STATUS);
                case FAILED -> new DeliveryOutcome(status, latency, o.detail(), null, DeliveryOutcome.Verdict.FINAL);
            };
            result.put(d, outcome);
        }
        return result;
    }

    /** The service's sink for this target, from the experience's current config and environment. */
    private AnalyticsSink sink(WebhookEndpoint target) {
        String service = endpoints.kind(target.id())
                .orElseThrow(() -> new IllegalStateException("target " + target.id() + " no longer exists"));
        Experience experience = experiences.find(target.experienceId()).orElseThrow(
                () -> new IllegalStateException("experience '" + target.experienceId() + "' is not loaded"));
        Map<String, Object> analytics = experience.declaredAnalytics();
        Object settings = analytics == null ? null : analytics.get(service);
        if (settings == null) {
            throw new IllegalStateException("experience '" + target.experienceId() + "' declares no analytics."
                    + service);
        }
        return AnalyticsSinks.fromMap(Map.of(service, settings), AnalyticsTargetSink::env).getFirst();
    }

    /** An environment variable by name (any config source, so tests can set one). */
    public static String env(String name) {
        return ConfigProvider.getConfig().getOptionalValue(name, String.class).orElse(null);
    }

    private ObjectNode data(ClaimedDelivery d) {
        try {
            JsonNode node = mapper.readTree(d.data());
            return node instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (java.io.IOException e) {
            return mapper.createObjectNode();
        }
    }

    private AnalyticsSender sender() {
        AnalyticsSender s = sender;
        if (s == null) {
            s = new AnalyticsSender(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build(),
                    config.timeout(), new AppClockAdapter(clock));
            sender = s;
        }
        return s;
    }

    private static Map<ClaimedDelivery, DeliveryOutcome> all(List<ClaimedDelivery> batch, DeliveryOutcome outcome) {
        Map<ClaimedDelivery, DeliveryOutcome> result = new LinkedHashMap<>();
        batch.forEach(d -> result.put(d, outcome));
        return result;
    }

    /** The relay's clock as a {@link Clock} (for {@code Retry-After} given as an HTTP date). */
    private static final class AppClockAdapter extends Clock {
        private final AppClock clock;

        AppClockAdapter(AppClock clock) {
            this.clock = clock;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.now();
        }
    }
}

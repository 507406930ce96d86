package io.nexuschat.relay.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.common.AppClock;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.relay.analytics.AnalyticsEvent;
import io.nexuschat.relay.analytics.AnalyticsSinks;
import io.nexuschat.relay.analytics.Ga4Sink;
import io.nexuschat.relay.analytics.MixpanelSink;
import io.nexuschat.relay.analytics.SegmentSink;
import io.nexuschat.relay.analytics.TrackedEvent;
import io.nexuschat.relay.webhook.TargetGuard;
import io.nexuschat.relay.webhook.WebhookEndpoint;
import io.nexuschat.relay.webhook.WebhookStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the analytics sinks declared in experience files ({@code "analytics": {"ga4", "segment", "mixpanel"}}) in the
 * endpoint table at startup — one target of kind {@code ga4}, {@code segment} or {@code mixpanel} per experience and
 * service, with a stable id — so events are written to the outbox for them and they have a delivery log like any
 * webhook — only for the widget event types analytics receives ({@link TrackedEvent}). A sink whose settings are incomplete or whose secret variable is not set stops the startup with an error
 * naming the experience, the field and the variable (never its value). Targets of sinks no longer declared are
 * deleted with their pending deliveries.
 */
@ApplicationScoped
public class ExperienceAnalytics {

    private static final Logger LOG = Logger.getLogger(ExperienceAnalytics.class);
    private static final Map<String, String> SECRET_FIELDS = Map.of("ga4", "apiSecretEnv", "segment", "writeKeyEnv",
            "mixpanel", "tokenEnv");
    private static final Map<String, URI> DEFAULT_ENDPOINTS = Map.of("ga4", Ga4Sink.DEFAULT_ENDPOINT, "segment",
            SegmentSink.DEFAULT_ENDPOINT, "mixpanel", MixpanelSink.DEFAULT_ENDPOINT);
    private static final Map<String, String> NAMES = Map.of("ga4", "GA4 Measurement Protocol", "segment",
            "Segment HTTP API batch", "mixpanel", "Mixpanel import");

    /**
     * The types a sink subscribes to: the widget events analytics receives. Server events and keystroke-level widget
     * events are never sent to analytics ({@link TrackedEvent}), so the outbox writes no delivery for them.
     */
    static final List<String> TRACKED_TYPES = Arrays.stream(TrackedEvent.values())
            .map(t -> AnalyticsEvent.WIDGET_PREFIX + t.widgetName()).toList();

    @Inject
    ExperienceRegistry experiences;

    @Inject
    WebhookStore store;

    @Inject
    AppClock clock;

    void sync(@Observes StartupEvent startup) {
        QuarkusTransaction.requiringNew().run(this::syncNow);
    }

    /** The stable target id of an experience's sink for a service. */
    public static UUID targetId(String experienceId, String service) {
        return UUID.nameUUIDFromBytes(("analytics:" + experienceId + ":" + service).getBytes(StandardCharsets.UTF_8));
    }

    private void syncNow() {
        Instant now = clock.now();
        Set<UUID> declared = new HashSet<>();
        for (Experience experience : experiences.all()) {
            Map<String, Object> analytics = experience.declaredAnalytics();
            if (analytics == null) {
                continue;
            }
            try {
                // Validates every sink and reads its secret: a missing variable is an error now, not at delivery.
                AnalyticsSinks.fromMap(analytics, AnalyticsTargetSink::env);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("experience '" + experience.id() + "': " + e.getMessage());
            }
            for (String service : List.of("ga4", "segment", "mixpanel")) {
                if (!(analytics.get(service) instanceof Map<?, ?> settings)) {
                    if (analytics.containsKey(service)) {
                        throw new IllegalStateException("experience '" + experience.id() + "': analytics." + service
                                + " must be an object");
                    }
                    continue;
                }
                Object endpoint = settings.get("endpoint");
                String url = endpoint == null || endpoint.toString().isBlank()
                        ? DEFAULT_ENDPOINTS.get(service).toString()
                        : endpoint.toString();
                try {
                    TargetGuard.parse(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("experience '" + experience.id() + "': analytics." + service
                            + ".endpoint " + e.getMessage());
                }
                String secretEnv = String.valueOf(settings.get(SECRET_FIELDS.get(service)));
                String description = NAMES.get(service) + " (analytics." + service + " of the experience file)";
                UUID id = targetId(experience.id(), service);
                declared.add(id);
                WebhookEndpoint existing = store.find(id).orElse(null);
                if (existing == null) {
                    store.insert(new WebhookEndpoint(id, experience.id(), WebhookEndpoint.SOURCE_EXPERIENCE, url,
                            description, TRACKED_TYPES, true, null, null, null, null, null, secretEnv, null, now, now),
                            service);
                } else {
                    store.save(new WebhookEndpoint(id, existing.experienceId(), existing.source(), url, description,
                            TRACKED_TYPES, existing.enabled(), existing.disabledReason(), existing.disabledAt(), null,
                            null,
                            null, secretEnv, existing.failingSince(), existing.createdAt(), now));
                }
                LOG.infof("Analytics sink %s of experience '%s' → %s (target %s)", service, experience.id(), url, id);
            }
        }
        for (String kind : AnalyticsTargetSink.KINDS) {
            for (WebhookEndpoint e : store.declared(kind)) {
                if (!declared.contains(e.id())) {
                    store.delete(e.id());
                }
            }
        }
    }
}

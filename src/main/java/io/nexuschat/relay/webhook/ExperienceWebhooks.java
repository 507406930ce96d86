package io.nexuschat.relay.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.relay.delivery.WebhookSink;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the endpoints declared in experience files ({@code "webhooks": [{"url", "secretEnv", "events"}]}) in the
 * endpoint table at startup, with a stable id per (experience, url), so they have a delivery log and can be disabled
 * like any other. Their secret is read from the named environment variable at each delivery, never stored.
 */
@ApplicationScoped
public class ExperienceWebhooks {

    private static final Logger LOG = Logger.getLogger(ExperienceWebhooks.class);

    @Inject
    ExperienceRegistry experiences;

    @Inject
    WebhookStore store;

    @Inject
    AppClock clock;

    void sync(@Observes StartupEvent startup) {
        QuarkusTransaction.requiringNew().run(this::syncNow);
    }

    private void syncNow() {
        Instant now = clock.now();
        Set<UUID> declared = new HashSet<>();
        for (Experience experience : experiences.all()) {
            for (Experience.Webhook hook : experience.declaredWebhooks()) {
                String where = "experience '" + experience.id() + "', webhooks";
                try {
                    TargetGuard.parse(hook.url());
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(where + ": url " + e.getMessage());
                }
                if (hook.secretEnv() == null || hook.secretEnv().isBlank()) {
                    throw new IllegalStateException(where + ": secretEnv (the environment variable holding the "
                            + "whsec_ secret) is required");
                }
                FieldErrors errors = new FieldErrors();
                List<String> events = WebhookService.checkEvents(errors, hook.events());
                try {
                    errors.throwIfAny();
                } catch (RuntimeException e) {
                    throw new IllegalStateException(where + ": " + e.getMessage());
                }
                String secret = ConfigProvider.getConfig().getOptionalValue(hook.secretEnv(), String.class)
                        .orElse(null);
                if (secret == null || !WebhookSigner.valid(secret)) {
                    LOG.warnf("%s: environment variable %s is not set to a whsec_ secret; deliveries to %s fail "
                            + "until it is", where, hook.secretEnv(), hook.url());
                }
                UUID id = UUID.nameUUIDFromBytes(("experience:" + experience.id() + ":" + hook.url())
                        .getBytes(StandardCharsets.UTF_8));
                declared.add(id);
                WebhookEndpoint existing = store.find(id).orElse(null);
                if (existing == null) {
                    store.insert(new WebhookEndpoint(id, experience.id(), WebhookEndpoint.SOURCE_EXPERIENCE,
                            hook.url(), hook.description(), events, true, null, null, null, null, null,
                            hook.secretEnv(), null, now, now));
                } else {
                    store.save(new WebhookEndpoint(id, existing.experienceId(), existing.source(), hook.url(),
                            hook.description(), events, existing.enabled(), existing.disabledReason(),
                            existing.disabledAt(), null, null, null, hook.secretEnv(), existing.failingSince(),
                            existing.createdAt(), now));
                }
            }
        }
        for (WebhookEndpoint e : store.declared()) {
            if (!declared.contains(e.id())) {
                store.delete(e.id());
            }
        }
        if (!declared.isEmpty()) {
            LOG.infof("Webhook endpoints declared in experience files: %d (kind %s)", declared.size(),
                    WebhookSink.KIND);
        }
    }
}

package io.nexuschat.relay.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.relay.EventTypes;
import io.nexuschat.relay.RelayConfig;
import io.nexuschat.relay.RelaySignal;
import io.nexuschat.relay.delivery.DeliveryStore;

/** Webhook endpoints managed through {@code /api/v2/webhooks}: create, change, rotate secrets, read logs, replay. */
@ApplicationScoped
public class WebhookService {

    private static final int MAX_DESCRIPTION = 500;

    @Inject
    WebhookStore store;

    @Inject
    DeliveryStore deliveries;

    @Inject
    ExperienceRegistry experiences;

    @Inject
    TargetGuard guard;

    @Inject
    AppClock clock;

    @Inject
    RelayConfig config;

    @Inject
    RelaySignal signal;

    @Transactional
    public CreatedWebhook create(WebhookRequest body) {
        if (body == null) {
            throw ProblemException.invalidField("body", "is required");
        }
        FieldErrors errors = new FieldErrors();
        if (body.experienceId() == null) {
            errors.add("experienceId", "is required");
        } else if (experiences.find(body.experienceId()).isEmpty()) {
            errors.add("experienceId", "unknown experience");
        }
        String url = checkUrl(errors, body.url());
        List<String> events = checkEvents(errors, body.events());
        errors.maxLength("description", body.description(), MAX_DESCRIPTION);
        errors.throwIfAny();
        Instant now = clock.now();
        WebhookEndpoint endpoint = new WebhookEndpoint(UUID.randomUUID(), body.experienceId(),
                WebhookEndpoint.SOURCE_API, url, body.description(), events, true, null, null,
                WebhookSigner.newSecret(), null, null, null, null, now, now);
        store.insert(endpoint);
        return created(endpoint, null);
    }

    public List<WebhookView> list(String experienceId) {
        return store.list(experienceId).stream().map(WebhookEndpoint::view).toList();
    }

    public WebhookView get(UUID id) {
        return require(id).view();
    }

    /** JSON merge patch of {@code url}, {@code events}, {@code description}, {@code enabled}. */
    @Transactional
    public WebhookView patch(UUID id, JsonNode body) {
        WebhookEndpoint e = requireManaged(id);
        if (body == null || !body.isObject()) {
            throw ProblemException.invalidField("body", "must be a JSON object");
        }
        FieldErrors errors = new FieldErrors();
        body.fieldNames().forEachRemaining(f -> {
            if (!List.of("url", "events", "description", "enabled").contains(f)) {
                errors.add(f, "cannot be changed (url, events, description, enabled can)");
            }
        });
        String url = e.url();
        if (body.has("url")) {
            url = checkUrl(errors, body.get("url").isTextual() ? body.get("url").asText() : null);
        }
        List<String> events = e.events();
        if (body.has("events")) {
            JsonNode list = body.get("events");
            if (list.isNull()) {
                events = null;
            } else if (!list.isArray()) {
                errors.add("events", "must be an array of event types");
            } else {
                List<String> given = new java.util.ArrayList<>();
                list.forEach(t -> given.add(t.isTextual() ? t.asText() : null));
                events = checkEvents(errors, given);
            }
        }
        String description = e.description();
        if (body.has("description")) {
            JsonNode d = body.get("description");
            if (!d.isNull() && !d.isTextual()) {
                errors.add("description", "must be a string");
            } else {
                description = d.isNull() ? null : d.asText();
                errors.maxLength("description", description, MAX_DESCRIPTION);
            }
        }
        boolean enabled = e.enabled();
        String disabledReason = e.disabledReason();
        Instant disabledAt = e.disabledAt();
        Instant failingSince = e.failingSince();
        Instant now = clock.now();
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                errors.add("enabled", "must be true or false");
            } else if (body.get("enabled").asBoolean() != enabled) {
                enabled = body.get("enabled").asBoolean();
                disabledReason = enabled ? null : "Disabled through the API";
                disabledAt = enabled ? null : now;
                failingSince = enabled ? null : failingSince;
            }
        }
        errors.throwIfAny();
        WebhookEndpoint changed = new WebhookEndpoint(e.id(), e.experienceId(), e.source(), url, description, events,
                enabled, disabledReason, disabledAt, e.secret(), e.previousSecret(), e.previousSecretUntil(),
                e.secretEnv(), failingSince, e.createdAt(), now);
        store.save(changed);
        if (enabled) {
            signal.wake();
        }
        return changed.view();
    }

    @Transactional
    public void delete(UUID id) {
        requireManaged(id);
        store.delete(id);
    }

    /** A new secret; the old one keeps signing beside it for {@code nexus.relay.secret-overlap}. */
    @Transactional
    public CreatedWebhook rotate(UUID id) {
        WebhookEndpoint e = requireManaged(id);
        Instant now = clock.now();
        Instant until = now.plus(config.secretOverlap());
        WebhookEndpoint rotated = new WebhookEndpoint(e.id(), e.experienceId(), e.source(), e.url(), e.description(),
                e.events(), e.enabled(), e.disabledReason(), e.disabledAt(), WebhookSigner.newSecret(), e.secret(),
                until, e.secretEnv(), e.failingSince(), e.createdAt(), now);
        store.save(rotated);
        return created(rotated, until);
    }

    /** The endpoint's delivery attempts, newest first. */
    public Page<DeliveryAttemptView> attempts(UUID id, PageRequest page) {
        require(id);
        Long before = null;
        if (page.after() != null) {
            try {
                before = Long.parseLong(page.after());
            } catch (NumberFormatException e) {
                throw PageRequest.invalidCursor();
            }
        }
        List<Map.Entry<Long, DeliveryAttemptView>> rows = deliveries.attempts(id, before, page.limit() + 1);
        return Page.of(rows, page.limit(), Map.Entry::getValue, r -> r.getKey().toString());
    }

    /** Sends the endpoint's events stored at or after {@code since} again. Returns how many. */
    @Transactional
    public int replay(UUID id, ReplayRequest body) {
        WebhookEndpoint e = require(id);
        if (body == null || body.since() == null) {
            throw ProblemException.invalidField("since", "is required (ISO 8601, e.g. 2026-01-01T00:00:00Z)");
        }
        Instant since;
        try {
            since = OffsetDateTime.parse(body.since()).toInstant();
        } catch (DateTimeParseException ex) {
            throw ProblemException.invalidField("since", "must be an ISO 8601 date-time with offset");
        }
        int count = deliveries.replay(e.id(), e.experienceId(), e.events(), since, clock.now());
        signal.wake();
        return count;
    }

    private WebhookEndpoint require(UUID id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("No webhook endpoint " + id));
    }

    private WebhookEndpoint requireManaged(UUID id) {
        WebhookEndpoint e = require(id);
        if (WebhookEndpoint.SOURCE_EXPERIENCE.equals(e.source())) {
            throw ProblemException.conflict("Endpoint " + id + " is declared in the experience file of '"
                    + e.experienceId() + "'; change it there");
        }
        return e;
    }

    private String checkUrl(FieldErrors errors, String url) {
        try {
            guard.check(TargetGuard.parse(url));
            return url;
        } catch (IllegalArgumentException e) {
            errors.add("url", e.getMessage());
        } catch (TargetGuard.Refused e) {
            errors.add("url", "is refused: " + e.getMessage());
        }
        return null;
    }

    /** A valid event filter, or null for "every type" (absent, empty, or containing {@code *}). */
    static List<String> checkEvents(FieldErrors errors, List<String> events) {
        if (events == null || events.isEmpty() || events.contains("*")) {
            return null;
        }
        for (int i = 0; i < events.size(); i++) {
            if (!EventTypes.validFilter(events.get(i))) {
                errors.add("events[" + i + "]", "is not an event type (session.created, message.completed, "
                        + "widget.linkClick, widget.*, …)");
            }
        }
        return events.stream().distinct().toList();
    }

    private static CreatedWebhook created(WebhookEndpoint e, Instant previousUntil) {
        return new CreatedWebhook(e.id(), e.experienceId(), e.url(), e.description(),
                e.events() == null ? List.of("*") : e.events(), e.enabled(), e.secret(), previousUntil, e.createdAt());
    }
}

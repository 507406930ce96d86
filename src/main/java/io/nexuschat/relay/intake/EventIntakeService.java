package io.nexuschat.relay.intake;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.experience.OriginPolicy;
import io.nexuschat.relay.EventTypes;
import io.nexuschat.relay.OutboxEvent;
import io.nexuschat.relay.VisitorText;

/**
 * Validates a batch of widget events item by item and stores the valid ones in the outbox, all in one transaction
 * (shared with batches arriving at the same time, see {@link IntakeCommits}), before the batch is answered.
 */
@ApplicationScoped
public class EventIntakeService {

    private static final Pattern UUID_TEXT = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> WIDGET_EVENTS = Set.copyOf(EventTypes.WIDGET_EVENTS);
    private static final UUID NIL = new UUID(0, 0);
    private static final UUID MAX = new UUID(-1, -1);

    @Inject
    ObjectMapper mapper;

    @Inject
    ExperienceRegistry experiences;

    @Inject
    OriginPolicy origins;

    @Inject
    IntakeCommits commits;

    /** Accepts the JSON array {@code body} sent from {@code origin} (the Origin header, null for servers). */
    public IntakeResult accept(byte[] body, String origin) {
        JsonNode batch;
        try {
            batch = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.invalidField("body", "could not be read");
        }
        if (batch == null || !batch.isArray()) {
            throw ProblemException.invalidField("body", "must be a JSON array of events");
        }
        String[] verdicts = new String[batch.size()];
        String[] reasons = new String[batch.size()];
        String[] ids = new String[batch.size()];
        Map<UUID, Integer> candidates = new LinkedHashMap<>();
        Map<UUID, OutboxEvent> events = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            if (item.isObject() && item.get("id") != null && item.get("id").isTextual()) {
                ids[i] = abbreviate(item.get("id").asText());
            }
            try {
                OutboxEvent event = parse(item, origin);
                if (events.containsKey(event.id())) {
                    verdicts[i] = IntakeResult.DUPLICATE;
                } else {
                    events.put(event.id(), event);
                    candidates.put(event.id(), i);
                }
            } catch (Rejected r) {
                verdicts[i] = IntakeResult.REJECTED;
                reasons[i] = r.getMessage();
            }
        }
        Set<UUID> duplicates = events.isEmpty() ? Set.of() : commits.store(events.values());
        int accepted = 0, duplicated = 0, rejected = 0;
        for (Map.Entry<UUID, Integer> c : candidates.entrySet()) {
            verdicts[c.getValue()] = duplicates.contains(c.getKey()) ? IntakeResult.DUPLICATE : IntakeResult.ACCEPTED;
        }
        List<IntakeResult.Item> results = new ArrayList<>(batch.size());
        for (int i = 0; i < verdicts.length; i++) {
            switch (verdicts[i]) {
                case IntakeResult.ACCEPTED -> accepted++;
                case IntakeResult.DUPLICATE -> duplicated++;
                default -> rejected++;
            }
            results.add(new IntakeResult.Item(i, ids[i], verdicts[i], reasons[i]));
        }
        return new IntakeResult(accepted, duplicated, rejected, results);
    }

    private OutboxEvent parse(JsonNode item, String origin) {
        if (!item.isObject()) {
            throw new Rejected("must be an event object");
        }
        UUID id = uuid(item, "id", true);
        if (id.equals(NIL) || id.equals(MAX)) {
            throw new Rejected("id: must be a random UUID, not the nil or max UUID");
        }
        String experienceId = text(item, "experienceId", true);
        Experience experience = experiences.find(experienceId)
                .orElseThrow(() -> new Rejected("experienceId: unknown experience '" + abbreviate(experienceId) + "'"));
        if (!origins.allows(experience, origin)) {
            throw new Rejected("experienceId: origin " + abbreviate(origin) + " is not allowed for this experience");
        }
        UUID sessionId = uuid(item, "sessionId", false);
        String type = text(item, "type", true);
        if (!WIDGET_EVENTS.contains(type)) {
            throw new Rejected("type: '" + abbreviate(type) + "' is not a widget event name (open, close, "
                    + "messageComplete, linkClick, …)");
        }
        Instant timestamp = timestamp(text(item, "timestamp", true));
        JsonNode data = item.get("data");
        if (data == null || !data.isObject()) {
            throw new Rejected("data: must be an object");
        }
        ObjectNode relayed = (ObjectNode) data; // the parsed batch is ours: changed in place
        relayed.put("experienceId", experienceId);
        if (sessionId != null && !relayed.has("sessionId")) {
            relayed.put("sessionId", sessionId.toString());
        }
        String fullType = EventTypes.WIDGET_PREFIX + type;
        VisitorText.redact(fullType, relayed, experience.relayIncludesVisitorText());
        try {
            return new OutboxEvent(id, experienceId, sessionId, fullType, timestamp,
                    mapper.writeValueAsString(relayed));
        } catch (JsonProcessingException e) {
            throw new Rejected("data: cannot be stored as JSON");
        }
    }

    private static String text(JsonNode item, String field, boolean required) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new Rejected(field + ": is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Rejected(field + ": must be a non-empty string");
        }
        return value.asText();
    }

    private static UUID uuid(JsonNode item, String field, boolean required) {
        String value = text(item, field, required);
        if (value == null) {
            return null;
        }
        if (!UUID_TEXT.matcher(value).matches()) {
            throw new Rejected(field + ": must be a UUID");
        }
        return UUID.fromString(value);
    }

    private static Instant timestamp(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new Rejected("timestamp: must be an ISO 8601 date-time with offset, e.g. 2026-01-01T12:00:00Z");
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "(none)";
        }
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    /** An item that cannot be accepted; the message names the field. */
    private static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}

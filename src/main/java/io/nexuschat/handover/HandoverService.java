package io.nexuschat.handover;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.Caller;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.session.SessionRecords;
import io.nexuschat.session.SessionService;
import io.nexuschat.session.SessionView;

/**
 * Records visitors' requests to talk to a person. A request is accepted in any session state: a visitor who asks for a
 * person after the session expired or was completed still asked, and the request must reach someone. One request does
 * it all: it may open the session ({@code experienceId}) and carries an idempotency key ({@code id}).
 */
@ApplicationScoped
public class HandoverService {

    /** Longest reason, in characters. */
    public static final int MAX_REASON = 100;
    /** Largest metadata, in bytes of its JSON (UTF-8). */
    public static final int MAX_METADATA_BYTES = 8 * 1024;

    private static final TypeReference<LinkedHashMap<String, Object>> METADATA = new TypeReference<>() {
    };

    private final SessionService sessions;
    private final SessionRecords records;
    private final ExperienceRegistry experiences;
    private final ObjectMapper mapper;
    private final Event<HandoverEvent> events;
    private final SessionRecords.Kind<Handover, HandoverView> kind;

    @Inject
    public HandoverService(SessionService sessions, SessionRecords records, ExperienceRegistry experiences,
            ObjectMapper mapper, Event<HandoverEvent> events) {
        this.sessions = sessions;
        this.records = records;
        this.experiences = experiences;
        this.mapper = mapper;
        this.events = events;
        this.kind = new SessionRecords.Kind<>(Handover.class, "handover", this::view);
    }

    /**
     * Records a handover request in a session and fires a {@link HandoverEvent} in the same transaction. 404 for an
     * unknown session unless {@code experienceId} lets this request open it; 403 when the caller may not use it. A
     * repeat of the same {@code id} in the same session returns the recorded request ({@code created} false) and fires
     * nothing; the same id in another session is a 409.
     */
    public SessionRecords.Written<HandoverView> request(UUID sessionId, HandoverRequest request, Caller caller) {
        FieldErrors errors = FieldErrors.of(request).required("reason", request.reason());
        UUID id = errors.optionalNewId("id", request.id());
        errors.notBlankIfPresent("reason", request.reason()).maxLength("reason", request.reason(), MAX_REASON);
        HandoverPriority priority = request.priority() == null
                ? HandoverPriority.NORMAL
                : HandoverPriority.fromJson(request.priority());
        if (priority == null) {
            errors.add("priority", "must be low, normal or high");
        }
        SessionService.checkUserId(errors, request.userId());
        String metadata = request.metadata() == null ? null : json(request.metadata());
        if (metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            errors.add("metadata", "must be at most " + MAX_METADATA_BYTES + " bytes as JSON");
        }
        errors.throwIfAny();
        Caller asker = caller.withUser(request.userId(), request.userHash());
        java.util.function.Function<SessionView, SessionRecords.Written<HandoverView>> record = session -> {
            Optional<Handover> repeated = id == null
                    ? Optional.empty()
                    : records.byClientId(Handover.class, session.id(), id);
            if (repeated.isPresent()) {
                return new SessionRecords.Written<>(view(repeated.get()), false);
            }
            Handover handover = records.create(new Handover(), session.id(), id);
            handover.reason = request.reason();
            handover.priority = priority;
            handover.metadata = metadata;
            handover.persistAndFlush();
            HandoverView view = view(handover);
            events.fire(new HandoverEvent(session.experienceId(), view));
            return new SessionRecords.Written<>(view, true);
        };
        if (request.experienceId() == null) {
            return records.write(sessionId, asker, record);
        }
        var firstSight = sessions.firstSight(experiences.require(request.experienceId()), asker, null);
        return records.write(sessionId, firstSight, record);
    }

    /** A session's handover requests, oldest first: 404 for an unknown session. For API-key callers. */
    public Page<HandoverView> list(UUID sessionId, Caller caller, PageRequest page) {
        return records.list(kind, sessionId, caller, page);
    }

    /** One handover request of a session: 404 when the session or the request is unknown. For API-key callers. */
    public HandoverView get(UUID sessionId, UUID handoverId, Caller caller) {
        return records.get(kind, sessionId, handoverId, caller);
    }

    private HandoverView view(Handover h) {
        return new HandoverView(h.id, h.sessionId, h.reason, h.priority, metadata(h.metadata), h.createdAt);
    }

    private Map<String, Object> metadata(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored handover metadata is unreadable", e);
        }
    }

    private String json(Map<String, Object> metadata) {
        try {
            return mapper.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize handover metadata", e);
        }
    }
}

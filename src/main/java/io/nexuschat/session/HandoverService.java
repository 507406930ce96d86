package io.nexuschat.session;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.Caller;
import io.nexuschat.common.CreationCursor;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.common.TransactionRetry;

/**
 * Records visitors' requests to talk to a person. A request is accepted in any session state: a visitor who asks for a
 * person after the session expired or was completed still asked, and the request must reach someone.
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
    private final AppClock clock;
    private final ObjectMapper mapper;
    private final Event<HandoverEvent> events;

    @Inject
    public HandoverService(SessionService sessions, AppClock clock, ObjectMapper mapper, Event<HandoverEvent> events) {
        this.sessions = sessions;
        this.clock = clock;
        this.mapper = mapper;
        this.events = events;
    }

    /**
     * Records a handover request in a session and fires a {@link HandoverEvent}: 404 for an unknown session, 403 when
     * the caller may not use it.
     */
    public HandoverView request(UUID sessionId, HandoverRequest request, Caller caller) {
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        if (request.reason() == null) {
            errors.add("reason", "is required");
        }
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
        Caller asker = caller.withUserId(request.userId());
        // A retry after a constraint failure means the session was deleted meanwhile: the next attempt answers 404.
        return TransactionRetry.onConstraintViolation(() -> {
            SessionView session = sessions.get(sessionId, asker);
            Handover handover = new Handover();
            handover.id = UUID.randomUUID();
            handover.sessionId = session.id();
            handover.reason = request.reason();
            handover.priority = priority;
            handover.metadata = metadata;
            handover.createdAt = clock.now();
            handover.persistAndFlush();
            HandoverView view = view(handover);
            events.fire(new HandoverEvent(session.experienceId(), view));
            return view;
        });
    }

    /** A session's handover requests, oldest first: 404 for an unknown session. For API-key callers. */
    @Transactional
    public Page<HandoverView> list(UUID sessionId, Caller caller, PageRequest page) {
        sessions.get(sessionId, caller);
        return Page.of(CreationCursor.sessionPage(Handover.getEntityManager(), Handover.class, sessionId, page),
                page.limit(),
                this::view, h -> new CreationCursor(h.createdAt, h.id).encode());
    }

    /** One handover request of a session: 404 when the session or the request is unknown. For API-key callers. */
    @Transactional
    public HandoverView get(UUID sessionId, UUID handoverId, Caller caller) {
        sessions.get(sessionId, caller);
        Handover handover = Handover.findById(handoverId);
        if (handover == null || !handover.sessionId.equals(sessionId)) {
            throw ProblemException.notFound("No handover " + handoverId + " in session " + sessionId);
        }
        return view(handover);
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

package io.nexuschat.session;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
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
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.experience.OriginPolicy;

/**
 * The rules of sessions: creation (client-chosen ids, idempotent), access (user binding, origins), lifetime (lazy
 * expiry by absolute lifetime and inactivity, completion), rollover of queries sent to ended sessions, and their
 * messages. Every method runs in its own short transaction; {@link SessionEvent}s are fired inside it.
 */
@ApplicationScoped
public class SessionService {

    /** Shortest allowed absolute lifetime, in seconds. */
    public static final long MIN_EXPIRATION_SECONDS = 60;
    /** Longest allowed absolute lifetime: 30 days. */
    public static final long MAX_EXPIRATION_SECONDS = 2_592_000;
    /** Longest name and user id. */
    public static final int MAX_NAME = 200;
    public static final int MAX_USER_ID = Caller.MAX_USER_ID;

    private static final TypeReference<LinkedHashMap<String, Object>> METADATA = new TypeReference<>() {
    };
    private static final TypeReference<List<Experience.Action>> ACTIONS = new TypeReference<>() {
    };
    private static final String ACTIVE_NOW = "(s.status = io.nexuschat.session.SessionStatus.ACTIVE"
            + " and s.expiresAt > :now and (s.inactivityExpiresAt is null or s.inactivityExpiresAt > :now))";
    private static final String EXPIRED_NOW = "(s.status = io.nexuschat.session.SessionStatus.EXPIRED"
            + " or (s.status = io.nexuschat.session.SessionStatus.ACTIVE"
            + " and (s.expiresAt <= :now or s.inactivityExpiresAt <= :now)))";

    private final AppClock clock;
    private final ExperienceRegistry experiences;
    private final OriginPolicy originPolicy;
    private final ObjectMapper mapper;
    private final Event<SessionEvent> events;
    private final Event<MessageCompletedEvent> completions;
    private final SessionConfig config;

    @Inject
    public SessionService(AppClock clock, ExperienceRegistry experiences, OriginPolicy originPolicy,
            ObjectMapper mapper, Event<SessionEvent> events, Event<MessageCompletedEvent> completions,
            SessionConfig config) {
        this.clock = clock;
        this.experiences = experiences;
        this.originPolicy = originPolicy;
        this.mapper = mapper;
        this.events = events;
        this.completions = completions;
        this.config = config;
    }

    /** Result of {@link #create}: the session and whether this call created it (false: an idempotent repeat). */
    public record Created(SessionView session, boolean created) {
    }

    /**
     * Creates a session, or returns the existing one when the same create is repeated with the same id. The same id
     * for another experience or another user is a 409.
     */
    public Created create(CreateSessionRequest request, Caller caller) {
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        UUID requestedId = errors.optionalNewId("id", request.id());
        if (request.experienceId() == null || request.experienceId().isBlank()) {
            errors.add("experienceId", "is required");
        }
        errors.maxLength("name", request.name(), MAX_NAME);
        checkUserId(errors, request.userId());
        Long expiration = request.expirationSeconds();
        if (expiration != null && (expiration < MIN_EXPIRATION_SECONDS || expiration > MAX_EXPIRATION_SECONDS)) {
            errors.add("expirationSeconds",
                    "must be between " + MIN_EXPIRATION_SECONDS + " and " + MAX_EXPIRATION_SECONDS);
        }
        String metadata = metadataJson(errors, request.metadata());
        String userId = caller.withUserId(request.userId()).userId();
        if (request.userId() == null) {
            // Bound to the header's userId, which is stored: checked here too, whoever built the caller.
            Caller.checkUserId(errors, Caller.USER_ID_HEADER, userId);
        }
        errors.throwIfAny();
        Experience experience = experiences.require(request.experienceId());
        if (!caller.apiKey()) {
            originPolicy.check(experience, caller.origin());
        }
        UUID id = requestedId != null ? requestedId : UUID.randomUUID();
        long lifetime = expiration != null ? expiration : experience.expirationSeconds();
        return TransactionRetry.onConstraintViolation(() -> {
            Instant now = clock.now();
            ChatSession existing = ChatSession.findById(id);
            if (existing != null) {
                if (!existing.experienceId.equals(experience.id()) || !Objects.equals(existing.userId, userId)) {
                    throw ProblemException.conflict(
                            "Session " + id + " already exists for another experience or user; choose another id");
                }
                applyExpiry(existing, now);
                return new Created(view(existing), false);
            }
            ChatSession session = ChatSession.open(id, experience.id(), userId, lifetime,
                    experience.inactivityTimeoutSeconds(), now);
            session.name = request.name() == null || request.name().isEmpty() ? null : request.name();
            session.metadata = metadata;
            session.persistAndFlush();
            SessionView view = view(session);
            events.fire(new SessionEvent(SessionEvent.Type.CREATED, view));
            return new Created(view, true);
        });
    }

    /**
     * The session with expiry applied, without any access check: for callers that check access themselves (see
     * {@link #authorize(SessionView, Caller)}), such as the widget's init.
     */
    @Transactional
    public Optional<SessionView> view(UUID id) {
        ChatSession session = ChatSession.findById(id);
        if (session == null) {
            return Optional.empty();
        }
        applyExpiry(session, clock.now());
        return Optional.of(view(session));
    }

    /** The session for this caller: 404 when unknown, 403 when the caller may not use it. */
    @Transactional
    public SessionView get(UUID id, Caller caller) {
        ChatSession session = require(id, false);
        authorize(session.experienceId, session.userId, caller);
        applyExpiry(session, clock.now());
        return view(session);
    }

    /** Throws 403 when {@code caller} may not use {@code session} (another user, or an origin not allowed). */
    public void authorize(SessionView session, Caller caller) {
        authorize(session.experienceId(), session.userId(), caller);
    }

    /**
     * A page of the session's messages in chronological order, after the cursor {@code after} (a previous page's
     * {@code nextCursor}). No access check: see {@link #get}. An unknown session has no messages.
     */
    @Transactional
    public Page<MessageView> messages(UUID id, int limit, String after) {
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        long afterSeq = 0;
        if (after != null) {
            try {
                afterSeq = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw PageRequest.invalidCursor();
            }
            if (afterSeq < 0) {
                throw PageRequest.invalidCursor();
            }
        }
        List<ChatMessage> rows = ChatMessage.<ChatMessage>find("sessionId = ?1 and seq > ?2 order by seq", id, afterSeq)
                .range(0, limit).list();
        return Page.of(rows, limit, this::view, m -> String.valueOf(m.seq));
    }

    /**
     * The latest {@code limit} messages of a session, oldest first: what a resumed widget shows, in one query however
     * long the history. No access check: see {@link #get}. An unknown session, or a limit below 1, gives none.
     */
    @Transactional
    public List<MessageView> recentMessages(UUID id, int limit) {
        return history(id, Long.MAX_VALUE, limit);
    }

    /** One stored message by its id, in any session; no access check (callers check the session's). */
    @Transactional
    public Optional<MessageView> message(UUID id) {
        return ChatMessage.<ChatMessage>findByIdOptional(id).map(this::view);
    }

    /**
     * Sessions newest first, optionally filtered; the status filter uses the effective status (a session whose
     * lifetime has run out counts as expired even before anyone noticed).
     */
    @Transactional
    public Page<SessionView> list(String experienceId, SessionStatus status, String userId, PageRequest page) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        Instant now = clock.now();
        if (experienceId != null) {
            where.append(" and s.experienceId = :experienceId");
            params.put("experienceId", experienceId);
        }
        if (userId != null) {
            where.append(" and s.userId = :userId");
            params.put("userId", userId);
        }
        if (status != null) {
            where.append(" and ").append(switch (status) {
                case ACTIVE -> ACTIVE_NOW;
                case EXPIRED -> EXPIRED_NOW;
                case COMPLETED -> "s.status = io.nexuschat.session.SessionStatus.COMPLETED";
            });
            if (status != SessionStatus.COMPLETED) {
                params.put("now", now);
            }
        }
        if (page.after() != null) {
            CreationCursor cursor = CreationCursor.decode(page.after());
            where.append(" and (s.createdAt < :cursorAt or (s.createdAt = :cursorAt and s.id < :cursorId))");
            params.put("cursorAt", cursor.createdAt());
            params.put("cursorId", cursor.id());
        }
        var query = ChatSession.getEntityManager().createQuery(
                "select s from ChatSession s where " + where + " order by s.createdAt desc, s.id desc",
                ChatSession.class);
        params.forEach(query::setParameter);
        return Page.of(query.setMaxResults(page.limit() + 1).getResultList(), page.limit(), session -> {
            applyExpiry(session, now);
            return view(session);
        }, last -> new CreationCursor(last.createdAt, last.id).encode());
    }

    /**
     * Changes name and metadata (shallow merge; a key set to null is removed) and may complete the session. Completing
     * a completed session changes nothing; completing an expired one is a 409.
     */
    @Transactional
    public SessionView update(UUID id, UpdateSessionRequest request, Caller caller) {
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        errors.maxLength("name", request.name(), MAX_NAME);
        if (request.status() != null && !"completed".equals(request.status())) {
            errors.add("status", "only 'completed' can be set");
        }
        EndReason reason = EndReason.ENDED;
        if (request.endReason() != null) {
            if (request.status() == null) {
                errors.add("endReason", "is only allowed with status 'completed'");
            } else if ("resolved".equals(request.endReason())) {
                reason = EndReason.RESOLVED;
            } else if (!"ended".equals(request.endReason())) {
                errors.add("endReason", "must be 'ended' or 'resolved'");
            }
        }
        errors.throwIfAny();

        ChatSession session = require(id, true);
        authorize(session.experienceId, session.userId, caller);
        Instant now = clock.now();
        applyExpiry(session, now);
        boolean changed = false;
        if (request.name() != null) {
            session.name = request.name().isEmpty() ? null : request.name();
            changed = true;
        }
        if (request.metadata() != null) {
            Map<String, Object> merged = metadata(session.metadata);
            request.metadata().forEach((key, value) -> {
                if (value == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, value);
                }
            });
            FieldErrors metadataErrors = new FieldErrors();
            session.metadata = metadataJson(metadataErrors, merged);
            metadataErrors.throwIfAny();
            changed = true;
        }
        if (changed) {
            session.updatedAt = now;
            events.fire(new SessionEvent(SessionEvent.Type.UPDATED, view(session)));
        }
        if (request.status() != null) {
            switch (session.status) {
                case ACTIVE -> {
                    session.complete(reason, now);
                    events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
                }
                case EXPIRED -> throw ProblemException
                        .conflict("Session " + id + " has already expired (" + session.endReason.json() + ")");
                case COMPLETED -> {
                    // Already completed: completing again is a no-op, so retries are safe.
                }
            }
        }
        return view(session);
    }

    /** Deletes the session and its messages. */
    @Transactional
    public void delete(UUID id, Caller caller) {
        ChatSession session = require(id, true);
        authorize(session.experienceId, session.userId, caller);
        SessionView last = view(session);
        ChatMessage.delete("sessionId", id);
        session.delete();
        events.fire(new SessionEvent(SessionEvent.Type.DELETED, last));
    }

    /**
     * Ends the session (completed, reason {@code cleared}); the next query opens a new one. Clearing a session that
     * has already ended changes nothing and still answers, so the widget's clear never fails.
     */
    @Transactional
    public ClearResult clear(UUID id, Caller caller) {
        ChatSession session = require(id, true);
        authorize(session.experienceId, session.userId, caller);
        Instant now = clock.now();
        applyExpiry(session, now);
        if (session.status == SessionStatus.ACTIVE) {
            session.complete(EndReason.CLEARED, now);
            events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
        }
        return new ClearResult(session.id, session.messageCount, now);
    }

    /**
     * Stores a visitor's message for a query and returns the context to answer it. Without {@code sessionId}, or with
     * an id never seen, a session is created; a session that has ended is replaced by a new one (same experience,
     * user, name and metadata) and the message stored there, so a query never fails because its session ended.
     * <p>
     * A retry (the same {@code queryId} again, for the same session or the session it rolled over to) stores nothing:
     * it returns the message stored the first time, in its session, with the stored answer when there is one. The
     * same {@code queryId} with another text is a 409.
     *
     * @param metadata metadata for a session created here; ignored for an existing session
     * @param historyLimit at most this many earlier messages are returned as context (the latest ones)
     */
    public AcceptedMessage acceptUserMessage(Experience experience, UUID sessionId, Caller caller,
            Map<String, Object> metadata, NewMessage message, int historyLimit) {
        FieldErrors errors = new FieldErrors();
        checkUserId(errors, caller.userId());
        String metadataJson = metadataJson(errors, metadata);
        errors.throwIfAny();
        if (!caller.apiKey()) {
            originPolicy.check(experience, caller.origin());
        }
        return TransactionRetry.onConstraintViolation(() -> {
            Instant now = clock.now();
            ChatSession session = sessionId == null
                    ? null
                    : ChatSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
            SessionChange change = null;
            if (session == null) {
                session = ChatSession.open(sessionId != null ? sessionId : UUID.randomUUID(), experience.id(),
                        caller.userId(), experience.expirationSeconds(), experience.inactivityTimeoutSeconds(), now);
                session.metadata = metadataJson;
                session.persist();
                events.fire(new SessionEvent(SessionEvent.Type.CREATED, view(session)));
                change = new SessionChange(null, session.id, SessionChange.CREATED);
            } else {
                if (!session.experienceId.equals(experience.id())) {
                    throw ProblemException.conflict("Session " + sessionId + " belongs to another experience");
                }
                authorize(session.experienceId, session.userId, caller);
                Optional<AcceptedMessage> retry = retried(session, message, historyLimit);
                if (retry.isPresent()) {
                    return retry.get();
                }
                if (session.expireIfDue(now)) {
                    events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
                }
                if (session.status != SessionStatus.ACTIVE) {
                    ChatSession next = ChatSession.open(UUID.randomUUID(), experience.id(), session.userId,
                            session.expirationSeconds, experience.inactivityTimeoutSeconds(), now);
                    next.name = session.name;
                    next.metadata = session.metadata;
                    next.previousSessionId = session.id;
                    next.persist();
                    events.fire(new SessionEvent(SessionEvent.Type.CREATED, view(next)));
                    change = new SessionChange(session.id, next.id, session.endReason.json());
                    session = next;
                }
            }
            List<MessageView> history = history(session.id, session.messageCount + 1, historyLimit);
            ChatMessage stored = append(session, MessageRole.USER, message, now);
            return new AcceptedMessage(view(session), change, view(stored), history, null);
        });
    }

    /**
     * The first delivery of a retried query: its user message in {@code session} or in the session that replaced it
     * (the retry may repeat the ended session's id because the first answer, which named the new one, never
     * arrived). {@code session} is locked, so concurrent retries see one outcome.
     */
    private Optional<AcceptedMessage> retried(ChatSession session, NewMessage message, int historyLimit) {
        if (message.queryId() == null) {
            return Optional.empty();
        }
        ChatMessage asked = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3", session.id,
                MessageRole.USER, message.queryId()).firstResult();
        // Only an ended session can have been replaced; an active one never was.
        if (asked == null && session.status != SessionStatus.ACTIVE) {
            asked = ChatMessage.<ChatMessage>find("role = ?1 and queryId = ?2 and sessionId in"
                    + " (select s.id from ChatSession s where s.previousSessionId = ?3) order by createdAt",
                    MessageRole.USER, message.queryId(), session.id).firstResult();
        }
        if (asked == null) {
            return Optional.empty();
        }
        if (!asked.text.equals(message.text())) {
            throw ProblemException.conflict("queryId '" + message.queryId()
                    + "' was already used for another message in this session; send a new queryId for a new message");
        }
        ChatSession home = asked.sessionId.equals(session.id) ? session : ChatSession.findById(asked.sessionId);
        MessageView answer = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3", home.id,
                MessageRole.ASSISTANT, message.queryId()).firstResultOptional().map(this::view).orElse(null);
        return Optional.of(new AcceptedMessage(view(home), openedBy(home, asked), view(asked),
                history(home.id, asked.seq, historyLimit), answer));
    }

    /**
     * The session change a query announced when it opened {@code session} (its first message, stored in the same
     * transaction); null when the session existed before the query.
     */
    private SessionChange openedBy(ChatSession session, ChatMessage asked) {
        if (asked.seq != 1 || !asked.createdAt.equals(session.createdAt)) {
            return null;
        }
        if (session.previousSessionId == null) {
            return new SessionChange(null, session.id, SessionChange.CREATED);
        }
        ChatSession previous = ChatSession.findById(session.previousSessionId);
        // The ended session may have been deleted since; "ended" is then the closest truthful reason.
        EndReason reason = previous == null || previous.endReason == null ? EndReason.ENDED : previous.endReason;
        return new SessionChange(session.previousSessionId, session.id, reason.json());
    }

    /** The latest {@code limit} messages of a session before message number {@code beforeSeq}, oldest first. */
    private List<MessageView> history(UUID sessionId, long beforeSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return ChatMessage.<ChatMessage>find("sessionId = ?1 and seq < ?2 order by seq desc", sessionId, beforeSeq)
                .range(0, limit - 1).list().reversed().stream().map(this::view).toList();
    }

    /**
     * Stores an answer in its session. A query has at most one stored answer: when another delivery of the same query
     * (a retry) stored one first, that one is returned and {@code message} dropped. Empty when the session was
     * deleted while the answer was produced.
     */
    @Transactional
    public Optional<MessageView> appendAssistantMessage(UUID sessionId, NewMessage message) {
        ChatSession session = ChatSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            return Optional.empty();
        }
        if (message.queryId() != null) {
            Optional<ChatMessage> first = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3",
                    sessionId, MessageRole.ASSISTANT, message.queryId()).firstResultOptional();
            if (first.isPresent()) {
                return first.map(this::view);
            }
        }
        Instant now = clock.now();
        if (session.expireIfDue(now)) {
            events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
        }
        MessageView answer = view(append(session, MessageRole.ASSISTANT, message, now));
        completions.fire(new MessageCompletedEvent(session.experienceId, answer));
        return Optional.of(answer);
    }

    /** Marks up to {@code limit} timed-out sessions expired (the sweep); returns how many. */
    @Transactional
    public int expireDue(int limit) {
        Instant now = clock.now();
        List<UUID> due = ChatSession.getEntityManager()
                .createQuery("select s.id from ChatSession s where s.status = :active"
                        + " and (s.expiresAt <= :now or s.inactivityExpiresAt <= :now)", UUID.class)
                .setParameter("active", SessionStatus.ACTIVE).setParameter("now", now).setMaxResults(limit)
                .getResultList();
        int expired = 0;
        for (UUID id : due) {
            ChatSession session = ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (session != null && session.expireIfDue(now)) {
                events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
                expired++;
            }
        }
        return expired;
    }

    /** Records errors for an invalid user id (blank or too long) sent in a body's {@code userId}. */
    public static void checkUserId(FieldErrors errors, String userId) {
        Caller.checkUserId(errors, "userId", userId);
    }

    private ChatMessage append(ChatSession session, MessageRole role, NewMessage message, Instant now) {
        // The session row is locked (or new in this transaction), so the count is a gap-free sequence.
        session.messageCount++;
        session.touch(now);
        ChatMessage m = new ChatMessage();
        m.id = UUID.randomUUID();
        m.sessionId = session.id;
        m.seq = session.messageCount;
        m.role = role;
        m.text = message.text();
        m.html = message.html();
        m.queryId = message.queryId();
        m.actions = message.actions().isEmpty() ? null : json(message.actions());
        m.createdAt = now;
        m.persist();
        return m;
    }

    private ChatSession require(UUID id, boolean lock) {
        ChatSession session = lock
                ? ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE)
                : ChatSession.findById(id);
        if (session == null) {
            throw ProblemException.notFound("No session " + id);
        }
        return session;
    }

    private void authorize(String experienceId, String boundUserId, Caller caller) {
        if (caller.apiKey()) {
            return;
        }
        experiences.find(experienceId).ifPresent(e -> originPolicy.check(e, caller.origin()));
        if (boundUserId != null && !boundUserId.equals(caller.userId())) {
            throw ProblemException.forbidden(caller.userId() == null
                    ? "This session is bound to a user: send its userId (in the body, or the " + Caller.USER_ID_HEADER
                            + " header)"
                    : "This session belongs to another user");
        }
    }

    /** Applies lazy expiry; the row is locked before writing so concurrent readers agree on one outcome. */
    private void applyExpiry(ChatSession session, Instant now) {
        if (!session.expiryDue(now)) {
            return;
        }
        ChatSession.getEntityManager().refresh(session, LockModeType.PESSIMISTIC_WRITE);
        if (session.expireIfDue(now)) {
            events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
        }
    }

    private SessionView view(ChatSession s) {
        return new SessionView(s.id, s.experienceId, s.name, s.userId, s.status, s.endReason, s.createdAt,
                s.updatedAt, s.lastActivityAt, s.expiresAt, s.inactivityExpiresAt, s.endedAt, s.messageCount,
                Collections.unmodifiableMap(metadata(s.metadata)), s.previousSessionId);
    }

    private MessageView view(ChatMessage m) {
        List<Experience.Action> actions = m.actions == null ? List.of() : read(m.actions, ACTIONS);
        return new MessageView(m.id, m.sessionId, m.role, m.text, m.html, m.queryId, m.createdAt, actions);
    }

    private Map<String, Object> metadata(String json) {
        return json == null ? new LinkedHashMap<>() : read(json, METADATA);
    }

    private String metadataJson(FieldErrors errors, Map<String, Object> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return null;
        }
        String json = json(metadata);
        if (json.length() > config.maxMetadataChars()) {
            errors.add("metadata", "must be at most " + config.maxMetadataChars() + " characters as JSON");
        }
        return json;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }
}

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
import io.nexuschat.common.GroupCommit;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.experience.Experience;
import io.nexuschat.experience.ExperienceRegistry;
import io.nexuschat.experience.OriginPolicy;
import io.nexuschat.security.IdentityVerification;

/**
 * The rules of sessions: creation (client-chosen ids, idempotent, or on first sight by a query or a handover), access
 * (user binding, origins), lifetime (expiry by absolute lifetime and inactivity, completion) and the rollover of a
 * session that ended to the one that continues it. Reads never write or lock: a session past its deadline reads as
 * expired; the write that needs it (under the row lock) or the sweep records the expiry and fires {@code ENDED}, once.
 * {@link SessionEvent}s are fired inside the transaction that makes the change.
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
    private final SessionConfig config;
    private final IdentityVerification identity;
    private final GroupCommit commits;

    @Inject
    public SessionService(AppClock clock, ExperienceRegistry experiences, OriginPolicy originPolicy,
            ObjectMapper mapper, Event<SessionEvent> events, SessionConfig config, IdentityVerification identity,
            GroupCommit commits) {
        this.commits = commits;
        this.clock = clock;
        this.experiences = experiences;
        this.originPolicy = originPolicy;
        this.mapper = mapper;
        this.events = events;
        this.config = config;
        this.identity = identity;
    }

    /** Result of {@link #create}: the session and whether this call created it (false: an idempotent repeat). */
    public record Created(SessionView session, boolean created) {
    }

    /**
     * Creates a session, or returns the existing one when the same create is repeated with the same id. The same id
     * for another experience or another user is a 409. Concurrent creations share one transaction ({@link GroupCommit}):
     * each returns once the commit holding its session and its {@code session.created} event is durable.
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
        Caller creator = caller.withUser(request.userId(), request.userHash());
        String userId = creator.userId();
        if (request.userId() == null) {
            // Bound to the header's userId, which is stored: checked here too, whoever built the caller.
            Caller.checkUserId(errors, Caller.USER_ID_HEADER, userId);
        }
        errors.throwIfAny();
        Experience experience = experiences.require(request.experienceId());
        if (!caller.apiKey()) {
            originPolicy.check(experience, caller.origin());
        }
        identity.check(experience, creator);
        UUID id = requestedId != null ? requestedId : UUID.randomUUID();
        long lifetime = expiration != null ? expiration : experience.expirationSeconds();
        return commits.call(() -> {
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
     * The session as it is now (effective status), without any access check: for callers that check access themselves
     * (see {@link #authorize(SessionView, Caller)}), such as the widget's init. Writes and locks nothing.
     */
    @Transactional
    public Optional<SessionView> view(UUID id) {
        return ChatSession.<ChatSession>findByIdOptional(id).map(session -> readView(session, clock.now()));
    }

    /**
     * The session for this caller as it is now: 404 when unknown, 403 when the caller may not use it. Writes and locks
     * nothing: a session past its deadline reads as expired before the sweep or a write records it.
     */
    @Transactional
    public SessionView get(UUID id, Caller caller) {
        ChatSession session = require(id, false);
        authorize(session.experienceId, session.userId, caller);
        return readView(session, clock.now());
    }

    /**
     * The session for a write the caller makes in its own transaction (a handover request, a rating): 404 when unknown,
     * 403 when the caller may not use it. A session past its deadline is expired first, under its row lock, and
     * {@code ENDED} fired once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionView forWrite(UUID id, Caller caller) {
        ChatSession session = require(id, false);
        authorize(session.experienceId, session.userId, caller);
        applyExpiry(session, clock.now());
        return view(session);
    }

    /**
     * Like {@link #forWrite(UUID, Caller)}, but an unknown id is opened on first sight for {@code firstSight}'s
     * experience and caller, as a query's first message opens it; a session of another experience is a 409.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public SessionView forWrite(UUID id, FirstSight firstSight) {
        ChatSession session = ChatSession.findById(id);
        if (session == null) {
            return view(open(id, firstSight, clock.now()));
        }
        if (!session.experienceId.equals(firstSight.experience().id())) {
            throw ProblemException.conflict("Session " + id + " belongs to another experience");
        }
        return forWrite(id, firstSight.caller());
    }

    /**
     * Throws 403 when {@code caller} may not use {@code session} (another user, an origin not allowed, or a user id
     * without the valid {@code userHash} its experience's identity verification asks for).
     */
    public void authorize(SessionView session, Caller caller) {
        authorize(session.experienceId(), session.userId(), caller);
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
        return Page.of(query.setMaxResults(page.limit() + 1).getResultList(), page.limit(),
                session -> readView(session, now), last -> new CreationCursor(last.createdAt, last.id).encode());
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
            FieldErrors metadataErrors = new FieldErrors();
            session.metadata = metadataJson(metadataErrors, merged(session.metadata, request.metadata()));
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

    /** Deletes the session; its messages, ratings and handover requests go with it (foreign keys cascade). */
    @Transactional
    public void delete(UUID id, Caller caller) {
        ChatSession session = require(id, true);
        authorize(session.experienceId, session.userId, caller);
        SessionView last = view(session);
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
     * What a request that may open a session for a client-chosen id brings (a query, a handover): checked before its
     * transaction so every input problem is a 400 before anything is stored.
     *
     * @param metadataJson metadata for the session it opens, as stored
     */
    public record FirstSight(Experience experience, Caller caller, String metadataJson) {
    }

    /** Checks a caller's right to open a session of {@code experience} (user id, origin) and the session metadata. */
    public FirstSight firstSight(Experience experience, Caller caller, Map<String, Object> metadata) {
        FieldErrors errors = new FieldErrors();
        checkUserId(errors, caller.userId());
        String metadataJson = metadataJson(errors, metadata);
        errors.throwIfAny();
        if (!caller.apiKey()) {
            originPolicy.check(experience, caller.origin());
        }
        identity.check(experience, caller);
        return new FirstSight(experience, caller, metadataJson);
    }

    /**
     * The session a query's message goes to, locked for the message: the existing one (another experience is a 409,
     * another user a 403), or, for an unknown or absent id, a new one opened on first sight ({@code CREATED} fired).
     *
     * @return the session and, when this call created it, the change to announce
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Locked lockForMessage(UUID id, FirstSight firstSight, Instant now) {
        ChatSession session = id == null ? null : ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            ChatSession opened = open(id != null ? id : UUID.randomUUID(), firstSight, now);
            return new Locked(view(opened), new SessionChange(null, opened.id, SessionChange.CREATED));
        }
        if (!session.experienceId.equals(firstSight.experience().id())) {
            throw ProblemException.conflict("Session " + id + " belongs to another experience");
        }
        authorize(session.experienceId, session.userId, firstSight.caller());
        return new Locked(view(session), null);
    }

    /** A session locked for a message, and the session change to announce (null when none). */
    public record Locked(SessionView session, SessionChange change) {
    }

    /**
     * The session a new message of a locked session is stored in: the same one while active (after expiring it if due,
     * {@code ENDED} fired once); for one that has ended, a new session that continues it (same experience, user, name
     * and metadata; {@code CREATED} fired), so a query never fails because its session ended.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Locked continueOrRollOver(UUID lockedId, Experience experience, Instant now) {
        ChatSession session = ChatSession.findById(lockedId);
        expire(session, now);
        if (session.status == SessionStatus.ACTIVE) {
            return new Locked(view(session), null);
        }
        return successor(session, experience, now);
    }

    /**
     * Ends a session for {@code reason} (when it is still active; {@code ENDED} fired) and opens the session that
     * continues it, as a rollover does ({@code CREATED} fired): what the bot's {@code new} directive asks for. Empty when
     * the session was deleted meanwhile.
     *
     * @return the new session, locked, and the change to announce ({@code reason} = why the old one ended)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Locked> endAndContinue(UUID id, EndReason reason, Experience experience, Instant now) {
        ChatSession session = ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            return Optional.empty();
        }
        completeIfActive(session, reason, now);
        return Optional.of(successor(session, experience, now));
    }

    /**
     * Ends a session for {@code reason} when it is still active ({@code ENDED} fired): what the bot's {@code stop}
     * directive asks for. The next query sent to it opens a new session (a rollover).
     *
     * @return true when this call ended it; false when it had ended already or was deleted
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean end(UUID id, EndReason reason, Instant now) {
        ChatSession session = ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
        return session != null && completeIfActive(session, reason, now);
    }

    /**
     * Shallow-merges {@code patch} into a session's metadata (a key set to null is removed) and fires {@code UPDATED},
     * as {@code PATCH} does; for changes that do not come from a caller (the bot's {@code metadata} directive).
     *
     * @return false, changing nothing, when the session was deleted or the merged metadata would exceed
     *         {@code nexus.sessions.max-metadata-chars}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean mergeMetadata(UUID id, Map<String, Object> patch, Instant now) {
        ChatSession session = ChatSession.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            return false;
        }
        Map<String, Object> merged = merged(session.metadata, patch);
        String json = merged.isEmpty() ? null : json(merged);
        if (json != null && json.length() > config.maxMetadataChars()) {
            return false;
        }
        session.metadata = json;
        session.updatedAt = now;
        events.fire(new SessionEvent(SessionEvent.Type.UPDATED, view(session)));
        return true;
    }

    /** Locks a session to store an answer in it; empty when it was deleted meanwhile. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<SessionView> lockForAnswer(UUID id) {
        return ChatSession.<ChatSession>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).map(this::view);
    }

    /**
     * Counts a new message in a session locked by {@link #lockForMessage}, {@link #continueOrRollOver} or
     * {@link #lockForAnswer} and returns its number: 1, 2, 3 … without gaps. The session is expired first when due
     * (an answer that arrives after the deadline is still stored; {@code ENDED} fired once); the message is activity
     * that pushes the inactivity deadline.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long countMessage(UUID lockedId, Instant now) {
        ChatSession session = ChatSession.findById(lockedId);
        expire(session, now);
        session.messageCount++;
        session.touch(now);
        return session.messageCount;
    }

    /** The ids of the sessions that continue {@code id} after it ended (rollovers). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> successors(UUID id) {
        return ChatSession.getEntityManager()
                .createQuery("select s.id from ChatSession s where s.previousSessionId = :id", UUID.class)
                .setParameter("id", id).getResultList();
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
            if (session != null && expire(session, now)) {
                expired++;
            }
        }
        return expired;
    }

    /** Records errors for an invalid user id (blank or too long) sent in a body's {@code userId}. */
    public static void checkUserId(FieldErrors errors, String userId) {
        Caller.checkUserId(errors, "userId", userId);
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
        experiences.find(experienceId).ifPresent(e -> {
            originPolicy.check(e, caller.origin());
            identity.check(e, caller);
        });
        if (boundUserId != null && !boundUserId.equals(caller.userId())) {
            throw ProblemException.forbidden(caller.userId() == null
                    ? "This session is bound to a user: send its userId (in the body, or the " + Caller.USER_ID_HEADER
                            + " header)"
                    : "This session belongs to another user");
        }
    }

    /**
     * Expiry for a write: when due, the row is locked (and re-read) before it is written, so concurrent writers and the
     * sweep agree on one outcome and {@code ENDED} fires once.
     */
    private void applyExpiry(ChatSession session, Instant now) {
        if (!session.expiryDue(now)) {
            return;
        }
        ChatSession.getEntityManager().refresh(session, LockModeType.PESSIMISTIC_WRITE);
        expire(session, now);
    }

    /** Expires a locked session when due and fires {@code ENDED}; true when it changed. */
    private boolean expire(ChatSession session, Instant now) {
        if (!session.expireIfDue(now)) {
            return false;
        }
        events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
        return true;
    }

    /** Completes a locked session for {@code reason} unless it has ended (after expiring it if due); true if it did. */
    private boolean completeIfActive(ChatSession session, EndReason reason, Instant now) {
        expire(session, now);
        if (session.status != SessionStatus.ACTIVE) {
            return false;
        }
        session.complete(reason, now);
        events.fire(new SessionEvent(SessionEvent.Type.ENDED, view(session)));
        return true;
    }

    /**
     * Opens the session that continues an ended one (same experience, user, name and metadata) and fires
     * {@code CREATED} with the ended one's reason.
     */
    private Locked successor(ChatSession ended, Experience experience, Instant now) {
        ChatSession next = ChatSession.open(UUID.randomUUID(), experience.id(), ended.userId,
                ended.expirationSeconds, experience.inactivityTimeoutSeconds(), now);
        next.name = ended.name;
        next.metadata = ended.metadata;
        next.previousSessionId = ended.id;
        next.persist();
        events.fire(new SessionEvent(SessionEvent.Type.CREATED, view(next), ended.endReason));
        return new Locked(view(next), new SessionChange(ended.id, next.id, ended.endReason.json()));
    }

    /** Opens a session for a client-chosen (or new) id on first sight and fires {@code CREATED}. */
    private ChatSession open(UUID id, FirstSight firstSight, Instant now) {
        Experience experience = firstSight.experience();
        ChatSession session = ChatSession.open(id, experience.id(), firstSight.caller().userId(),
                experience.expirationSeconds(), experience.inactivityTimeoutSeconds(), now);
        session.metadata = firstSight.metadataJson();
        session.persist();
        events.fire(new SessionEvent(SessionEvent.Type.CREATED, view(session)));
        return session;
    }

    /** The session as a read shows it: one past its deadline is expired, though nothing has recorded it yet. */
    private SessionView readView(ChatSession s, Instant now) {
        ChatSession.End due = s.dueEnd(now);
        if (due == null) {
            return view(s);
        }
        return new SessionView(s.id, s.experienceId, s.name, s.userId, SessionStatus.EXPIRED, due.reason(),
                s.createdAt, due.at().isAfter(s.updatedAt) ? due.at() : s.updatedAt, s.lastActivityAt, s.expiresAt,
                s.inactivityExpiresAt, due.at(), s.messageCount, Collections.unmodifiableMap(metadata(s.metadata)),
                s.previousSessionId);
    }

    private SessionView view(ChatSession s) {
        return new SessionView(s.id, s.experienceId, s.name, s.userId, s.status, s.endReason, s.createdAt,
                s.updatedAt, s.lastActivityAt, s.expiresAt, s.inactivityExpiresAt, s.endedAt, s.messageCount,
                Collections.unmodifiableMap(metadata(s.metadata)), s.previousSessionId);
    }

    private Map<String, Object> metadata(String json) {
        return json == null ? new LinkedHashMap<>() : read(json, METADATA);
    }

    /** {@code stored} metadata (JSON) with {@code patch} shallow-merged in, a null value removing its key. */
    private Map<String, Object> merged(String stored, Map<String, Object> patch) {
        Map<String, Object> merged = metadata(stored);
        patch.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
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

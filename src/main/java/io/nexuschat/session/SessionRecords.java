package io.nexuschat.session;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.Caller;
import io.nexuschat.common.CreationCursor;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.common.TransactionRetry;

/**
 * The one mechanism behind records that belong to a session ({@link SessionRecord}: handover requests, ratings):
 * writing one under the session's access and expiry rules, making a new one (id, session, time), finding one again by
 * a client-chosen id, and reading them back for the integrator's server, oldest first.
 */
@ApplicationScoped
public class SessionRecords {

    private final SessionService sessions;
    private final EntityManager em;
    private final AppClock clock;

    @Inject
    public SessionRecords(SessionService sessions, EntityManager em, AppClock clock) {
        this.sessions = sessions;
        this.em = em;
        this.clock = clock;
    }

    /**
     * The kind of a record: its entity, the word the API uses for it in errors, and how the API shows it.
     *
     * @param noun e.g. {@code handover}, {@code feedback}
     */
    public record Kind<E extends SessionRecord, V>(Class<E> entity, String noun, Function<E, V> view) {
    }

    /** A written record as the API shows it, and whether this call created it (false: a repeat or a replacement). */
    public record Written<V>(V record, boolean created) {
    }

    /**
     * Runs {@code write} in a transaction of its own with the session it writes to: 404 when unknown, 403 when the
     * caller may not use it, expired first when due (see {@link SessionService#forWrite(UUID, Caller)}). Run again when
     * it lost a race on a constraint: a repeated id then finds the winner's record; a deleted session answers 404.
     */
    public <T> T write(UUID sessionId, Caller caller, Function<SessionView, T> write) {
        return TransactionRetry.onConstraintViolation(() -> write.apply(sessions.forWrite(sessionId, caller)));
    }

    /**
     * Like {@link #write(UUID, Caller, Function)}, but an unknown session is opened on first sight (see
     * {@link SessionService#forWrite(UUID, SessionService.FirstSight)}).
     */
    public <T> T write(UUID sessionId, SessionService.FirstSight firstSight, Function<SessionView, T> write) {
        return TransactionRetry.onConstraintViolation(() -> write.apply(sessions.forWrite(sessionId, firstSight)));
    }

    /**
     * Inside {@link #write}: {@code record} made a new record of the session, not yet persisted: its id ({@code id}, or
     * a random one when null), its session, and {@code createdAt} now. The caller sets its own fields and persists it.
     */
    public <E extends SessionRecord> E create(E record, UUID sessionId, UUID id) {
        record.id = id != null ? id : UUID.randomUUID();
        record.sessionId = sessionId;
        record.createdAt = clock.now();
        return record;
    }

    /**
     * Inside {@link #write}: the record with this client-chosen id in the session, or empty when the id is new. The
     * same id in another session is a 409.
     */
    public <E extends SessionRecord> Optional<E> byClientId(Class<E> entity, UUID sessionId, UUID id) {
        E record = em.find(entity, id);
        if (record != null && !record.sessionId.equals(sessionId)) {
            throw ProblemException.conflict("Id " + id + " is already used in another session; send a new id");
        }
        return Optional.ofNullable(record);
    }

    /** A session's records, oldest first: 404 for an unknown session, 403 when the caller may not use it. */
    @Transactional
    public <E extends SessionRecord, V> Page<V> list(Kind<E, V> kind, UUID sessionId, Caller caller,
            PageRequest page) {
        sessions.get(sessionId, caller);
        return Page.of(CreationCursor.sessionPage(em, kind.entity(), sessionId, page), page.limit(), kind.view(),
                r -> new CreationCursor(r.createdAt, r.id).encode());
    }

    /** One record of a session: 404 when the session or the record (in that session) is unknown. */
    @Transactional
    public <E extends SessionRecord, V> V get(Kind<E, V> kind, UUID sessionId, UUID id, Caller caller) {
        sessions.get(sessionId, caller);
        E record = em.find(kind.entity(), id);
        if (record == null || !record.sessionId.equals(sessionId)) {
            throw ProblemException.notFound("No " + kind.noun() + " " + id + " in session " + sessionId);
        }
        return kind.view().apply(record);
    }
}

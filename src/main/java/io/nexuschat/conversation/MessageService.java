package io.nexuschat.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nexuschat.common.Caller;
import io.nexuschat.common.AppClock;
import io.nexuschat.common.GroupCommit;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.common.TransactionRetry;
import io.nexuschat.experience.Experience;
import io.nexuschat.session.EndReason;
import io.nexuschat.session.SessionChange;
import io.nexuschat.session.SessionService;
import io.nexuschat.session.SessionStatus;
import io.nexuschat.session.SessionView;

/**
 * The message store: a session's questions and answers in order, the rollover of a query sent to an ended session, and
 * retries by {@code queryId}. Sessions themselves (lifetime, access, rollover's new session) are
 * {@link SessionService}'s; this service reaches them only through it, in the same transaction.
 */
@ApplicationScoped
public class MessageService {

    private static final TypeReference<List<Experience.Action>> ACTIONS = new TypeReference<>() {
    };

    private final SessionService sessions;
    private final AppClock clock;
    private final ObjectMapper mapper;
    private final Event<MessageCompletedEvent> completions;
    private final GroupCommit commits;

    @Inject
    public MessageService(SessionService sessions, AppClock clock, ObjectMapper mapper,
            Event<MessageCompletedEvent> completions, GroupCommit commits) {
        this.commits = commits;
        this.sessions = sessions;
        this.clock = clock;
        this.mapper = mapper;
        this.completions = completions;
    }

    /**
     * A page of the session's messages in chronological order, after the cursor {@code after} (a previous page's
     * {@code nextCursor}). No access check: see {@link SessionService#get}. An unknown session has no messages.
     */
    @Transactional
    public Page<MessageView> messages(UUID sessionId, int limit, String after) {
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
        List<ChatMessage> rows = ChatMessage
                .<ChatMessage>find("sessionId = ?1 and seq > ?2 order by seq", sessionId, afterSeq).range(0, limit)
                .list();
        return Page.of(rows, limit, this::view, m -> String.valueOf(m.seq));
    }

    /**
     * The latest {@code limit} messages of a session, oldest first: what a resumed widget shows, in one query however
     * long the history. No access check: see {@link SessionService#get}. An unknown session, or a limit below 1, gives
     * none.
     */
    @Transactional
    public List<MessageView> recentMessages(UUID sessionId, int limit) {
        return history(sessionId, Long.MAX_VALUE, limit);
    }

    /** One stored message by its id, in any session; no access check (callers check the session's). */
    @Transactional
    public Optional<MessageView> message(UUID id) {
        return ChatMessage.<ChatMessage>findByIdOptional(id).map(this::view);
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
     * <p>
     * Concurrent queries' messages share one transaction ({@link GroupCommit}); this returns once it has committed.
     *
     * @param metadata metadata for a session created here; ignored for an existing session
     * @param historyLimit at most this many earlier messages are returned as context (the latest ones)
     */
    public AcceptedMessage acceptUserMessage(Experience experience, UUID sessionId, Caller caller,
            Map<String, Object> metadata, NewMessage message, int historyLimit) {
        SessionService.FirstSight firstSight = sessions.firstSight(experience, caller, metadata);
        return commits.call(() -> {
            // One instant for the whole change: a query's first message is stored at its session's creation time.
            Instant now = clock.now();
            SessionService.Locked locked = sessions.lockForMessage(sessionId, firstSight, now);
            if (locked.change() == null) {
                Optional<AcceptedMessage> retry = retried(locked.session(), message, historyLimit);
                if (retry.isPresent()) {
                    return retry.get();
                }
            }
            SessionService.Locked target = sessions.continueOrRollOver(locked.session().id(), experience, now);
            SessionView session = target.session();
            SessionChange change = locked.change() != null ? locked.change() : target.change();
            List<MessageView> history = history(session.id(), session.messageCount() + 1, historyLimit);
            MessageView stored = view(append(session.id(), MessageRole.USER, message, now));
            return new AcceptedMessage(sessions.view(session.id()).orElseThrow(), change, stored, history, null,
                    false);
        });
    }

    /**
     * Carries a visitor's message into a new session, for the bot's {@code {"action": "new", "carry": true}}: in one
     * transaction, merges {@code metadata} (the directive's, may be null) into the session, ends it (reason
     * {@code bot}), opens the session that continues it, and stores a copy of the message there (same {@code queryId};
     * the original stays where it was asked). Empty when the session was deleted meanwhile.
     *
     * @return the message as accepted in the new session, without history, with the change to announce
     */
    public Optional<AcceptedMessage> carry(UUID sessionId, MessageView asked, Experience experience,
            Map<String, Object> metadata) {
        return TransactionRetry.onConstraintViolation(() -> {
            Instant now = clock.now();
            if (metadata != null) {
                sessions.mergeMetadata(sessionId, metadata, now);
            }
            Optional<SessionService.Locked> next = sessions.endAndContinue(sessionId, EndReason.BOT, experience, now);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            UUID id = next.get().session().id();
            MessageView copy = view(append(id, MessageRole.USER,
                    new NewMessage(asked.text(), asked.html(), asked.queryId(), List.of()), now));
            return Optional.of(new AcceptedMessage(sessions.view(id).orElseThrow(), next.get().change(), copy,
                    List.of(), null, true));
        });
    }

    /** A stored answer, and whether this call stored it (false: another delivery of the query had stored one). */
    public record Appended(MessageView message, boolean created) {
    }

    /**
     * Stores an answer in its session and fires {@link MessageCompletedEvent} in the same transaction (or joins the
     * caller's). A query has at most one stored answer: when another delivery of the same query (a retry) stored one
     * first, that one is returned ({@code created} false), {@code message} dropped and nothing fired. Empty when the
     * session was deleted while the answer was produced.
     */
    @Transactional
    public Optional<Appended> appendAssistantMessage(UUID sessionId, NewMessage message) {
        Optional<SessionView> session = sessions.lockForAnswer(sessionId);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (message.queryId() != null) {
            Optional<ChatMessage> first = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3",
                    sessionId, MessageRole.ASSISTANT, message.queryId()).firstResultOptional();
            if (first.isPresent()) {
                return Optional.of(new Appended(view(first.get()), false));
            }
        }
        MessageView answer = view(append(sessionId, MessageRole.ASSISTANT, message, clock.now()));
        completions.fire(new MessageCompletedEvent(session.get().experienceId(), answer));
        return Optional.of(new Appended(answer, true));
    }

    /**
     * The first delivery of a retried query: its user message in {@code session} or, once that has ended, in a session
     * that replaced it (the retry may repeat the ended session's id because the first answer, which named the new one,
     * never arrived). A message the bot carried into a new session exists in both: the copy in the new session is the
     * one answered. {@code session} is locked, so concurrent retries see one outcome.
     */
    private Optional<AcceptedMessage> retried(SessionView session, NewMessage message, int historyLimit) {
        if (message.queryId() == null) {
            return Optional.empty();
        }
        ChatMessage asked = null;
        // Only an ended session can have been replaced; an active one never was.
        if (session.status() != SessionStatus.ACTIVE) {
            List<UUID> successors = sessions.successors(session.id());
            if (!successors.isEmpty()) {
                asked = ChatMessage
                        .<ChatMessage>find("role = ?1 and queryId = ?2 and sessionId in ?3 order by createdAt",
                                MessageRole.USER, message.queryId(), successors)
                        .firstResult();
            }
        }
        if (asked == null) {
            asked = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3", session.id(),
                    MessageRole.USER, message.queryId()).firstResult();
        }
        if (asked == null) {
            return Optional.empty();
        }
        if (!asked.text.equals(message.text())) {
            throw ProblemException.conflict("queryId '" + message.queryId()
                    + "' was already used for another message in this session; send a new queryId for a new message");
        }
        SessionView home = asked.sessionId.equals(session.id())
                ? session
                : sessions.view(asked.sessionId).orElseThrow();
        MessageView answer = ChatMessage.<ChatMessage>find("sessionId = ?1 and role = ?2 and queryId = ?3", home.id(),
                MessageRole.ASSISTANT, message.queryId()).firstResultOptional().map(this::view).orElse(null);
        return Optional.of(new AcceptedMessage(home, openedBy(home, asked), view(asked),
                history(home.id(), asked.seq, historyLimit), answer, carriedInto(home, asked)));
    }

    /** Whether {@code asked} is a copy the bot carried into {@code session}: its original is in the previous one. */
    private boolean carriedInto(SessionView session, ChatMessage asked) {
        return session.previousSessionId() != null && asked.seq == 1 && ChatMessage.count(
                "sessionId = ?1 and role = ?2 and queryId = ?3", session.previousSessionId(), MessageRole.USER,
                asked.queryId) > 0;
    }

    /**
     * The session change a query announced when it opened {@code session} (its first message, stored in the same
     * transaction); null when the session existed before the query.
     */
    private SessionChange openedBy(SessionView session, ChatMessage asked) {
        if (asked.seq != 1 || !asked.createdAt.equals(session.createdAt())) {
            return null;
        }
        if (session.previousSessionId() == null) {
            return new SessionChange(null, session.id(), SessionChange.CREATED);
        }
        // The ended session may have been deleted since; "ended" is then the closest truthful reason.
        EndReason reason = sessions.view(session.previousSessionId()).map(SessionView::endReason)
                .orElse(EndReason.ENDED);
        return new SessionChange(session.previousSessionId(), session.id(),
                (reason == null ? EndReason.ENDED : reason).json());
    }

    /** The latest {@code limit} messages of a session before message number {@code beforeSeq}, oldest first. */
    private List<MessageView> history(UUID sessionId, long beforeSeq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return ChatMessage.<ChatMessage>find("sessionId = ?1 and seq < ?2 order by seq desc", sessionId, beforeSeq)
                .range(0, limit - 1).list().reversed().stream().map(this::view).toList();
    }

    /** Stores a message in a session the caller has locked through {@link SessionService}. */
    private ChatMessage append(UUID sessionId, MessageRole role, NewMessage message, Instant now) {
        ChatMessage m = new ChatMessage();
        m.id = UUID.randomUUID();
        m.sessionId = sessionId;
        // The session row is locked (or new in this transaction), so the count is a gap-free sequence.
        m.seq = sessions.countMessage(sessionId, now);
        m.role = role;
        m.text = message.text();
        m.html = message.html();
        m.queryId = message.queryId();
        m.actions = message.actions().isEmpty() ? null : json(message.actions());
        m.createdAt = now;
        m.persist();
        return m;
    }

    MessageView view(ChatMessage m) {
        List<Experience.Action> actions = m.actions == null ? List.of() : read(m.actions);
        return new MessageView(m.id, m.sessionId, m.role, m.text, m.html, m.queryId, m.createdAt, actions);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private List<Experience.Action> read(String json) {
        try {
            return mapper.readValue(json, ACTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }
}

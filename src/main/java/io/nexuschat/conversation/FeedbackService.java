package io.nexuschat.conversation;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.Caller;
import io.nexuschat.common.CreationCursor;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.common.TransactionRetry;
import io.nexuschat.session.MessageRole;
import io.nexuschat.session.MessageView;
import io.nexuschat.session.SessionService;
import io.nexuschat.session.SessionView;

/**
 * Visitors' ratings of answers. One rating per answer: rating it again replaces the rating and comment and keeps the
 * feedback's id. Answers of ended sessions may still be rated.
 */
@ApplicationScoped
public class FeedbackService {

    /** Longest comment, in characters. */
    public static final int MAX_COMMENT = 2000;

    private final SessionService sessions;
    private final AppClock clock;
    private final Event<FeedbackEvent> events;

    @Inject
    public FeedbackService(SessionService sessions, AppClock clock, Event<FeedbackEvent> events) {
        this.sessions = sessions;
        this.clock = clock;
        this.events = events;
    }

    /** Result of {@link #rate}: the stored rating, and whether it is new (false: it replaced an earlier one). */
    public record Rated(FeedbackView feedback, boolean created) {
    }

    /**
     * Stores the rating of an answer of the session and fires a {@link FeedbackEvent}. 404 for an unknown session or
     * message, 403 when the caller may not use the session, 400 ({@code messageId}) for a user message or a message
     * of another session.
     */
    public Rated rate(UUID sessionId, FeedbackRequest request, Caller caller) {
        if (request == null) {
            throw ProblemException.invalidField("body", "a JSON object is required");
        }
        FieldErrors errors = new FieldErrors();
        UUID messageId = errors.optionalUuid("messageId", request.messageId());
        if (request.messageId() == null) {
            errors.add("messageId", "is required");
        }
        FeedbackRating rating = FeedbackRating.fromJson(request.rating());
        if (rating == null) {
            errors.add("rating", request.rating() == null ? "is required" : "must be up or down");
        }
        errors.maxLength("comment", request.comment(), MAX_COMMENT);
        SessionService.checkUserId(errors, request.userId());
        errors.throwIfAny();
        String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment();
        Caller rater = caller.withUserId(request.userId());
        // Retried when two first ratings of one message raced (the loser replaces the winner's) or the session was
        // deleted meanwhile (the retry answers 404).
        return TransactionRetry.onConstraintViolation(() -> {
            SessionView session = sessions.get(sessionId, rater);
            MessageView message = sessions.message(messageId)
                    .orElseThrow(() -> ProblemException.notFound("No message " + messageId));
            if (!message.sessionId().equals(sessionId)) {
                throw ProblemException.invalidField("messageId", "is a message of another session");
            }
            if (message.role() != MessageRole.ASSISTANT) {
                throw ProblemException.invalidField("messageId", "must be an answer; the visitor's own messages "
                        + "cannot be rated");
            }
            Instant now = clock.now();
            MessageFeedback feedback = MessageFeedback.<MessageFeedback>find("messageId", messageId).firstResult();
            boolean created = feedback == null;
            if (created) {
                feedback = new MessageFeedback();
                feedback.id = UUID.randomUUID();
                feedback.sessionId = sessionId;
                feedback.messageId = messageId;
                feedback.createdAt = now;
            }
            feedback.rating = rating;
            feedback.comment = comment;
            feedback.updatedAt = now;
            feedback.persistAndFlush();
            FeedbackView view = view(feedback);
            events.fire(new FeedbackEvent(session.experienceId(), view, !created));
            return new Rated(view, created);
        });
    }

    /** A session's ratings, oldest first: 404 for an unknown session. For API-key callers. */
    @Transactional
    public Page<FeedbackView> list(UUID sessionId, Caller caller, PageRequest page) {
        sessions.get(sessionId, caller);
        return Page.of(
                CreationCursor.sessionPage(MessageFeedback.getEntityManager(), MessageFeedback.class, sessionId, page),
                page.limit(),
                FeedbackService::view, f -> new CreationCursor(f.createdAt, f.id).encode());
    }

    /** One rating of a session: 404 when the session or the rating is unknown. For API-key callers. */
    @Transactional
    public FeedbackView get(UUID sessionId, UUID feedbackId, Caller caller) {
        sessions.get(sessionId, caller);
        MessageFeedback feedback = MessageFeedback.findById(feedbackId);
        if (feedback == null || !feedback.sessionId.equals(sessionId)) {
            throw ProblemException.notFound("No feedback " + feedbackId + " in session " + sessionId);
        }
        return view(feedback);
    }

    private static FeedbackView view(MessageFeedback f) {
        return new FeedbackView(f.id, f.sessionId, f.messageId, f.rating, f.comment, f.createdAt, f.updatedAt);
    }
}

package io.nexuschat.conversation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.nexuschat.common.AppClock;
import io.nexuschat.common.Caller;
import io.nexuschat.common.FieldErrors;
import io.nexuschat.common.Page;
import io.nexuschat.common.PageRequest;
import io.nexuschat.common.ProblemException;
import io.nexuschat.session.SessionRecords;
import io.nexuschat.session.SessionService;

/**
 * Visitors' ratings of answers. One rating per answer: rating it again replaces the rating and comment and keeps the
 * feedback's id. Answers of ended sessions may still be rated.
 */
@ApplicationScoped
public class FeedbackService {

    /** Longest comment, in characters. */
    public static final int MAX_COMMENT = 2000;

    private static final SessionRecords.Kind<MessageFeedback, FeedbackView> KIND = new SessionRecords.Kind<>(
            MessageFeedback.class, "feedback", FeedbackService::view);

    private final SessionRecords records;
    private final MessageService messages;
    private final AppClock clock;
    private final Event<FeedbackEvent> events;

    @Inject
    public FeedbackService(SessionRecords records, MessageService messages, AppClock clock,
            Event<FeedbackEvent> events) {
        this.records = records;
        this.messages = messages;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Stores the rating of an answer of the session and fires a {@link FeedbackEvent} in the same transaction. 404 for
     * an unknown session or message, 403 when the caller may not use the session, 400 ({@code messageId}) for a user
     * message or a message of another session. {@code created} is false when it replaced an earlier rating.
     */
    public SessionRecords.Written<FeedbackView> rate(UUID sessionId, FeedbackRequest request, Caller caller) {
        FieldErrors errors = FieldErrors.of(request).required("messageId", request.messageId());
        UUID messageId = errors.optionalUuid("messageId", request.messageId());
        FeedbackRating rating = FeedbackRating.fromJson(request.rating());
        if (rating == null) {
            errors.add("rating", request.rating() == null ? "is required" : "must be up or down");
        }
        errors.maxLength("comment", request.comment(), MAX_COMMENT);
        SessionService.checkUserId(errors, request.userId());
        errors.throwIfAny();
        String comment = request.comment() == null || request.comment().isBlank() ? null : request.comment();
        // Retried when two first ratings of one message raced (the loser replaces the winner's) or the session was
        // deleted meanwhile (the retry answers 404).
        return records.write(sessionId, caller.withUser(request.userId(), request.userHash()), session -> {
            MessageView message = messages.message(messageId)
                    .orElseThrow(() -> ProblemException.notFound("No message " + messageId));
            if (!message.sessionId().equals(sessionId)) {
                throw ProblemException.invalidField("messageId", "is a message of another session");
            }
            if (message.role() != MessageRole.ASSISTANT) {
                throw ProblemException.invalidField("messageId", "must be an answer; the visitor's own messages "
                        + "cannot be rated");
            }
            MessageFeedback feedback = MessageFeedback.<MessageFeedback>find("messageId", messageId).firstResult();
            boolean created = feedback == null;
            if (created) {
                feedback = records.create(new MessageFeedback(), sessionId, null);
                feedback.messageId = messageId;
            }
            feedback.rating = rating;
            feedback.comment = comment;
            feedback.updatedAt = created ? feedback.createdAt : clock.now();
            feedback.persistAndFlush();
            FeedbackView view = view(feedback);
            events.fire(new FeedbackEvent(session.experienceId(), view, !created));
            return new SessionRecords.Written<>(view, created);
        });
    }

    /**
     * The current ratings of these messages, by message id, in one query (a resumed widget shows them). No access
     * check: callers check the session's.
     */
    @Transactional
    public Map<UUID, FeedbackRating> ratings(Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, FeedbackRating> ratings = new HashMap<>();
        for (MessageFeedback f : MessageFeedback.<MessageFeedback>list("messageId in ?1", messageIds)) {
            ratings.put(f.messageId, f.rating);
        }
        return ratings;
    }

    /** A session's ratings, oldest first (by first rating): 404 for an unknown session. For API-key callers. */
    public Page<FeedbackView> list(UUID sessionId, Caller caller, PageRequest page) {
        return records.list(KIND, sessionId, caller, page);
    }

    /** One rating of a session: 404 when the session or the rating is unknown. For API-key callers. */
    public FeedbackView get(UUID sessionId, UUID feedbackId, Caller caller) {
        return records.get(KIND, sessionId, feedbackId, caller);
    }

    private static FeedbackView view(MessageFeedback f) {
        return new FeedbackView(f.id, f.sessionId, f.messageId, f.rating, f.comment, f.createdAt, f.updatedAt);
    }
}

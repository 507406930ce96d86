package io.nexuschat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.nexuschat.conversation.FeedbackEvent;
import io.nexuschat.handover.HandoverEvent;

/**
 * Test observer: the committed events of the session records (ratings, handover requests), as the relay will receive
 * them, found again by the session they belong to.
 */
@ApplicationScoped
public class RecordedEvents {

    private final List<FeedbackEvent> feedback = new CopyOnWriteArrayList<>();
    private final List<HandoverEvent> handovers = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedbackEvent event) {
        feedback.add(event);
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) HandoverEvent event) {
        handovers.add(event);
    }

    /** The committed ratings of one session, in order. */
    public List<FeedbackEvent> feedback(UUID sessionId) {
        return feedback.stream().filter(e -> e.feedback().sessionId().equals(sessionId)).toList();
    }

    /** The committed handover requests of one session, in order. */
    public List<HandoverEvent> handovers(UUID sessionId) {
        return handovers.stream().filter(e -> e.handover().sessionId().equals(sessionId)).toList();
    }
}

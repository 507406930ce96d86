package io.nexuschat.conversation;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Test observer: records committed feedback events, as the relay will receive them. */
@ApplicationScoped
public class RecordedFeedbackEvents {

    private final List<FeedbackEvent> events = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedbackEvent event) {
        events.add(event);
    }

    /** The committed events of one session, in order. */
    public List<FeedbackEvent> of(UUID sessionId) {
        return events.stream().filter(e -> e.feedback().sessionId().equals(sessionId)).toList();
    }
}

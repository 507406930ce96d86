package io.nexuschat.conversation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.nexuschat.RecordedEvents;

/** Test observer: records committed feedback events, as the relay will receive them. */
@ApplicationScoped
public class RecordedFeedbackEvents extends RecordedEvents<FeedbackEvent> {

    public RecordedFeedbackEvents() {
        super(e -> e.feedback().sessionId());
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) FeedbackEvent event) {
        record(event);
    }
}

package io.nexuschat.handover;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import io.nexuschat.RecordedEvents;

/** Test observer: records committed handover events, as the relay will receive them. */
@ApplicationScoped
public class RecordedHandoverEvents extends RecordedEvents<HandoverEvent> {

    public RecordedHandoverEvents() {
        super(e -> e.handover().sessionId());
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) HandoverEvent event) {
        record(event);
    }
}

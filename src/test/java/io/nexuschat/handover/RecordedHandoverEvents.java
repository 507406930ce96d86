package io.nexuschat.handover;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Test observer: records committed handover events, as the relay will receive them. */
@ApplicationScoped
public class RecordedHandoverEvents {

    private final List<HandoverEvent> events = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) HandoverEvent event) {
        events.add(event);
    }

    /** The committed events of one session, in order. */
    public List<HandoverEvent> of(UUID sessionId) {
        return events.stream().filter(e -> e.handover().sessionId().equals(sessionId)).toList();
    }
}

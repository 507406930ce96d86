package io.nexuschat.session;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/** Test observer: records committed session events, as the webhook relay will receive them. */
@ApplicationScoped
public class RecordedSessionEvents {

    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) SessionEvent event) {
        events.add(event);
    }

    /** The types of the committed events of one session, in order. */
    public List<SessionEvent.Type> typesFor(UUID sessionId) {
        return events.stream().filter(e -> e.session().id().equals(sessionId)).map(SessionEvent::type).toList();
    }

    /** The committed events of one session, in order. */
    public List<SessionEvent> of(UUID sessionId) {
        return events.stream().filter(e -> e.session().id().equals(sessionId)).toList();
    }
}

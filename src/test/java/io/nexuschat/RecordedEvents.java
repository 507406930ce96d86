package io.nexuschat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Test observers' shared memory: the committed events of one type, as the relay will receive them, found again by
 * the session they belong to. A subclass observes its event type and says where an event names its session.
 */
public abstract class RecordedEvents<E> {

    private final List<E> events = new CopyOnWriteArrayList<>();
    private final Function<E, UUID> sessionOf;

    protected RecordedEvents(Function<E, UUID> sessionOf) {
        this.sessionOf = sessionOf;
    }

    protected void record(E event) {
        events.add(event);
    }

    /** The committed events of one session, in order. */
    public List<E> of(UUID sessionId) {
        return events.stream().filter(e -> sessionOf.apply(e).equals(sessionId)).toList();
    }
}

package io.nexuschat.relay;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tells the parts of this instance that wait for events that some were committed: relay workers wake at once (so
 * delivery latency does not depend on a poll interval) and live streams receive them.
 */
@ApplicationScoped
public class RelaySignal {

    private final List<Runnable> wakers = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<StoredEvent>>> listeners = new CopyOnWriteArrayList<>();

    /** Registers something to run (quickly, without blocking) whenever deliveries may have become due. */
    public void onWake(Runnable waker) {
        wakers.add(waker);
    }

    /** Registers a listener for committed events (called on the committing thread; must not block). */
    public void onCommitted(Consumer<List<StoredEvent>> listener) {
        listeners.add(listener);
    }

    /** Removes a listener registered with {@link #onCommitted}. */
    public void removeCommitted(Consumer<List<StoredEvent>> listener) {
        listeners.remove(listener);
    }

    /** Wakes the workers: deliveries may be due (new events, a replay, an endpoint enabled). */
    public void wake() {
        for (Runnable waker : wakers) {
            waker.run();
        }
    }

    /** Events were committed: wake the workers and hand the events to live listeners. */
    public void committed(List<StoredEvent> events) {
        wake();
        for (Consumer<List<StoredEvent>> listener : listeners) {
            listener.accept(events);
        }
    }
}

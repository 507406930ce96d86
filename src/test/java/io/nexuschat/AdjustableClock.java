package io.nexuschat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.nexuschat.common.AppClock;

/** Test clock: real time plus an offset that tests advance instead of sleeping. */
@Alternative
@Priority(1)
@ApplicationScoped
public class AdjustableClock extends AppClock {

    private final AtomicLong offsetMillis = new AtomicLong();

    @Override
    public Instant now() {
        return super.now().plusMillis(offsetMillis.get());
    }

    /** Moves "now" forward. */
    public void advance(Duration by) {
        offsetMillis.addAndGet(by.toMillis());
    }

    /** Back to real time. */
    public void reset() {
        offsetMillis.set(0);
    }
}

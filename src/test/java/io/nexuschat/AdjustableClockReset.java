package io.nexuschat;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Puts the {@link AdjustableClock} back to real time after every {@code @QuarkusTest} method, so a test that advances
 * it needs no {@code @AfterEach} of its own (registered in {@code META-INF/services}).
 */
public class AdjustableClockReset implements QuarkusTestAfterEachCallback {

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return;
        }
        InstanceHandle<AdjustableClock> clock = container.instance(AdjustableClock.class);
        if (clock.isAvailable()) {
            clock.get().reset();
        }
    }
}

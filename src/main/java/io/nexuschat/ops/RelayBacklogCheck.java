package io.nexuschat.ops;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.nexuschat.common.AppClock;

/**
 * Readiness of the relay: DOWN when a delivery has been due for longer than {@code nexus.ops.relay-backlog-max-delay}
 * (workers not keeping up) or when the backlog cannot be read; reports the pending and due counts. The database's own
 * readiness check ({@code quarkus.datasource.health.enabled}) sits next to it.
 */
@Readiness
@ApplicationScoped
public class RelayBacklogCheck implements HealthCheck {

    @Inject
    OpsStore store;

    @Inject
    OpsConfig config;

    @Inject
    AppClock clock;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("Relay backlog");
        try {
            var now = clock.now();
            OpsStore.Backlog backlog = store.relayBacklog(now);
            long waited = backlog.oldestDue() == null ? 0 : Duration.between(backlog.oldestDue(), now).toSeconds();
            health.withData("pending", backlog.pending()).withData("due", backlog.due())
                    .withData("oldestDueSeconds", Math.max(0, waited));
            return health.status(waited <= config.relayBacklogMaxDelay().toSeconds()).build();
        } catch (Exception e) {
            return health.down().withData("error", "cannot read the relay backlog: " + e.getClass().getSimpleName())
                    .build();
        }
    }
}

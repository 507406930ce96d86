package io.nexuschat.relay.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.common.AppClock;
import io.nexuschat.relay.RelayConfig;
import io.quarkus.scheduler.Scheduled;

/** Deletes relayed events older than {@code nexus.relay.retention} once none of their deliveries is pending. */
@ApplicationScoped
public class RelayPruner {

    private static final Logger LOG = Logger.getLogger(RelayPruner.class);

    @Inject
    DeliveryStore store;

    @Inject
    RelayConfig config;

    @Inject
    AppClock clock;

    @Scheduled(every = "${nexus.relay.prune-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        prune();
    }

    /** Prunes now; returns how many events were deleted. */
    public int prune() {
        int pruned = store.prune(clock.now().minus(config.retention()));
        if (pruned > 0) {
            LOG.infof("Pruned %d relayed events older than %s", pruned, config.retention());
        }
        return pruned;
    }
}

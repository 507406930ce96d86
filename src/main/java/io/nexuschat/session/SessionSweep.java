package io.nexuschat.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Records the expiry of timed-out sessions in the background and fires their {@code ENDED} event, so webhooks learn
 * about expiry even for sessions nobody uses again. Reads never record it (they only show the effective status); a
 * write that needs it (a query, a patch, a clear, a handover, a rating) records it under the row lock first.
 */
@ApplicationScoped
public class SessionSweep {

    private static final Logger LOG = Logger.getLogger(SessionSweep.class);

    @Inject
    SessionService sessions;

    @Inject
    SessionConfig config;

    @Scheduled(identity = "session-sweep", every = "${nexus.sessions.sweep-interval:60s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        int expired = sweepOnce();
        if (expired > 0) {
            LOG.debugf("Session sweep expired %d sessions", expired);
        }
    }

    /** One sweep run: expires up to the configured batch of due sessions; returns how many. */
    public int sweepOnce() {
        return sessions.expireDue(config.sweepBatchSize());
    }
}

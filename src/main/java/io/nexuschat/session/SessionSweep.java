package io.nexuschat.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Marks timed-out sessions expired in the background, so listings and webhooks learn about expiry even for sessions
 * nobody reads again. Expiry does not depend on it: every read and use applies it too.
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

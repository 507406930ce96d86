package io.nexuschat.relay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.common.AppClock;
import io.nexuschat.relay.RelayConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Records delivery attempts in groups: senders hand over outcomes and go on with the next delivery; one recorder
 * thread takes everything handed over since its last write (up to {@value #MAX_GROUP} attempts) and records it in
 * one transaction — the attempt log, each delivery moved on, each endpoint's health. Until an attempt is recorded its
 * delivery stays leased; if the process dies first, the lease runs out and the event is sent again (at least once).
 */
@ApplicationScoped
public class AttemptRecorder {

    private static final Logger LOG = Logger.getLogger(AttemptRecorder.class);
    /** Attempts recorded in one transaction at most. */
    static final int MAX_GROUP = 1000;
    /** How long the recorder gathers outcomes after the first before it writes them. */
    static final Duration LINGER = Duration.ofMillis(20);

    /**
     * One attempt to record.
     *
     * @param endpointId the target
     * @param delivery what was sent
     * @param attemptedAt when the attempt started
     * @param outcome what it achieved
     * @param retryIn how long after it is recorded the delivery is due again; null when it is final (delivered, or
     *        failed for good)
     */
    public record Attempt(UUID endpointId, ClaimedDelivery delivery, Instant attemptedAt, DeliveryOutcome outcome,
            Duration retryIn) {
    }

    @Inject
    DeliveryStore store;

    @Inject
    RelayConfig config;

    @Inject
    AppClock clock;

    private final LinkedBlockingQueue<Attempt> queue = new LinkedBlockingQueue<>();
    private final AtomicLong delivered = new AtomicLong();
    private final List<Consumer<UUID>> disabledListeners = new CopyOnWriteArrayList<>();
    private final Object writing = new Object();
    private volatile Thread thread;
    private volatile boolean stopping;

    /** Hands over attempts; they are recorded shortly, in order, in one transaction with others. */
    public void record(List<Attempt> attempts) {
        queue.addAll(attempts);
        ensureStarted();
    }

    /** Registers something to run when a recorded attempt disabled an endpoint (a 410, or failing too long). */
    public void onDisabled(Consumer<UUID> listener) {
        disabledListeners.add(listener);
    }

    /** Deliveries that succeeded and were recorded in this process. */
    public long deliveredCount() {
        return delivered.get();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        // Not interrupted: an interrupt can close H2's file channel under a write.
        stopping = true;
        // Whatever senders handed over before the shutdown is recorded now, so it is not sent again.
        drainAndWrite();
    }

    private void ensureStarted() {
        if (thread == null) {
            synchronized (this) {
                if (thread == null) {
                    thread = Thread.ofPlatform().name("relay-recorder").daemon().start(this::run);
                }
            }
        }
    }

    private void run() {
        while (!stopping) {
            try {
                Attempt first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Attempt> group = new ArrayList<>();
                    group.add(first);
                    // Outcomes keep coming while deliveries flow: gather them for a moment, so that a commit (on H2:
                    // writing every page the transaction touched) records many. Their deliveries stay leased.
                    long until = System.nanoTime() + LINGER.toNanos();
                    long left;
                    while (queue.drainTo(group, MAX_GROUP - group.size()) >= 0 && group.size() < MAX_GROUP
                            && (left = until - System.nanoTime()) > 0) {
                        Attempt next = queue.poll(left, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        group.add(next);
                    }
                    synchronized (writing) {
                        write(group);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Recording delivery attempts failed unexpectedly");
            }
        }
    }

    private void drainAndWrite() {
        synchronized (writing) {
            List<Attempt> rest = new ArrayList<>();
            queue.drainTo(rest);
            if (!rest.isEmpty()) {
                write(rest);
            }
        }
    }

    /** Records a group in one transaction; if that fails, each endpoint's part on its own. */
    private void write(List<Attempt> group) {
        try {
            commit(group);
        } catch (RuntimeException e) {
            Map<UUID, List<Attempt>> byEndpoint = byEndpoint(group);
            if (byEndpoint.size() == 1) {
                failed(group, e);
                return;
            }
            // One endpoint's part can fail alone (the endpoint was deleted meanwhile): record the others.
            for (List<Attempt> part : byEndpoint.values()) {
                try {
                    commit(part);
                } catch (RuntimeException again) {
                    failed(part, again);
                }
            }
        }
    }

    private void failed(List<Attempt> attempts, RuntimeException e) {
        // The leases run out and the deliveries are attempted again: at least once.
        LOG.warnf("Recording %d delivery attempts to endpoint %s failed: %s", attempts.size(),
                attempts.getFirst().endpointId(), e.getMessage());
    }

    private void commit(List<Attempt> group) {
        Map<UUID, String> disabled = QuarkusTransaction.requiringNew().call(() -> {
            // Retry delays count from now, when the outcome is recorded; so does the endpoint's health.
            Instant now = clock.now();
            // Endpoint rows first, then delivery rows: the order an endpoint's deletion (cascading) locks them in.
            Map<UUID, String> disabledBy = new LinkedHashMap<>();
            byEndpoint(group).forEach((endpointId, attempts) -> {
                String reason = health(endpointId, attempts, now);
                if (reason != null) {
                    disabledBy.put(endpointId, reason);
                }
            });
            store.recordAll(group, now);
            return disabledBy;
        });
        delivered.addAndGet(group.stream().filter(a -> a.outcome().delivered()).count());
        disabled.forEach((endpointId, reason) -> {
            LOG.warnf("Relay endpoint %s disabled: %s", endpointId, reason);
            disabledListeners.forEach(l -> l.accept(endpointId));
        });
    }

    /**
     * Moves an endpoint's health on as its attempts, one after the other, would: a 410 disables it; a success
     * clears its failing state; a failure after the last success marks it failing (since now, if it was not) and
     * disables it once it has failed for {@code nexus.relay.disable-after}. Returns the reason when this disabled it.
     */
    private String health(UUID endpointId, List<Attempt> attempts, Instant at) {
        boolean gone = false, succeeded = false, failingAtEnd = false;
        for (Attempt a : attempts) {
            DeliveryOutcome result = a.outcome();
            if (result.delivered()) {
                succeeded = true;
                failingAtEnd = false;
            } else if (result.permanent() && result.statusCode() == null) {
                // Dropped before any exchange (not sent to this service): says nothing of its health.
                continue;
            } else {
                gone |= result.gone();
                failingAtEnd = true;
            }
        }
        String disabledBy = null;
        if (gone) {
            disabledBy = store.endpointFailed(endpointId, at, "The endpoint answered 410 Gone",
                    at.minus(config.disableAfter()));
        }
        if (succeeded) {
            store.endpointSucceeded(endpointId);
        }
        if (failingAtEnd) {
            String reason = store.endpointFailed(endpointId, at, null, at.minus(config.disableAfter()));
            disabledBy = disabledBy == null ? reason : disabledBy;
        }
        return disabledBy;
    }

    private static Map<UUID, List<Attempt>> byEndpoint(List<Attempt> group) {
        Map<UUID, List<Attempt>> byEndpoint = new LinkedHashMap<>();
        for (Attempt a : group) {
            byEndpoint.computeIfAbsent(a.endpointId(), id -> new ArrayList<>()).add(a);
        }
        return byEndpoint;
    }
}

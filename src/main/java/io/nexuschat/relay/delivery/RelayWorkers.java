package io.nexuschat.relay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.nexuschat.common.AppClock;
import io.nexuschat.relay.RelayConfig;
import io.nexuschat.relay.RelaySignal;
import io.nexuschat.relay.webhook.WebhookEndpoint;
import io.nexuschat.relay.webhook.WebhookStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The relay workers of this instance. Each worker loop sleeps until events are committed (a {@link RelaySignal}),
 * a delivery finishes, or the poll interval passes; then, per endpoint with due deliveries, it claims as many as the
 * endpoint has free slots ({@code nexus.relay.endpoint-concurrency}) and sends each on a virtual thread — so a slow
 * endpoint only ever occupies its own slots, never another endpoint's. Several workers (in one instance or many)
 * share the outbox through {@link DeliveryStore#claim}.
 */
@ApplicationScoped
public class RelayWorkers {

    private static final Logger LOG = Logger.getLogger(RelayWorkers.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /** Requests a batch's lease allows for (each within the timeout). */
    private static final int BATCH_LEASE_REQUESTS = 4;

    @Inject
    RelayConfig config;

    @Inject
    DeliveryStore store;

    @Inject
    WebhookStore endpoints;

    @Inject
    AppClock clock;

    @Inject
    RelaySignal signal;

    @Inject
    Instance<Sink> sinks;

    @Inject
    io.nexuschat.ops.DomainMetrics metrics;

    private final List<Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running = true;

    void start(@Observes StartupEvent startup) {
        if (!config.workersEnabled()) {
            LOG.info("Relay workers are disabled on this instance (nexus.relay.workers-enabled=false)");
            return;
        }
        for (int i = 0; i < config.workers(); i++) {
            startWorker("relay-worker-" + i);
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        workers.forEach(Worker::wake);
    }

    /** Starts one more claim loop (tests run two to show they never deliver the same event twice). */
    public void startWorker(String name) {
        Worker worker = new Worker(name);
        workers.add(worker);
        signal.onWake(worker::wake);
        Thread.ofPlatform().name(name).daemon().start(worker::run);
    }

    /** Deliveries that succeeded in this process (for benchmarks and tests). */
    public long deliveredCount() {
        return delivered.get();
    }

    /** The delay before the attempt after {@code attemptsMade} failed ones, with jitter; null when none is left. */
    Duration retryDelay(int attemptsMade, Duration retryAfter) {
        List<Duration> schedule = config.retrySchedule();
        if (attemptsMade >= schedule.size()) {
            return null;
        }
        Duration delay = schedule.get(attemptsMade);
        if (config.jitter() > 0 && !delay.isZero()) {
            delay = delay
                    .plusMillis((long) (delay.toMillis() * config.jitter() * ThreadLocalRandom.current().nextDouble()));
        }
        if (retryAfter != null) {
            Duration capped = retryAfter.compareTo(config.maxRetryAfter()) > 0 ? config.maxRetryAfter() : retryAfter;
            delay = capped.compareTo(delay) > 0 ? capped : delay;
        }
        return delay;
    }

    /** One claim loop. */
    private final class Worker {

        private final String name;
        private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        private volatile Thread thread;
        private volatile boolean signalled;

        Worker(String name) {
            this.name = name;
        }

        void wake() {
            signalled = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }

        void run() {
            thread = Thread.currentThread();
            while (running) {
                try {
                    signalled = false;
                    claimAndSend();
                } catch (RuntimeException e) {
                    LOG.warnf("%s: claiming deliveries failed (%s); retrying after the poll interval", name,
                            e.getMessage());
                }
                if (!signalled) {
                    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(config.pollInterval().toMillis()));
                }
            }
        }

        private void claimAndSend() {
            Instant now = clock.now();
            for (Map.Entry<UUID, String> due : store.dueEndpoints(now).entrySet()) {
                UUID endpointId = due.getKey();
                AtomicInteger busy = inFlight.computeIfAbsent(endpointId, id -> new AtomicInteger());
                int free = config.endpointConcurrency() - busy.get();
                if (free <= 0) {
                    continue;
                }
                Sink sink = sink(due.getValue());
                if (sink == null) {
                    continue;
                }
                boolean batched = sink.batchSize() > 1;
                // A batch may take several requests (one after the other), each within the timeout.
                Instant leaseUntil = now.plus(config.timeout().multipliedBy(batched ? BATCH_LEASE_REQUESTS : 1))
                        .plus(LEASE_MARGIN);
                List<ClaimedDelivery> claimed = store.claim(endpointId, batched ? sink.batchSize() : free, now,
                        leaseUntil);
                if (claimed.isEmpty()) {
                    continue;
                }
                WebhookEndpoint target = endpoints.find(endpointId).orElse(null);
                if (target == null) {
                    continue; // deleted meanwhile: its deliveries went with it
                }
                if (batched) {
                    // One batch occupies one slot of the target.
                    busy.incrementAndGet();
                    Thread.ofVirtual().name(name + "-send").start(() -> {
                        try {
                            sendBatch(sink, target, claimed);
                        } finally {
                            busy.decrementAndGet();
                            wake();
                        }
                    });
                    continue;
                }
                for (ClaimedDelivery delivery : claimed) {
                    busy.incrementAndGet();
                    Thread.ofVirtual().name(name + "-send").start(() -> {
                        try {
                            send(sink, target, delivery);
                        } finally {
                            busy.decrementAndGet();
                            wake();
                        }
                    });
                }
            }
        }
    }

    private void send(Sink sink, WebhookEndpoint target, ClaimedDelivery delivery) {
        Instant attemptedAt = clock.now();
        DeliveryOutcome outcome;
        try {
            outcome = sink.deliver(target, delivery);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Delivering event %s to endpoint %s failed unexpectedly", delivery.eventId(), target.id());
            outcome = DeliveryOutcome.failed("Internal error: " + e.getClass().getSimpleName(), 0);
        }
        Map<ClaimedDelivery, DeliveryOutcome> one = new LinkedHashMap<>();
        one.put(delivery, outcome);
        finish(target, one, attemptedAt);
    }

    /** Sends a batch through a batching sink, recording each reported part as it comes. */
    private void sendBatch(Sink sink, WebhookEndpoint target, List<ClaimedDelivery> batch) {
        Set<ClaimedDelivery> open = new LinkedHashSet<>(batch);
        Instant[] attemptedAt = {clock.now()};
        try {
            sink.deliverBatch(target, batch, outcomes -> {
                Map<ClaimedDelivery, DeliveryOutcome> mine = new LinkedHashMap<>();
                outcomes.forEach((d, o) -> {
                    if (open.remove(d)) {
                        mine.put(d, o);
                    }
                });
                finish(target, mine, attemptedAt[0]);
                attemptedAt[0] = clock.now();
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Delivering %d events to endpoint %s failed unexpectedly", batch.size(), target.id());
        }
        if (!open.isEmpty()) {
            Map<ClaimedDelivery, DeliveryOutcome> rest = new LinkedHashMap<>();
            open.forEach(d -> rest.put(d, DeliveryOutcome.failed("Internal error: no outcome reported", 0)));
            finish(target, rest, attemptedAt[0]);
        }
    }

    /**
     * Logs attempts and moves their deliveries on, in one transaction: delivered; failed for good (a final outcome,
     * or the schedule is exhausted); or due again after the schedule's next delay (at least {@code Retry-After}).
     */
    private void finish(WebhookEndpoint target, Map<ClaimedDelivery, DeliveryOutcome> outcomes, Instant attemptedAt) {
        if (outcomes.isEmpty()) {
            return;
        }
        metrics.relayAttempts(target.id(), outcomes.size(),
                outcomes.values().stream().filter(o -> !o.delivered()).count());
        Instant now = clock.now();
        try {
            String disabled = QuarkusTransaction.requiringNew().call(() -> {
                String disabledBy = null;
                for (Map.Entry<ClaimedDelivery, DeliveryOutcome> entry : outcomes.entrySet()) {
                    ClaimedDelivery delivery = entry.getKey();
                    DeliveryOutcome result = entry.getValue();
                    if (result.gone()) {
                        // Stays pending: delivered if the endpoint is enabled again.
                        store.record(delivery, attemptedAt, result, now);
                    } else {
                        Duration delay = result.delivered() || result.permanent()
                                ? null
                                : retryDelay(delivery.attempts() + 1, result.retryAfter());
                        store.record(delivery, attemptedAt, result, delay == null ? null : now.plus(delay));
                    }
                    if (result.delivered()) {
                        store.endpointSucceeded(target.id());
                    } else if (result.permanent() && result.statusCode() == null) {
                        // Dropped before any exchange (not sent to this service): says nothing of its health.
                        continue;
                    } else {
                        String reason = store.endpointFailed(target.id(), now,
                                result.gone() ? "The endpoint answered 410 Gone" : null,
                                now.minus(config.disableAfter()));
                        disabledBy = disabledBy == null ? reason : disabledBy;
                    }
                }
                return disabledBy;
            });
            delivered.addAndGet(outcomes.values().stream().filter(DeliveryOutcome::delivered).count());
            if (disabled != null) {
                LOG.warnf("Relay endpoint %s disabled: %s", target.id(), disabled);
            }
        } catch (RuntimeException e) {
            // The lease runs out and the deliveries are attempted again: at least once.
            LOG.warnf("Recording %d delivery attempts to endpoint %s failed: %s", outcomes.size(), target.id(),
                    e.getMessage());
        }
    }

    private Sink sink(String kind) {
        for (Sink sink : sinks) {
            if (sink.kinds().contains(kind)) {
                return sink;
            }
        }
        return null;
    }
}

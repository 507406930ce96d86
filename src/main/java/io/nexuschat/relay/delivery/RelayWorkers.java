package io.nexuschat.relay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
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
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The relay workers of this instance. Each worker loop sleeps until events are committed (a {@link RelaySignal}),
 * an endpoint's queue runs low, or the poll interval passes; then, per endpoint with due deliveries, it claims
 * {@value #LEASE_REQUESTS} to {@value #MAX_CLAIM_PER_SLOT} requests per slot, as the endpoint's recent latency
 * allows ({@code nexus.relay.endpoint-concurrency} slots), in one transaction and
 * queues them in claim order (the order of commit) for that endpoint. Up to one sender per slot, each on a virtual
 * thread, takes the queue's head and sends it — so a slow endpoint only ever occupies its own slots, never another
 * endpoint's. Outcomes go to the {@link AttemptRecorder}, which records many in one transaction. Several workers (in
 * one instance or many) share the outbox through {@link DeliveryStore#claim}.
 */
@ApplicationScoped
public class RelayWorkers {

    private static final Logger LOG = Logger.getLogger(RelayWorkers.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /**
     * Requests per slot a claim takes (and its lease allows for, each within the timeout): enough that an endpoint's
     * queue does not run dry between claims, few enough that a slow endpoint does not hold many leases.
     */
    static final int LEASE_REQUESTS = 4;
    /**
     * Requests per slot a claim takes at most for an endpoint that answers fast. A claim costs a transaction (on H2
     * a commit that writes the pages it touched), so a fast endpoint gets large claims: as many as its recent
     * latency lets each slot send within a quarter of the lease, between {@value #LEASE_REQUESTS} and this.
     */
    static final int MAX_CLAIM_PER_SLOT = 64;

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
    AttemptRecorder recorder;

    @Inject
    Instance<Sink> sinks;

    @Inject
    io.nexuschat.ops.DomainMetrics metrics;

    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    void start(@Observes StartupEvent startup) {
        recorder.onDisabled(endpointId -> workers.forEach(w -> w.dropQueued(endpointId)));
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

    /** Deliveries that succeeded and were recorded in this process (for benchmarks and tests). */
    public long deliveredCount() {
        return recorder.deliveredCount();
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

    /** One endpoint's deliveries held by one worker: queued in claim order, and the senders taking them. */
    private static final class Lane {
        final ConcurrentLinkedQueue<ClaimedDelivery> queue = new ConcurrentLinkedQueue<>();
        /** Claimed and not yet sent (queued or in flight); a batch counts as one. */
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger senders = new AtomicInteger();
        volatile WebhookEndpoint target;
        volatile Sink sink;
        /** Recent request latency (moving average, nanoseconds); negative until the first request. */
        volatile long latencyNanos = -1;
        /** {@link #outstanding} at which the senders wake the worker to claim more (half of the last claim's). */
        volatile int claimAgainAt;

        /** Requests per slot to claim: what the recent latency lets a slot send within a quarter of the lease. */
        int perSlot(Duration timeout) {
            long latency = latencyNanos;
            if (latency < 0) {
                return LEASE_REQUESTS;
            }
            long fit = timeout.multipliedBy(LEASE_REQUESTS).toNanos() / 4 / Math.max(latency, 1);
            return (int) Math.max(LEASE_REQUESTS, Math.min(MAX_CLAIM_PER_SLOT, fit));
        }

        void sent(long nanos) {
            long previous = latencyNanos;
            latencyNanos = previous < 0 ? nanos : previous + (nanos - previous) / 8;
        }

        /** Empties the queue (those deliveries are not sent now; their leases run out); returns how many. */
        int dropQueued() {
            int dropped = 0;
            while (queue.poll() != null) {
                outstanding.decrementAndGet();
                dropped++;
            }
            return dropped;
        }
    }

    /** One claim loop. */
    private final class Worker {

        private final String name;
        private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
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

        /** The endpoint was disabled: what is still queued for it is not sent (its leases run out; not lost). */
        void dropQueued(UUID endpointId) {
            Lane lane = lanes.get(endpointId);
            if (lane != null) {
                lane.dropQueued();
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
            int slots = config.endpointConcurrency();
            for (Map.Entry<UUID, String> due : store.dueEndpoints(now).entrySet()) {
                UUID endpointId = due.getKey();
                Lane lane = lanes.computeIfAbsent(endpointId, id -> new Lane());
                Sink sink = sink(due.getValue());
                if (sink == null) {
                    continue;
                }
                boolean batched = sink.batchSize() > 1;
                int capacity = batched ? slots : slots * lane.perSlot(config.timeout());
                int outstanding = lane.outstanding.get();
                // Claim again once the queue is down to half: the senders keep going while the claim runs.
                if (batched ? outstanding >= slots : outstanding > capacity / 2) {
                    continue;
                }
                // A batch may take several requests (one after the other), and a queued delivery waits for those
                // ahead of it: each request within the timeout.
                Instant leaseUntil = now.plus(config.timeout().multipliedBy(LEASE_REQUESTS)).plus(LEASE_MARGIN);
                List<ClaimedDelivery> claimed = store.claim(endpointId,
                        batched ? sink.batchSize() : capacity - outstanding, now, leaseUntil);
                if (claimed.isEmpty()) {
                    continue;
                }
                WebhookEndpoint target = endpoints.find(endpointId).orElse(null);
                if (target == null) {
                    continue; // deleted meanwhile: its deliveries went with it
                }
                lane.target = target;
                lane.sink = sink;
                if (batched) {
                    // One batch occupies one slot of the target.
                    lane.outstanding.incrementAndGet();
                    Thread.ofVirtual().name(name + "-send").start(() -> {
                        try {
                            sendBatch(sink, target, claimed);
                        } finally {
                            lane.outstanding.decrementAndGet();
                            wake();
                        }
                    });
                    continue;
                }
                lane.claimAgainAt = (outstanding + claimed.size()) / 2;
                lane.outstanding.addAndGet(claimed.size());
                lane.queue.addAll(claimed);
                startSenders(lane, slots);
            }
        }

        private void startSenders(Lane lane, int slots) {
            while (!lane.queue.isEmpty()) {
                int running = lane.senders.get();
                if (running >= slots) {
                    return;
                }
                if (lane.senders.compareAndSet(running, running + 1)) {
                    Thread.ofVirtual().name(name + "-send").start(() -> sendQueued(lane, slots));
                }
            }
        }

        /**
         * A sender: sends the lane's queued deliveries one by one until the queue is empty. A delivery whose lease
         * would run out before its request could time out is not sent, nor is anything queued after it: their leases
         * run out and they are claimed again, in order — so a delivery is never in flight from two workers at once.
         */
        private void sendQueued(Lane lane, int slots) {
            try {
                ClaimedDelivery delivery;
                while ((delivery = lane.queue.poll()) != null) {
                    try {
                        if (clock.now().plus(config.timeout()).isAfter(delivery.leaseUntil())) {
                            int dropped = lane.dropQueued();
                            LOG.warnf("%s: %d deliveries to endpoint %s waited too long in the queue; they are sent "
                                    + "again when their leases run out", name, dropped + 1, delivery.endpointId());
                            continue;
                        }
                        long started = System.nanoTime();
                        send(lane.sink, lane.target, delivery);
                        lane.sent(System.nanoTime() - started);
                    } finally {
                        int left = lane.outstanding.decrementAndGet();
                        if (left == lane.claimAgainAt || left == 0) {
                            wake(); // time to claim more
                        }
                    }
                }
            } finally {
                lane.senders.decrementAndGet();
            }
            // A claim may have queued more after this sender saw the queue empty and before it left.
            startSenders(lane, slots);
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
     * Hands attempts to the recorder, each with how it moves its delivery on: delivered; failed for good (a final
     * outcome, or the schedule is exhausted); or due again after the schedule's next delay (at least
     * {@code Retry-After}). A 410 leaves the delivery pending: delivered if the endpoint is enabled again.
     */
    private void finish(WebhookEndpoint target, Map<ClaimedDelivery, DeliveryOutcome> outcomes, Instant attemptedAt) {
        if (outcomes.isEmpty()) {
            return;
        }
        metrics.relayAttempts(target.id(), outcomes.size(),
                outcomes.values().stream().filter(o -> !o.delivered()).count());
        List<AttemptRecorder.Attempt> attempts = new ArrayList<>(outcomes.size());
        for (Map.Entry<ClaimedDelivery, DeliveryOutcome> entry : outcomes.entrySet()) {
            ClaimedDelivery delivery = entry.getKey();
            DeliveryOutcome result = entry.getValue();
            Duration retryIn = result.gone()
                    ? Duration.ZERO
                    : result.delivered() || result.permanent()
                            ? null
                            : retryDelay(delivery.attempts() + 1, result.retryAfter());
            attempts.add(new AttemptRecorder.Attempt(target.id(), delivery, attemptedAt, result, retryIn));
        }
        recorder.record(attempts);
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

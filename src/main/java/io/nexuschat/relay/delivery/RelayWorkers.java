package io.nexuschat.relay.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
                Instant leaseUntil = now.plus(config.timeout()).plus(LEASE_MARGIN);
                List<ClaimedDelivery> claimed = store.claim(endpointId, free, now, leaseUntil);
                if (claimed.isEmpty()) {
                    continue;
                }
                WebhookEndpoint target = endpoints.find(endpointId).orElse(null);
                if (target == null) {
                    continue; // deleted meanwhile: its deliveries went with it
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
        DeliveryOutcome result = outcome;
        Instant now = clock.now();
        Duration delay = result.delivered() || result.gone()
                ? null
                : retryDelay(delivery.attempts() + 1,
                        result.retryAfter());
        try {
            String disabled = QuarkusTransaction.requiringNew().call(() -> {
                if (result.gone()) {
                    // Stays pending: delivered if the endpoint is enabled again.
                    store.record(delivery, attemptedAt, result, now);
                } else {
                    store.record(delivery, attemptedAt, result, delay == null ? null : now.plus(delay));
                }
                if (result.delivered()) {
                    store.endpointSucceeded(target.id());
                    return null;
                }
                return store.endpointFailed(target.id(), now,
                        result.gone() ? "The endpoint answered 410 Gone" : null, now.minus(config.disableAfter()));
            });
            if (result.delivered()) {
                delivered.incrementAndGet();
            }
            if (disabled != null) {
                LOG.warnf("Webhook endpoint %s disabled: %s", target.id(), disabled);
            }
        } catch (RuntimeException e) {
            // The lease runs out and the delivery is attempted again: at least once.
            LOG.warnf("Recording the delivery of event %s to endpoint %s failed: %s", delivery.eventId(), target.id(),
                    e.getMessage());
        }
    }

    private Sink sink(String kind) {
        for (Sink sink : sinks) {
            if (sink.kind().equals(kind)) {
                return sink;
            }
        }
        return null;
    }
}

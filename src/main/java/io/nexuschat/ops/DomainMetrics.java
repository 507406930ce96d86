package io.nexuschat.ops;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nexuschat.common.AppClock;
import io.quarkus.runtime.StartupEvent;

/**
 * Nexus Chat's own metrics, published with the HTTP and JVM ones at {@code /q/metrics} (Prometheus names in brackets):
 * <ul>
 * <li>{@code nexus.sessions.active} [{@code nexus_sessions_active}]: active sessions in the database (all instances)
 * <li>{@code nexus.queries} [{@code nexus_queries_total}] by {@code outcome}: {@code answered}, {@code backend},
 * {@code timeout}, {@code error}
 * <li>{@code nexus.query.first.chunk} [{@code nexus_query_first_chunk_seconds}]: from the query's arrival to the
 * engine's first chunk; {@code nexus.query.complete} [{@code nexus_query_complete_seconds}]: to the stored answer
 * (histograms, by outcome for the latter)
 * <li>{@code nexus.relay.intake.events} [{@code nexus_relay_intake_events_total}] by {@code verdict}:
 * {@code accepted}, {@code duplicate}, {@code rejected} at {@code POST /api/v2/events}
 * <li>{@code nexus.relay.backlog} [{@code nexus_relay_backlog}]: pending deliveries in the database;
 * {@code nexus.relay.backlog.due} [{@code nexus_relay_backlog_due}]: those due now
 * <li>{@code nexus.relay.attempts} [{@code nexus_relay_attempts_total}] and {@code nexus.relay.failures}
 * [{@code nexus_relay_failures_total}] by {@code endpoint} (the endpoint's id)
 * </ul>
 * Gauges read the database when scraped; when it cannot be read they report NaN.
 */
@ApplicationScoped
public class DomainMetrics {

    /** Outcomes of a query. */
    public static final String ANSWERED = "answered", ERROR = "error";

    private static final Logger LOG = Logger.getLogger(DomainMetrics.class);

    @Inject
    MeterRegistry registry;

    @Inject
    OpsStore store;

    @Inject
    AppClock clock;

    void registerGauges(@Observes StartupEvent start) {
        Gauge.builder("nexus.sessions.active", this, m -> m.read("active sessions",
                () -> m.store.activeSessions(m.clock.now()))).description("Active sessions (all instances)")
                .register(registry);
        Gauge.builder("nexus.relay.backlog", this, m -> m.read("relay backlog",
                () -> m.store.relayBacklog(m.clock.now()).pending()))
                .description("Relay deliveries not yet delivered nor failed for good (all instances)")
                .register(registry);
        Gauge.builder("nexus.relay.backlog.due", this, m -> m.read("relay backlog",
                () -> m.store.relayBacklog(m.clock.now()).due()))
                .description("Relay deliveries due now (all instances)").register(registry);
        // Counters exist from the start, at 0, so a rate over them has a first sample.
        for (String outcome : new String[]{ANSWERED, "backend", "timeout", ERROR}) {
            queries(outcome);
        }
        intake(0, 0, 0);
    }

    /** A query ended: {@code outcome} is {@link #ANSWERED}, an answer failure's type, or {@link #ERROR}. */
    public void query(String outcome, long firstChunkNanos, long completeNanos) {
        queries(outcome).increment();
        if (firstChunkNanos >= 0) {
            Timer.builder("nexus.query.first.chunk").description("Time from a query's arrival to its first chunk")
                    .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(2)).register(registry)
                    .record(firstChunkNanos, TimeUnit.NANOSECONDS);
        }
        Timer.builder("nexus.query.complete").description("Time from a query's arrival to its complete answer")
                .tag("outcome", outcome).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry).record(completeNanos, TimeUnit.NANOSECONDS);
    }

    /** One batch at the event intake. */
    public void intake(int accepted, int duplicates, int rejected) {
        intakeCounter("accepted").increment(accepted);
        intakeCounter("duplicate").increment(duplicates);
        intakeCounter("rejected").increment(rejected);
    }

    /** Delivery attempts to one endpoint, {@code failed} of them without success. */
    public void relayAttempts(UUID endpointId, long attempts, long failed) {
        String endpoint = String.valueOf(endpointId);
        Counter.builder("nexus.relay.attempts").description("Relay delivery attempts, by endpoint")
                .tag("endpoint", endpoint).register(registry).increment(attempts);
        Counter.builder("nexus.relay.failures").description("Relay delivery attempts that failed, by endpoint")
                .tag("endpoint", endpoint).register(registry).increment(failed);
    }

    private Counter queries(String outcome) {
        return Counter.builder("nexus.queries").description("Queries answered or failed, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter intakeCounter(String verdict) {
        return Counter.builder("nexus.relay.intake.events").description("Events at POST /api/v2/events, by verdict")
                .tag("verdict", verdict).register(registry);
    }

    private interface Read {
        long get() throws Exception;
    }

    private double read(String what, Read read) {
        try {
            return read.get();
        } catch (Exception e) {
            LOG.debugf("Cannot read the %s for the metrics: %s", what, e.getMessage());
            return Double.NaN;
        }
    }
}

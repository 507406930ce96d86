package io.nexuschat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.RelayTestDatabase;
import io.nexuschat.relay.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An attempt's outcome moves its delivery on only under the lease of the claim that made it. Without that, a replay
 * requested while the last deliveries' outcomes were not yet recorded was overwritten when they were ("delivered"), so
 * those events were never sent again. Runs the store's SQL in real transactions on the test database, with an endpoint
 * of a kind no sink delivers to, so no worker interferes.
 */
@QuarkusTest
class DeliveryLeaseTest {

    @Inject
    DeliveryStore store;

    @Inject
    RelayTestDatabase db;

    @Inject
    AgroalDataSource dataSource;

    private final UUID endpoint = UUID.randomUUID();
    private final UUID event = UUID.randomUUID();
    private Instant now;

    @BeforeEach
    void endpointWithOneEvent() throws SQLException {
        now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = dataSource.getConnection()) {
            update(c, "insert into relay_endpoint (id, experience_id, kind, source, url, enabled, secret, created_at, "
                    + "updated_at) values (?, 'lease-test', 'no-such-sink', 'api', 'http://127.0.0.1:9/h', true, "
                    + "'whsec_x', ?, ?)", endpoint, now, now);
            update(c, "insert into relay_event (id, experience_id, type, occurred_at, created_at, data) values (?, "
                    + "'lease-test', 'widget.open', ?, ?, '{}')", event, now, now);
            update(c, "insert into relay_delivery (event_id, endpoint_id, status, attempts, next_attempt_at, "
                    + "created_at) values (?, ?, 'PENDING', 0, ?, ?)", event, endpoint, now, now);
        }
    }

    @AfterEach
    void removeEndpoint() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            update(c, "delete from relay_endpoint where id = ?", endpoint);
            update(c, "delete from relay_event where id = ?", event);
        }
    }

    @Test
    void aReplayDuringAnUnrecordedAttemptIsNotCancelledWhenTheAttemptIsRecorded() {
        ClaimedDelivery first = claimOne(now);
        // The event was sent and answered 204, but the outcome is not recorded yet when the replay is scheduled.
        Instant replayedAt = now.plusMillis(5);
        int scheduled = QuarkusTransaction.requiringNew()
                .call(() -> store.replay(endpoint, "lease-test", null, now.minusSeconds(1), replayedAt));
        assertThat(scheduled).isEqualTo(1);
        record(first, new DeliveryOutcome(204, 2, null, null), null, replayedAt.plusMillis(5));

        assertThat(db.countAttempts(endpoint)).as("the attempt is logged").isEqualTo(1);
        assertThat(db.deliveryStatus(event, endpoint)).as("the replay stands").isEqualTo("PENDING");
        assertThat(db.nextAttemptAt(event, endpoint)).isEqualTo(replayedAt);
        ClaimedDelivery replayed = claimOne(replayedAt.plusMillis(10));
        assertThat(replayed.attempts()).isZero();
        record(replayed, new DeliveryOutcome(204, 2, null, null), null, replayedAt.plusMillis(20));
        assertThat(db.deliveryStatus(event, endpoint)).isEqualTo("DELIVERED");
    }

    @Test
    void anAttemptRecordedAfterItsLeaseWasTakenOverDoesNotMoveTheDelivery() {
        ClaimedDelivery stale = claimOne(now);
        // The lease ran out (the worker stalled) and another claim took the delivery over.
        Instant later = stale.leaseUntil().plusSeconds(1);
        ClaimedDelivery current = claimOne(later);
        assertThat(current.leaseUntil()).isAfter(stale.leaseUntil());

        record(stale, new DeliveryOutcome(503, 2, "HTTP 503", null), Duration.ofMinutes(5), later.plusMillis(1));
        assertThat(db.nextAttemptAt(event, endpoint)).as("still the current lease").isEqualTo(current.leaseUntil());
        record(current, new DeliveryOutcome(204, 2, null, null), null, later.plusMillis(2));
        assertThat(db.deliveryStatus(event, endpoint)).isEqualTo("DELIVERED");
        assertThat(db.countAttempts(endpoint)).isEqualTo(2);
    }

    private ClaimedDelivery claimOne(Instant at) {
        List<ClaimedDelivery> claimed = store.claim(endpoint, 10, at, at.plusSeconds(90));
        assertThat(claimed).extracting(ClaimedDelivery::eventId).containsExactly(event);
        return claimed.getFirst();
    }

    private void record(ClaimedDelivery d, DeliveryOutcome outcome, Duration retryIn, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> store
                .recordAll(List.of(new AttemptRecorder.Attempt(endpoint, d, at, outcome, retryIn)), at));
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            s.executeUpdate();
        }
    }
}

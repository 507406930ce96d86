package io.nexuschat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.nexuschat.PrivatePostgres;
import io.nexuschat.relay.Sql;

/**
 * The delivery SQL (claims with {@code FOR UPDATE SKIP LOCKED} and the session's user id, batched recording, endpoint
 * health) on PostgreSQL, against the migrated schema on a private server — the {@code @QuarkusTest}s run it on H2.
 * Each store call runs on an auto-commit connection here: this checks the statements and their effect, not the
 * transactions around them.
 */
class DeliverySqlOnPostgresTest {

    @Test
    void claimRecordAndHealthStatementsWorkOnPostgresql() throws Exception {
        Optional<Path> bin = PrivatePostgres.binaries();
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL binaries not installed (CI installs them)");
        }
        assertThat(bin).as("PostgreSQL binaries under /usr/lib/postgresql").isPresent();
        try (PrivatePostgres pg = PrivatePostgres.start(bin.get());
                AgroalDataSource ds = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool.maxSize(4).connectionFactoryConfiguration(
                                factory -> factory.jdbcUrl(pg.jdbcUrl()).principal(new NamePrincipal("nexus")))))) {
            Flyway.configure().dataSource(pg.jdbcUrl(), "nexus", "").locations("classpath:db/migration").load()
                    .migrate();
            DeliveryStore store = new DeliveryStore();
            store.dataSource = ds;
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            UUID endpoint = UUID.randomUUID(), session = UUID.randomUUID();
            List<UUID> events = new ArrayList<>();
            try (Connection c = ds.getConnection()) {
                update(c, "insert into relay_endpoint (id, experience_id, kind, source, url, enabled, secret, "
                        + "created_at, updated_at) values (?, 'x', 'webhook', 'api', 'http://127.0.0.1/h', true, "
                        + "'whsec_x', ?, ?)", endpoint, now, now);
                update(c, "insert into chat_session (id, experience_id, user_id, status, expiration_seconds, "
                        + "created_at, updated_at, last_activity_at, expires_at, message_count) values (?, 'x', "
                        + "'user-7', 'ACTIVE', 60, ?, ?, ?, ?, 0)", session, now, now, now, now.plusSeconds(60));
                for (int i = 0; i < 3; i++) {
                    UUID id = UUID.randomUUID();
                    events.add(id);
                    update(c, "insert into relay_event (id, experience_id, session_id, type, occurred_at, created_at, "
                            + "data) values (?, 'x', ?, 'widget.open', ?, ?, '{}')", id, i == 0 ? session : null, now,
                            now);
                    update(c, "insert into relay_delivery (event_id, endpoint_id, status, attempts, next_attempt_at, "
                            + "created_at) values (?, ?, 'PENDING', 0, ?, ?)", id, endpoint, now, now);
                }
            }

            assertThat(store.dueEndpoints(now)).containsEntry(endpoint, "webhook");
            List<ClaimedDelivery> claimed = store.claim(endpoint, 10, now, now.plusSeconds(90));
            assertThat(claimed).extracting(ClaimedDelivery::eventId).containsExactlyElementsOf(events);
            assertThat(claimed.get(0).userId()).isEqualTo("user-7");
            assertThat(claimed.get(1).userId()).isNull();
            assertThat(store.dueEndpoints(now)).doesNotContainKey(endpoint); // leased

            store.recordAll(List.of(
                    new AttemptRecorder.Attempt(endpoint, claimed.get(0), now, new DeliveryOutcome(204, 3, null, null),
                            null),
                    new AttemptRecorder.Attempt(endpoint, claimed.get(1), now,
                            new DeliveryOutcome(503, 3, "HTTP 503", null), Duration.ofSeconds(5)),
                    new AttemptRecorder.Attempt(endpoint, claimed.get(2), now,
                            new DeliveryOutcome(400, 3, "HTTP 400", null, DeliveryOutcome.Verdict.FINAL), null)),
                    now);
            assertThat(store.attempts(endpoint, null, 10)).hasSize(3);
            try (Connection c = ds.getConnection()) {
                assertThat(status(c, events.get(0))).isEqualTo("DELIVERED");
                assertThat(status(c, events.get(1))).isEqualTo("PENDING");
                assertThat(status(c, events.get(2))).isEqualTo("FAILED");
            }

            // A replay scheduled while an attempt was unrecorded stands when the attempt is recorded (lease check).
            store.replay(endpoint, "x", null, now.minusSeconds(1), now.plusMillis(5));
            store.recordAll(List.of(new AttemptRecorder.Attempt(endpoint, claimed.get(1), now,
                    new DeliveryOutcome(204, 3, null, null), null)), now.plusMillis(6));
            try (Connection c = ds.getConnection()) {
                assertThat(status(c, events.get(1))).isEqualTo("PENDING");
            }
            List<ClaimedDelivery> replayed = store.claim(endpoint, 10, now.plusMillis(10), now.plusSeconds(90));
            assertThat(replayed).extracting(ClaimedDelivery::eventId).containsExactlyElementsOf(events);

            assertThat(store.endpointFailed(endpoint, now, null, now.minus(Duration.ofDays(5)))).isNull();
            store.endpointSucceeded(endpoint);
            assertThat(store.endpointFailed(endpoint, now, "The endpoint answered 410 Gone",
                    now.minus(Duration.ofDays(5)))).isEqualTo("The endpoint answered 410 Gone");
            assertThat(store.dueEndpoints(now.plusSeconds(600))).doesNotContainKey(endpoint); // disabled
        }
    }

    private static void update(Connection c, String sql, Object... params) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            s.executeUpdate();
        }
    }

    private static String status(Connection c, UUID eventId) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select status from relay_delivery where event_id = ?")) {
            s.setObject(1, eventId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}

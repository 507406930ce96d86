package io.nexuschat.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.common.AppClock;
import io.quarkus.runtime.StartupEvent;

/**
 * The transactional outbox: stores events, and one pending delivery per event and subscribed enabled endpoint, in
 * the caller's transaction (so an event exists exactly when the change it describes was committed). Plain JDBC with
 * batched inserts: intake stores thousands of events a second. After the commit, {@link RelaySignal} wakes the
 * workers.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /**
     * Sequence numbers H2 reserves at a time for {@code relay_event.seq}. H2 writes a sequence's state with a commit
     * of its own each time its reserve is used up (every 32 values by default): with durable commits that was one
     * more commit per 32 events, a third of the intake's time. A crash skips at most this many numbers.
     */
    static final int H2_SEQ_CACHE = 10_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    RelaySignal signal;

    @Inject
    AppClock clock;

    @Inject
    ObjectMapper mapper;

    @Inject
    RelayConfig config;

    /**
     * On H2, reserves {@link #H2_SEQ_CACHE} sequence numbers of {@code relay_event.seq} at a time (a setting of the
     * identity column, kept in the database). Not on PostgreSQL, where a sequence's cache is per connection: numbers
     * would no longer follow the order of storing across connections, which live streams rely on.
     */
    void reserveSequenceNumbers(@Observes StartupEvent startup) {
        try (Connection c = dataSource.getConnection()) {
            if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
                return;
            }
            try (PreparedStatement s = c.prepareStatement("select identity_cache from information_schema.columns "
                    + "where table_schema = current_schema and table_name = 'RELAY_EVENT' and column_name = 'SEQ'");
                    ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getLong(1) >= H2_SEQ_CACHE) {
                    return;
                }
            }
            try (PreparedStatement s = c.prepareStatement("alter table relay_event alter column seq set cache "
                    + H2_SEQ_CACHE)) {
                s.execute();
            }
        } catch (SQLException e) {
            LOG.warnf("Could not set the H2 sequence cache of relay_event.seq (intake stays correct, slower): %s",
                    e.toString());
        }
    }

    /** Stores {@code events} in the current transaction; there must be one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(List<OutboxEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        OffsetDateTime created = Sql.at(now);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("insert into relay_event (id, experience_id, "
                    + "session_id, type, occurred_at, created_at, data) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (OutboxEvent e : events) {
                    insert.setObject(1, e.id());
                    insert.setString(2, e.experienceId());
                    insert.setObject(3, e.sessionId());
                    insert.setString(4, e.type());
                    insert.setObject(5, Sql.at(e.occurredAt()));
                    insert.setObject(6, created);
                    insert.setString(7, e.data());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            OffsetDateTime firstAttempt = Sql.at(now.plus(config.retrySchedule().getFirst()));
            Map<String, List<Subscription>> subscriptions = new HashMap<>();
            int deliveries = 0;
            try (PreparedStatement insert = c.prepareStatement("insert into relay_delivery (event_id, endpoint_id, "
                    + "status, attempts, next_attempt_at, created_at) values (?, ?, 'PENDING', 0, ?, ?)")) {
                for (OutboxEvent e : events) {
                    List<Subscription> subs = subscriptions.get(e.experienceId());
                    if (subs == null) {
                        subs = subscriptions(c, e.experienceId());
                        subscriptions.put(e.experienceId(), subs);
                    }
                    for (Subscription s : subs) {
                        if (s.wants(e.type())) {
                            insert.setObject(1, e.id());
                            insert.setObject(2, s.endpointId());
                            insert.setObject(3, firstAttempt);
                            insert.setObject(4, created);
                            insert.addBatch();
                            deliveries++;
                        }
                    }
                }
                if (deliveries > 0) {
                    insert.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Storing " + events.size() + " relay events failed", e);
        }
        List<StoredEvent> stored = events.stream().map(e -> new StoredEvent(e, now)).toList();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    signal.committed(stored);
                }
            }
        });
    }

    /** The ids among {@code ids} already stored (duplicates of earlier deliveries to the intake). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<UUID> existing(Collection<UUID> ids) {
        Set<UUID> found = new HashSet<>();
        if (ids.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("select id from relay_event where id in (");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (UUID id : ids) {
                select.setObject(i++, id);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Looking up relay events failed", e);
        }
        return found;
    }

    private List<Subscription> subscriptions(Connection c, String experienceId) throws SQLException {
        List<Subscription> subs = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "select id, events from relay_endpoint where experience_id = ? and enabled = true")) {
            select.setString(1, experienceId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    subs.add(new Subscription(rs.getObject(1, UUID.class), parseTypes(rs.getString(2))));
                }
            }
        }
        return subs;
    }

    private List<String> parseTypes(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored endpoint event filter is not a JSON array", e);
        }
    }

    /** An enabled endpoint and the types it wants (null = every type). */
    record Subscription(UUID endpointId, List<String> types) {

        boolean wants(String type) {
            return types == null || EventTypes.matches(types, type);
        }
    }
}

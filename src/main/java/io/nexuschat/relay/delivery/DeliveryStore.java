package io.nexuschat.relay.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.EventTypes;
import io.nexuschat.relay.OutboxException;
import io.nexuschat.relay.Sql;
import io.nexuschat.relay.webhook.DeliveryAttemptView;

/**
 * SQL of the delivery tables. Claims use {@code SELECT … FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 2.x both have
 * it) and lease what they claim by moving {@code next_attempt_at} past the delivery timeout in the same
 * transaction: other workers skip the locked rows while the claim runs and find them not due after it commits. A
 * worker that dies loses its lease and the deliveries become due again (at least once).
 */
@ApplicationScoped
public class DeliveryStore {

    /** Parameters of one {@code in (…)} list at most. */
    static final int MAX_IN = 500;
    /** Condition of a recorded outcome: the row is still pending under the claim's lease. */
    private static final String LEASED = " and status = 'PENDING' and next_attempt_at = ?";

    @Inject
    AgroalDataSource dataSource;

    /** Enabled endpoints with due deliveries, with their kind. */
    public Map<UUID, String> dueEndpoints(Instant now) {
        Map<UUID, String> due = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select e.id, e.kind from relay_endpoint e where e.enabled = true and exists (select 1 from "
                                + "relay_delivery d where d.endpoint_id = e.id and d.status = 'PENDING' and "
                                + "d.next_attempt_at <= ?)")) {
            Sql.bind(s, now);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Looking for due deliveries failed", e);
        }
        return due;
    }

    /** Claims up to {@code limit} due deliveries of one endpoint, oldest first, leased until {@code leaseUntil}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<ClaimedDelivery> claim(UUID endpointId, int limit, Instant now, Instant leaseUntil) {
        List<long[]> rows = new ArrayList<>();
        List<UUID> eventIds = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            // Two steps: the oldest due ids without locks, then a lock on just those (skipping rows another worker
            // holds). One "order by id limit n for update" would lock every due row it reads before sorting on H2 —
            // with a backlog of thousands, each claim wrote thousands of row locks.
            List<Long> candidates = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id from relay_delivery where endpoint_id = ? and "
                    + "status = 'PENDING' and next_attempt_at <= ? order by id limit ?")) {
                Sql.bind(s, endpointId, now, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong(1));
                    }
                }
            }
            for (int from = 0; from < candidates.size(); from += MAX_IN) {
                List<Long> chunk = candidates.subList(from, Math.min(candidates.size(), from + MAX_IN));
                try (PreparedStatement s = c.prepareStatement("select id, attempts, event_id from relay_delivery "
                        + "where id in (" + placeholders(chunk.size()) + ") and status = 'PENDING' and "
                        + "next_attempt_at <= ? order by id for update skip locked")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setLong(i + 1, chunk.get(i));
                    }
                    s.setObject(chunk.size() + 1, Sql.at(now));
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new long[]{rs.getLong(1), rs.getInt(2)});
                            eventIds.add(rs.getObject(3, UUID.class));
                        }
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            // One statement per chunk of ids instead of one per row: a claim takes hundreds of rows.
            for (int from = 0; from < rows.size(); from += MAX_IN) {
                List<long[]> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_IN));
                try (PreparedStatement s = c.prepareStatement(
                        "update relay_delivery set next_attempt_at = ? where id in (" + placeholders(chunk.size())
                                + ")")) {
                    s.setObject(1, Sql.at(leaseUntil));
                    for (int i = 0; i < chunk.size(); i++) {
                        s.setLong(i + 2, chunk.get(i)[0]);
                    }
                    s.executeUpdate();
                }
            }
            Map<UUID, Object[]> events = new HashMap<>();
            for (int from = 0; from < eventIds.size(); from += MAX_IN) {
                List<UUID> chunk = eventIds.subList(from, Math.min(eventIds.size(), from + MAX_IN));
                try (PreparedStatement s = c.prepareStatement("select e.id, e.type, e.occurred_at, e.data, "
                        + "e.session_id, s.user_id from relay_event e left join chat_session s on s.id = e.session_id "
                        + "where e.id in (" + placeholders(chunk.size()) + ")")) {
                    Sql.bind(s, chunk.toArray());
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            events.put(rs.getObject(1, UUID.class),
                                    new Object[]{rs.getString(2), Sql.instant(rs, 3), rs.getString(4),
                                            rs.getObject(5, UUID.class), rs.getString(6)});
                        }
                    }
                }
            }
            List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Object[] e = events.get(eventIds.get(i));
                claimed.add(new ClaimedDelivery(rows.get(i)[0], endpointId, (int) rows.get(i)[1], eventIds.get(i),
                        (String) e[0], (Instant) e[1], (String) e[2], (UUID) e[3], (String) e[4], leaseUntil));
            }
            return claimed;
        } catch (SQLException e) {
            throw new OutboxException("Claiming deliveries failed", e);
        }
    }

    /**
     * Logs attempts and moves their deliveries on — delivered, due again {@code retryIn} after {@code now}, or given
     * up (no {@code retryIn}) — with one batched statement per kind of change. A delivery moves on only while it still
     * carries the lease of the claim that made the attempt: a replay scheduled while the attempt was in flight (or not
     * yet recorded), or a claim by another worker after the lease ran out, is newer and stands; the attempt is logged
     * all the same.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<AttemptRecorder.Attempt> attempts, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement log = c.prepareStatement("insert into relay_attempt (endpoint_id, event_id, "
                        + "event_type, attempt, attempted_at, status_code, latency_ms, error) values (?, ?, ?, ?, ?, ?, "
                        + "?, ?)");
                PreparedStatement delivered = c.prepareStatement("update relay_delivery set status = 'DELIVERED', "
                        + "attempts = attempts + 1, delivered_at = ? where id = ?" + LEASED);
                PreparedStatement failed = c.prepareStatement("update relay_delivery set status = 'FAILED', "
                        + "attempts = attempts + 1, next_attempt_at = ? where id = ?" + LEASED);
                PreparedStatement again = c.prepareStatement("update relay_delivery set attempts = attempts + 1, "
                        + "next_attempt_at = ? where id = ?" + LEASED)) {
            int[] counts = new int[3];
            for (AttemptRecorder.Attempt a : attempts) {
                ClaimedDelivery d = a.delivery();
                DeliveryOutcome outcome = a.outcome();
                Sql.bind(log, d.endpointId(), d.eventId(), d.type(), d.attempts() + 1, a.attemptedAt(),
                        outcome.statusCode(), outcome.latencyMillis(), truncate(outcome.error()));
                log.addBatch();
                if (outcome.delivered()) {
                    Sql.bind(delivered, a.attemptedAt(), d.id(), d.leaseUntil());
                    delivered.addBatch();
                    counts[0]++;
                } else if (a.retryIn() == null) {
                    Sql.bind(failed, a.attemptedAt(), d.id(), d.leaseUntil());
                    failed.addBatch();
                    counts[1]++;
                } else {
                    Sql.bind(again, now.plus(a.retryIn()), d.id(), d.leaseUntil());
                    again.addBatch();
                    counts[2]++;
                }
            }
            log.executeBatch();
            if (counts[0] > 0) {
                delivered.executeBatch();
            }
            if (counts[1] > 0) {
                failed.executeBatch();
            }
            if (counts[2] > 0) {
                again.executeBatch();
            }
        } catch (SQLException e) {
            throw new OutboxException("Recording " + attempts.size() + " delivery attempts failed", e);
        }
    }

    /** A success: the endpoint is healthy again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void endpointSucceeded(UUID endpointId) {
        update("update relay_endpoint set failing_since = null where id = ? and failing_since is not null",
                endpointId);
    }

    /**
     * A failure: remembers since when the endpoint fails; disables it when {@code disableReason} is given (410) or
     * when it has failed since before {@code failingCutoff}. Returns the reason when this disabled it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String endpointFailed(UUID endpointId, Instant now, String goneReason, Instant failingCutoff) {
        update("update relay_endpoint set failing_since = ? where id = ? and failing_since is null", now, endpointId);
        if (goneReason != null) {
            return update("update relay_endpoint set enabled = false, disabled_reason = ?, disabled_at = ?, "
                    + "updated_at = ? where id = ? and enabled = true", goneReason, now, now, endpointId) > 0
                            ? goneReason
                            : null;
        }
        String reason = "Every delivery failed since before " + failingCutoff + " (disabled after the retry period)";
        return update("update relay_endpoint set enabled = false, disabled_reason = ?, disabled_at = ?, updated_at = ? "
                + "where id = ? and enabled = true and failing_since <= ?", reason, now, now, endpointId,
                failingCutoff) > 0 ? reason : null;
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("Updating an endpoint's health failed", e);
        }
    }

    /** An endpoint's attempts, newest first, after the attempt id {@code before} (exclusive) when given. */
    public List<Map.Entry<Long, DeliveryAttemptView>> attempts(UUID endpointId, Long before, int limit) {
        List<Map.Entry<Long, DeliveryAttemptView>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select id, event_id, event_type, attempt, attempted_at, status_code, latency_ms, error from "
                                + "relay_attempt where endpoint_id = ? and id < ? order by id desc limit ?")) {
            Sql.bind(s, endpointId, before == null ? Long.MAX_VALUE : before, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(6);
                    Integer code = rs.wasNull() ? null : status;
                    rows.add(Map.entry(rs.getLong(1), new DeliveryAttemptView(rs.getObject(2, UUID.class),
                            rs.getString(3), rs.getInt(4), Sql.instant(rs, 5), code, rs.getLong(7), rs.getString(8))));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Reading the delivery log failed", e);
        }
        return rows;
    }

    /**
     * Schedules events of the endpoint's experience stored at or after {@code since} (of the types it wants) for
     * delivery again, now. Returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int replay(UUID endpointId, String experienceId, List<String> types, Instant since, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id, type from relay_event where experience_id = ? "
                    + "and created_at >= ? order by seq")) {
                Sql.bind(s, experienceId, since);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (types == null || EventTypes.matches(types, rs.getString(2))) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
            }
            try (PreparedStatement reset = c.prepareStatement("update relay_delivery set status = 'PENDING', "
                    + "attempts = 0, next_attempt_at = ?, delivered_at = null where event_id = ? and endpoint_id = ?");
                    PreparedStatement insert = c.prepareStatement("insert into relay_delivery (event_id, endpoint_id, "
                            + "status, attempts, next_attempt_at, created_at) values (?, ?, 'PENDING', 0, ?, ?)")) {
                // Batched: a replay may cover many thousands of events. An event without a delivery row (stored
                // before the endpoint subscribed to it) gets one.
                for (int from = 0; from < ids.size(); from += MAX_IN) {
                    List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IN));
                    for (UUID id : chunk) {
                        Sql.bind(reset, now, id, endpointId);
                        reset.addBatch();
                    }
                    int[] counts = reset.executeBatch();
                    boolean inserts = false;
                    for (int i = 0; i < chunk.size(); i++) {
                        if (counts[i] == 0) {
                            Sql.bind(insert, chunk.get(i), endpointId, now, now);
                            insert.addBatch();
                            inserts = true;
                        }
                    }
                    if (inserts) {
                        insert.executeBatch();
                    }
                }
            }
            return ids.size();
        } catch (SQLException e) {
            throw new OutboxException("Scheduling a replay failed", e);
        }
    }

    /** Deletes events stored before {@code cutoff} that have no pending delivery, and older log entries. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int prune(Instant cutoff) {
        try (Connection c = dataSource.getConnection()) {
            int events;
            try (PreparedStatement s = c.prepareStatement("delete from relay_event where created_at < ? and not exists "
                    + "(select 1 from relay_delivery d where d.event_id = relay_event.id and d.status = 'PENDING')")) {
                Sql.bind(s, cutoff);
                events = s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("delete from relay_attempt where attempted_at < ?")) {
                Sql.bind(s, cutoff);
                s.executeUpdate();
            }
            return events;
        } catch (SQLException e) {
            throw new OutboxException("Pruning relay events failed", e);
        }
    }

    private static String placeholders(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 499) + "…";
    }
}

package io.nexuschat.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.Sql;

/**
 * The few counts operations read from the database; they describe the whole deployment (every instance shares the
 * database), not only this instance.
 */
@ApplicationScoped
public class OpsStore {

    /**
     * The relay's pending deliveries: how many, how many are due now to enabled endpoints (a disabled endpoint's wait
     * for its re-enabling), and since when the oldest of those has waited (null if none).
     */
    public record Backlog(long pending, long due, Instant oldestDue) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Sessions that are active and whose deadlines have not passed. */
    public long activeSessions(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from chat_session where status = 'ACTIVE'"
                        + " and expires_at > ? and (inactivity_expires_at is null or inactivity_expires_at > ?)")) {
            Sql.bind(s, now, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public Backlog relayBacklog(Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*),"
                        + " sum(case when d.next_attempt_at <= ? and e.enabled = true then 1 else 0 end),"
                        + " min(case when d.next_attempt_at <= ? and e.enabled = true then d.next_attempt_at end)"
                        + " from relay_delivery d left join relay_endpoint e on e.id = d.endpoint_id"
                        + " where d.status = 'PENDING'")) {
            Sql.bind(s, now, now);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Backlog(rs.getLong(1), rs.getLong(2), Sql.instant(rs, 3));
            }
        }
    }
}

package io.nexuschat.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** Reads the relay tables directly, so tests assert what was stored. */
@ApplicationScoped
public class RelayTestDatabase {

    @Inject
    AgroalDataSource dataSource;

    public String eventType(UUID id) {
        return first("select type from relay_event where id = ?", rs -> rs.getString(1), id);
    }

    public String eventData(UUID id) {
        return first("select data from relay_event where id = ?", rs -> rs.getString(1), id);
    }

    public long countEvents(UUID id) {
        return count("select count(*) from relay_event where id = ?", id);
    }

    /** Events of a session, of one type. */
    public long countSessionEvents(UUID sessionId, String type) {
        return count("select count(*) from relay_event where session_id = ? and type = ?", sessionId, type);
    }

    /** The data of the only event of a session with this type. */
    public String sessionEventData(UUID sessionId, String type) {
        return first("select data from relay_event where session_id = ? and type = ? order by seq desc",
                rs -> rs.getString(1), sessionId, type);
    }

    /** Deliveries of an endpoint in a status. */
    public long countDeliveries(UUID endpointId, String status) {
        return count("select count(*) from relay_delivery where endpoint_id = ? and status = ?", endpointId, status);
    }

    /** Attempts logged for an endpoint. */
    public long countAttempts(UUID endpointId) {
        return count("select count(*) from relay_attempt where endpoint_id = ?", endpointId);
    }

    /** When the delivery of an event to an endpoint is next due. */
    public Instant nextAttemptAt(UUID eventId, UUID endpointId) {
        return first("select next_attempt_at from relay_delivery where event_id = ? and endpoint_id = ?",
                rs -> Sql.instant(rs, 1), eventId, endpointId);
    }

    /** The id of the latest event of a type for a session, or null. */
    public UUID sessionEventId(UUID sessionId, String type) {
        return first("select id from relay_event where session_id = ? and type = ? order by seq desc",
                rs -> rs.getObject(1, UUID.class), sessionId, type);
    }

    /** The status of the delivery of an event to an endpoint ({@code PENDING}, {@code DELIVERED}, {@code FAILED}). */
    public String deliveryStatus(UUID eventId, UUID endpointId) {
        return first("select status from relay_delivery where event_id = ? and endpoint_id = ?",
                rs -> rs.getString(1), eventId, endpointId);
    }

    /** Reads a column of the current row. */
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private long count(String sql, Object... params) {
        return first(sql, rs -> rs.getLong(1), params);
    }

    /** The first row's value, or null when there is no row. */
    private <T> T first(String sql, Column<T> column, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? column.read(rs) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

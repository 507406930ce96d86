package io.nexuschat.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        return string("select type from relay_event where id = ?", id);
    }

    public String eventData(UUID id) {
        return string("select data from relay_event where id = ?", id);
    }

    public long countEvents(UUID id) {
        return number("select count(*) from relay_event where id = ?", id);
    }

    /** Events of a session, of one type. */
    public long countSessionEvents(UUID sessionId, String type) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c
                        .prepareStatement("select count(*) from relay_event where session_id = ? and type = ?")) {
            s.setObject(1, sessionId);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data of the only event of a session with this type. */
    public String sessionEventData(UUID sessionId, String type) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select data from relay_event where session_id = ? and type = ? order by seq desc")) {
            s.setObject(1, sessionId);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries of an endpoint in a status. */
    public long countDeliveries(UUID endpointId, String status) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c
                        .prepareStatement("select count(*) from relay_delivery where endpoint_id = ? and status = ?")) {
            s.setObject(1, endpointId);
            s.setString(2, status);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attempts logged for an endpoint. */
    public long countAttempts(UUID endpointId) {
        return number("select count(*) from relay_attempt where endpoint_id = ?", endpointId);
    }

    /** When the delivery of an event to an endpoint is next due. */
    public java.time.Instant nextAttemptAt(UUID eventId, UUID endpointId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select next_attempt_at from relay_delivery where event_id = ? and endpoint_id = ?")) {
            s.setObject(1, eventId);
            s.setObject(2, endpointId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Sql.instant(rs, 1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id of the latest event of a type for a session, or null. */
    public UUID sessionEventId(UUID sessionId, String type) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select id from relay_event where session_id = ? and type = ? order by seq desc")) {
            s.setObject(1, sessionId);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status of the delivery of an event to an endpoint ({@code PENDING}, {@code DELIVERED}, {@code FAILED}). */
    public String deliveryStatus(UUID eventId, UUID endpointId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select status from relay_delivery where event_id = ? and endpoint_id = ?")) {
            s.setObject(1, eventId);
            s.setObject(2, endpointId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String string(String sql, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long number(String sql, UUID id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

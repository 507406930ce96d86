package io.nexuschat.relay.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.OutboxException;
import io.nexuschat.relay.Sql;

/** Reads and writes {@code relay_endpoint} rows (in the caller's transaction). */
@ApplicationScoped
public class WebhookStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, experience_id, source, url, description, events, enabled, "
            + "disabled_reason, disabled_at, secret, previous_secret, previous_secret_until, secret_env, "
            + "failing_since, created_at, updated_at";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(WebhookEndpoint e) {
        insert(e, "webhook");
    }

    /** Inserts a target of another kind ({@code ga4}, {@code segment}, {@code mixpanel}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(WebhookEndpoint e, String kind) {
        update("insert into relay_endpoint (" + COLUMNS + ", kind) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?)", e.id(), e.experienceId(), e.source(), e.url(), e.description(),
                json(e.events()), e.enabled(), e.disabledReason(), e.disabledAt(), e.secret(), e.previousSecret(),
                e.previousSecretUntil(), e.secretEnv(), e.failingSince(), e.createdAt(), e.updatedAt(), kind);
    }

    /** Writes every field but id, experience, source and creation time. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void save(WebhookEndpoint e) {
        update("update relay_endpoint set url = ?, description = ?, events = ?, enabled = ?, disabled_reason = ?, "
                + "disabled_at = ?, secret = ?, previous_secret = ?, previous_secret_until = ?, secret_env = ?, "
                + "failing_since = ?, updated_at = ? where id = ?", e.url(), e.description(), json(e.events()),
                e.enabled(), e.disabledReason(), e.disabledAt(), e.secret(), e.previousSecret(),
                e.previousSecretUntil(), e.secretEnv(), e.failingSince(), e.updatedAt(), e.id());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean delete(UUID id) {
        return update("delete from relay_endpoint where id = ?", id) > 0;
    }

    public Optional<WebhookEndpoint> find(UUID id) {
        List<WebhookEndpoint> found = select("select " + COLUMNS + " from relay_endpoint where id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    /** Endpoints of one experience, or of all when {@code experienceId} is null; oldest first. */
    public List<WebhookEndpoint> list(String experienceId) {
        return experienceId == null
                ? select("select " + COLUMNS + " from relay_endpoint where kind = 'webhook' order by created_at, id")
                : select("select " + COLUMNS + " from relay_endpoint where kind = 'webhook' and experience_id = ? "
                        + "order by created_at, id", experienceId);
    }

    /** Webhook endpoints declared in experience files. */
    public List<WebhookEndpoint> declared() {
        return declared("webhook");
    }

    /** Targets of one kind declared in experience files. */
    public List<WebhookEndpoint> declared(String kind) {
        return select("select " + COLUMNS + " from relay_endpoint where source = ? and kind = ?",
                WebhookEndpoint.SOURCE_EXPERIENCE, kind);
    }

    /** The kind of a target ({@code webhook}, {@code ga4}, {@code segment}, {@code mixpanel}), if it exists. */
    public Optional<String> kind(UUID id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select kind from relay_endpoint where id = ?")) {
            Sql.bind(s, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new OutboxException("Reading webhook endpoints failed", e);
        }
    }

    private List<WebhookEndpoint> select(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            List<WebhookEndpoint> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new WebhookEndpoint(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), parse(rs.getString(6)), rs.getBoolean(7),
                            rs.getString(8), Sql.instant(rs, 9), rs.getString(10), rs.getString(11),
                            Sql.instant(rs, 12),
                            rs.getString(13), Sql.instant(rs, 14), Sql.instant(rs, 15), Sql.instant(rs, 16)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new OutboxException("Reading webhook endpoints failed", e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new OutboxException("Writing a webhook endpoint failed", e);
        }
    }

    private String json(List<String> events) {
        try {
            return events == null ? null : mapper.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> parse(String json) {
        try {
            return json == null ? null : mapper.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored endpoint event filter is not a JSON array", e);
        }
    }
}

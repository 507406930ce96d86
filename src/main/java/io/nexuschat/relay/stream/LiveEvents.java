package io.nexuschat.relay.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.OutboxEvent;
import io.nexuschat.relay.OutboxException;
import io.nexuschat.relay.RelaySignal;
import io.nexuschat.relay.Sql;
import io.nexuschat.relay.StoredEvent;

/**
 * In-process fan-out of committed events to live streams, and the stored backlog a resumed stream starts with. Each
 * instance streams the events committed in it (streams across instances are not built yet).
 */
@ApplicationScoped
public class LiveEvents {

    /** Most events a resumed stream replays from the store before it goes live. */
    static final int MAX_BACKLOG = 1000;

    @Inject
    RelaySignal signal;

    @Inject
    AgroalDataSource dataSource;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    @PostConstruct
    void listen() {
        signal.onCommitted(events -> {
            for (Subscriber s : subscribers) {
                for (StoredEvent e : events) {
                    if (s.filter().test(e.event())) {
                        s.sink().accept(e.event());
                    }
                }
            }
        });
    }

    /** Receives every event matching {@code filter} committed from now on, until {@link #unsubscribe}. */
    public Subscriber subscribe(Predicate<OutboxEvent> filter, Consumer<OutboxEvent> sink) {
        Subscriber s = new Subscriber(filter, sink);
        subscribers.add(s);
        return s;
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    /**
     * Stored events after the event {@code lastEventId} of an experience (or of one session), oldest first; empty when
     * that event is unknown or pruned.
     */
    public List<OutboxEvent> after(UUID lastEventId, String experienceId, UUID sessionId) {
        List<OutboxEvent> events = new ArrayList<>();
        String sql = "select e.id, e.experience_id, e.session_id, e.type, e.occurred_at, e.data from relay_event e "
                + "where e.seq > (select l.seq from relay_event l where l.id = ?) and "
                + (sessionId != null ? "e.session_id = ?" : "e.experience_id = ?") + " order by e.seq limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, lastEventId, sessionId != null ? sessionId : experienceId, MAX_BACKLOG);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new OutboxEvent(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getObject(3, UUID.class), rs.getString(4), Sql.instant(rs, 5), rs.getString(6)));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Reading the stream backlog failed", e);
        }
        return events;
    }

    /** A live stream's registration. */
    public record Subscriber(Predicate<OutboxEvent> filter, Consumer<OutboxEvent> sink) {
    }
}

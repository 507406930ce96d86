package io.nexuschat.relay.stream;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.nexuschat.relay.OutboxEvent;
import io.nexuschat.relay.OutboxException;
import io.nexuschat.relay.RelaySignal;
import io.nexuschat.relay.Sql;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;

/**
 * Feeds the live streams of this instance from the database, so a stream sees the events committed by every instance
 * sharing it. While at least one stream is open, one thread tails {@code relay_event} by {@code seq}: every
 * {@code nexus.streams.poll-interval}, and at once when this instance commits events. Sequence numbers are taken at
 * insert and become visible at commit, which need not be in the same order; a number skipped by a read is looked for
 * again for {@code nexus.streams.gap-grace} (its transaction may still commit), so each event reaches each stream once,
 * with no gap. With no stream open, nothing is read. When a graceful shutdown begins every stream is ended (clients
 * reconnect, to another instance, with {@code Last-Event-ID}), so open streams do not hold the shutdown up.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    /** Most events a resumed stream replays from the store before it goes live. */
    static final int MAX_BACKLOG = 1000;
    /** Most events one read returns; a full page is followed by another read at once. */
    static final int PAGE = 500;
    /** Most skipped sequence numbers looked for again (the most recent ones are kept). */
    static final int MAX_GAPS = 500;

    private static final String COLUMNS = "e.seq, e.id, e.experience_id, e.session_id, e.type, e.occurred_at, e.data";

    @Inject
    RelaySignal signal;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StreamConfig config;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    /** Highest sequence number handed to the streams; -1 while nothing is tailed (no stream open). Under lock. */
    private long high = -1;
    /** Skipped sequence numbers below {@link #high} → when they were first skipped (nanoTime). Under lock. */
    private final Map<Long, Long> gaps = new LinkedHashMap<>();
    private boolean woken;
    private boolean stopped;
    private Thread tailer;

    @PostConstruct
    void listen() {
        signal.onCommitted(events -> wake());
    }

    @PreDestroy
    void stop() {
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /**
     * A graceful shutdown began (new requests are refused from now on): end every stream, so the wait for in-flight
     * requests ({@code quarkus.shutdown.timeout}) is a wait for answers only. Needs {@code quarkus.shutdown.delay-enabled}
     * (the event is fired only then).
     */
    void shuttingDown(@Observes ShutdownDelayInitiatedEvent event) {
        stop();
        for (Subscriber s : subscribers) {
            unsubscribe(s);
            try {
                s.end().run();
            } catch (RuntimeException e) {
                LOG.debugf(e, "Ending a live stream at shutdown failed");
            }
        }
    }

    /**
     * Receives every event matching {@code filter} committed (by any instance) from now on, until
     * {@link #unsubscribe}. The sink is called from the tailing thread and must not block; {@code end} ends the stream
     * (at shutdown).
     */
    public Subscriber subscribe(Predicate<OutboxEvent> filter, Consumer<OutboxEvent> sink, Runnable end) {
        Subscriber s = new Subscriber(filter, sink, end);
        synchronized (lock) {
            if (high < 0) {
                // Nothing tailed yet: start after the last committed event (a resumed stream reads the store first).
                high = maxSeq();
                gaps.clear();
            }
            subscribers.add(s);
            if (tailer == null) {
                tailer = Thread.ofPlatform().daemon().name("live-events-tail").start(this::tail);
            }
            lock.notifyAll();
        }
        return s;
    }

    public void unsubscribe(Subscriber s) {
        subscribers.remove(s);
    }

    /** Events were committed by this instance: read them now instead of at the next poll. */
    void wake() {
        synchronized (lock) {
            if (high >= 0) {
                woken = true;
                lock.notifyAll();
            }
        }
    }

    private void tail() {
        boolean failing = false;
        while (true) {
            long cursor;
            List<Long> missing;
            synchronized (lock) {
                long waitUntil = System.nanoTime() + config.pollInterval().toNanos();
                while (!stopped && (subscribers.isEmpty() || !woken)) {
                    if (subscribers.isEmpty()) {
                        high = -1; // resumes from the then-last event when a stream opens
                        gaps.clear();
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                        waitUntil = System.nanoTime();
                        continue;
                    }
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                woken = false;
                cursor = high;
                long expired = System.nanoTime() - config.gapGrace().toNanos();
                gaps.values().removeIf(since -> since - expired < 0);
                missing = new ArrayList<>(gaps.keySet());
            }
            try {
                List<Row> rows = read(cursor, missing);
                dispatch(rows);
                if (failing) {
                    LOG.info("Live streams read the event store again");
                    failing = false;
                }
                if (rows.size() == PAGE) {
                    synchronized (lock) {
                        woken = true;
                    }
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warnf("Live streams cannot read new events (retrying every %s): %s", config.pollInterval(),
                            e.toString());
                    failing = true;
                }
            }
        }
    }

    private void dispatch(List<Row> rows) {
        List<OutboxEvent> fresh = new ArrayList<>(rows.size());
        synchronized (lock) {
            for (Row r : rows) {
                if (r.seq() > high) {
                    for (long s = Math.max(high + 1, r.seq() - MAX_GAPS); s < r.seq(); s++) {
                        gaps.put(s, System.nanoTime());
                    }
                    high = r.seq();
                } else if (gaps.remove(r.seq()) == null) {
                    continue; // already handed out
                }
                fresh.add(r.event());
            }
            if (gaps.size() > MAX_GAPS) {
                Iterator<Long> oldest = gaps.keySet().iterator();
                for (int n = gaps.size() - MAX_GAPS; n > 0; n--) {
                    oldest.next();
                    oldest.remove();
                }
            }
        }
        for (Subscriber s : subscribers) {
            for (OutboxEvent e : fresh) {
                try {
                    if (s.filter().test(e)) {
                        s.sink().accept(e);
                    }
                } catch (RuntimeException ex) {
                    LOG.debugf(ex, "A live stream refused event %s", e.id());
                }
            }
        }
    }

    private List<Row> read(long after, List<Long> missing) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from relay_event e where e.seq > ?");
        if (!missing.isEmpty()) {
            sql.append(" or e.seq in (").append("?,".repeat(missing.size() - 1)).append("?)");
        }
        sql.append(" order by e.seq limit ").append(PAGE);
        List<Object> params = new ArrayList<>(missing.size() + 1);
        params.add(after);
        params.addAll(missing);
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            Sql.bind(s, params.toArray());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), event(rs, 2)));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Reading new events for live streams failed", e);
        }
        return rows;
    }

    private long maxSeq() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("select coalesce(max(seq), 0) from relay_event");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new OutboxException("Reading the last event's position failed", e);
        }
    }

    /**
     * Stored events after the event {@code lastEventId} of an experience (or of one session), oldest first; empty when
     * that event is unknown or pruned.
     */
    public List<OutboxEvent> after(UUID lastEventId, String experienceId, UUID sessionId) {
        List<OutboxEvent> events = new ArrayList<>();
        String sql = "select " + COLUMNS + " from relay_event e "
                + "where e.seq > (select l.seq from relay_event l where l.id = ?) and "
                + (sessionId != null ? "e.session_id = ?" : "e.experience_id = ?") + " order by e.seq limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, lastEventId, sessionId != null ? sessionId : experienceId, MAX_BACKLOG);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(event(rs, 2));
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Reading the stream backlog failed", e);
        }
        return events;
    }

    private static OutboxEvent event(ResultSet rs, int from) throws SQLException {
        return new OutboxEvent(rs.getObject(from, UUID.class), rs.getString(from + 1),
                rs.getObject(from + 2, UUID.class), rs.getString(from + 3), Sql.instant(rs, from + 4),
                rs.getString(from + 5));
    }

    private record Row(long seq, OutboxEvent event) {
    }

    /** A live stream's registration. */
    public record Subscriber(Predicate<OutboxEvent> filter, Consumer<OutboxEvent> sink, Runnable end) {
    }
}

package io.nexuschat.conversation;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Keeps answer streams from going quiet: while an answer is produced, writes {@code : ping} on a stream that has sent
 * nothing for {@code nexus.conversation.heartbeat}. One daemon thread serves every stream; a check is scheduled for
 * the moment the stream would have been quiet for the interval, so no gap is longer than the interval.
 */
@ApplicationScoped
public class StreamHeartbeat {

    private final long intervalNanos;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sse-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public StreamHeartbeat(ConversationConfig config) {
        this.intervalNanos = config.heartbeat().toNanos();
    }

    /** Starts pinging {@code stream}; close the result when the answer is complete or failed. */
    Beat start(QueryEventStream stream) {
        Beat beat = new Beat(stream);
        if (intervalNanos > 0) {
            beat.schedule(intervalNanos);
        }
        return beat;
    }

    /** The heartbeat of one stream. Closing it is idempotent. */
    final class Beat implements AutoCloseable {

        private final QueryEventStream stream;
        private boolean closed;
        private ScheduledFuture<?> next;

        private Beat(QueryEventStream stream) {
            this.stream = stream;
        }

        private synchronized void schedule(long delayNanos) {
            if (!closed) {
                next = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private void check() {
            long quiet = stream.quietNanos();
            if (quiet < intervalNanos) {
                schedule(intervalNanos - quiet);
                return;
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                stream.ping();
            }
            schedule(intervalNanos);
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}

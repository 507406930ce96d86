package io.nexuschat.answer;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream that has been quiet for longer than a timeout, which makes a read blocked on it fail. The JDK's
 * HTTP client only times out until the response headers arrive; this covers the streamed body. Call
 * {@link #activity()} whenever data arrives; when a read fails or the stream ends, {@link #hasExpired()} tells whether
 * this timeout was the reason.
 */
public final class StreamIdleTimeout implements Closeable {

    private final ScheduledExecutorService scheduler;
    private final Closeable stream;
    private final long timeoutNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean expired;
    private boolean closed;
    private ScheduledFuture<?> check;

    public StreamIdleTimeout(ScheduledExecutorService scheduler, Closeable stream, Duration timeout) {
        this.scheduler = scheduler;
        this.stream = stream;
        this.timeoutNanos = timeout.toNanos();
        schedule(timeoutNanos);
    }

    /**
     * A scheduler for the timeouts of one engine's streams: one daemon thread, which only closes streams that went
     * quiet. Shut it down with the engine.
     */
    public static ScheduledExecutorService watchdog(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Data arrived: the stream is alive. Cheap: a volatile write, no rescheduling. */
    public void activity() {
        lastActivity = System.nanoTime();
    }

    /** True when the stream was closed because it stayed quiet too long. */
    public boolean hasExpired() {
        return expired;
    }

    private synchronized void schedule(long delayNanos) {
        if (!closed) {
            check = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        long idle = System.nanoTime() - lastActivity;
        if (idle < timeoutNanos) {
            schedule(timeoutNanos - idle);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            expired = true;
        }
        try {
            stream.close(); // unblocks the reader, whose read then fails
        } catch (IOException e) {
            // closing is best effort; the reader sees the expiry either way
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (check != null) {
            check.cancel(false);
        }
    }
}

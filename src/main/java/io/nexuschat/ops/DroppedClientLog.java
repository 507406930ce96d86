package io.nexuschat.ops;

import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;

/**
 * A visitor who closes the page while an answer streams is normal, not an error. Quarkus REST logs a failed write to
 * an event stream at ERROR with the I/O exception's stack trace ("Broken pipe", "Connection reset"), and Netty may warn
 * about the closed channel; this filter on those two categories turns such a record into one DEBUG line of
 * {@code io.nexuschat.ops.DroppedClientLog}. Any other record is logged as before.
 */
@Singleton
public class DroppedClientLog implements Filter {

    /** The category of Quarkus REST's event-stream writer. */
    static final String SSE_WRITER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DroppedClientLog.class);

    /**
     * Netty's channel pipeline: when a stream is written as the connection closes, it warns that it "failed to mark a
     * promise as failure because it has failed already" (the failure being a {@code ClosedChannelException}).
     */
    static final String CHANNEL_PIPELINE = "io.netty.channel.AbstractChannelHandlerContext";

    void install(@Observes StartupEvent start) {
        Logger.getLogger(SSE_WRITER).setFilter(this);
        Logger.getLogger(CHANNEL_PIPELINE).setFilter(this);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            return true;
        }
        IOException cause = ioCause(record.getThrown());
        boolean closedChannel = CHANNEL_PIPELINE.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().contains("ClosedChannelException");
        if (cause == null && !closedChannel) {
            return true;
        }
        LOG.debugf("A client left while its response was written: %s",
                cause != null ? cause : "closed channel (" + record.getLoggerName() + ")");
        return false;
    }

    private static IOException ioCause(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}

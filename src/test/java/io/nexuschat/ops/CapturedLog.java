package io.nexuschat.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the application logs at {@code WARN} and above while it is open (the JBoss LogManager is the JUL
 * manager in tests, so a handler on the root logger sees every category).
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new ArrayList<>();

    private CapturedLog() {
        setLevel(Level.WARNING);
    }

    static CapturedLog open() {
        CapturedLog log = new CapturedLog();
        Logger.getLogger("").addHandler(log);
        return log;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (records) {
                records.add(record);
            }
        }
    }

    /** Each record as one line: level, category, message and the whole cause chain. */
    List<String> lines() {
        synchronized (records) {
            return records.stream().map(CapturedLog::describe).toList();
        }
    }

    private static String describe(LogRecord r) {
        StringBuilder sb = new StringBuilder(r.getLevel() + " [" + r.getLoggerName() + "] " + r.getMessage());
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) {
            sb.append(" | ").append(t);
        }
        return sb.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}

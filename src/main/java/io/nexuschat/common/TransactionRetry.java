package io.nexuschat.common;

import java.sql.SQLException;
import java.util.function.Supplier;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs work in a transaction of its own, and again when it lost a race on a database constraint (SQL state class 23:
 * two requests inserted the same key, or a row it references was deleted meanwhile). The next attempt sees the
 * winner's outcome and answers accordingly (the existing row, or a 404).
 */
public final class TransactionRetry {

    private static final int ATTEMPTS = 3;

    private TransactionRetry() {
    }

    /** Runs {@code work} in a new transaction, up to three times while it fails on a constraint. */
    public static <T> T onConstraintViolation(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !constraintViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code e} was caused by a violated database constraint. */
    public static boolean constraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }
}

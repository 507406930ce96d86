package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Group commit for the short write transactions of requests (a session created, a query's message, an answer): units
 * of work that arrive while a group is being written run together, one after the other in one transaction, on
 * whichever caller thread writes next; each caller returns once the transaction holding its work has committed. A
 * durable commit is the expensive part of such a request (on H2, writing every touched page of every index to the file store, one commit at a time), so
 * concurrent requests share one instead of queueing for one each; a lone request commits at once, as before.
 *
 * <p>
 * If a group's transaction fails (one unit threw, or the commit did), each of its units runs again in a transaction
 * of its own ({@link TransactionRetry#onConstraintViolation}), so one unit's failure is only its own. A unit must
 * therefore be safe to run again: it does all its work in the transaction, and reads the time inside.
 */
@ApplicationScoped
public class GroupCommit {

    /** Units per transaction at most: bounds the wait of the last unit of a group. */
    static final int MAX_GROUP = 64;

    private final GroupWriter<Supplier<?>, Object> writer = new GroupWriter<>(unit -> 1, MAX_GROUP,
            GroupCommit::inOneTransaction, TransactionRetry::onConstraintViolation);

    /** Runs {@code work} in a transaction shared with concurrent units; returns after that transaction committed. */
    @SuppressWarnings("unchecked")
    public <T> T call(Supplier<T> work) {
        return (T) writer.submit(work);
    }

    /** Units waiting for a transaction (for tests). */
    int queued() {
        return writer.queued();
    }

    private static List<Object> inOneTransaction(List<Supplier<?>> group) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object> out = new ArrayList<>(group.size());
            for (Supplier<?> unit : group) {
                out.add(unit.get());
            }
            return out;
        });
    }
}

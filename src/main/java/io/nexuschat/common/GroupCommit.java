package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Group commit for the short write transactions of requests (a session created, a query's message, an answer): units
 * of work that arrive while a group is being written run together, one after the other in one transaction, on
 * whichever caller thread writes next; each caller returns once the transaction holding its work has committed. A
 * durable commit is the expensive part of such a request (on H2, a write and sync of the file store, serialized), so
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

    private final ConcurrentLinkedQueue<Unit<?>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /** Runs {@code work} in a transaction shared with concurrent units; returns after that transaction committed. */
    public <T> T call(Supplier<T> work) {
        Unit<T> mine = new Unit<>(work, new CompletableFuture<>());
        queue.add(mine);
        writer.lock();
        try {
            // A writer before us took every unit it drained to the end: ours is done or still queued.
            while (!mine.result.isDone()) {
                write(drain());
            }
        } finally {
            writer.unlock();
        }
        try {
            return mine.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while committing", e);
        }
    }

    /** Units waiting for a transaction (for tests). */
    int queued() {
        return queue.size();
    }

    private List<Unit<?>> drain() {
        List<Unit<?>> group = new ArrayList<>();
        Unit<?> next;
        while (group.size() < MAX_GROUP && (next = queue.poll()) != null) {
            group.add(next);
        }
        return group;
    }

    private void write(List<Unit<?>> group) {
        if (group.size() == 1) {
            alone(group.getFirst());
            return;
        }
        List<Object> results;
        try {
            results = QuarkusTransaction.requiringNew().call(() -> {
                List<Object> out = new ArrayList<>(group.size());
                for (Unit<?> unit : group) {
                    out.add(unit.work.get());
                }
                return out;
            });
        } catch (RuntimeException | Error groupFailed) {
            for (Unit<?> unit : group) {
                alone(unit);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i));
        }
    }

    /** Runs one unit in a transaction of its own (again while it loses a race on a constraint). */
    private static <T> void alone(Unit<T> unit) {
        try {
            unit.result.complete(TransactionRetry.onConstraintViolation(unit.work));
        } catch (RuntimeException | Error e) {
            unit.result.completeExceptionally(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Unit<T> unit, Object result) {
        unit.result.complete((T) result);
    }

    private record Unit<T>(Supplier<T> work, CompletableFuture<T> result) {
    }
}

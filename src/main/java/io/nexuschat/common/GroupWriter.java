package io.nexuschat.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The mechanism of a group commit: items submitted while a group is being written are written together, by whichever
 * submitting thread writes next; each submitter returns once the write holding its item is done. A group of one is
 * written with {@code alone}; a larger group with {@code together}, and if that fails, each of its items again with
 * {@code alone}, so one item's failure is only its own.
 *
 * @param <I> what is submitted
 * @param <R> the answer of one item
 */
public final class GroupWriter<I, R> {

    private final ToIntFunction<I> weight;
    private final int maxWeight;
    private final Function<List<I>, List<R>> together;
    private final Function<I, R> alone;
    private final ConcurrentLinkedQueue<Entry<I, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * @param weight    an item's share of a group (1 for items of equal cost)
     * @param maxWeight a group's weight at most (a single heavier item still forms a group of its own)
     * @param together  writes a group; answers in the group's order
     * @param alone     writes one item
     */
    public GroupWriter(ToIntFunction<I> weight, int maxWeight, Function<List<I>, List<R>> together,
            Function<I, R> alone) {
        this.weight = weight;
        this.maxWeight = maxWeight;
        this.together = together;
        this.alone = alone;
    }

    /** Writes {@code item} with those submitted meanwhile; returns its answer once its group is written. */
    public R submit(I item) {
        Entry<I, R> mine = new Entry<>(item, new CompletableFuture<>());
        queue.add(mine);
        writer.lock();
        try {
            // A writer before us took every entry it drained to the end: ours is done or still queued.
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
            throw new IllegalStateException("Interrupted while writing", e);
        }
    }

    /** Items waiting for a writer. */
    public int queued() {
        return queue.size();
    }

    private List<Entry<I, R>> drain() {
        List<Entry<I, R>> group = new ArrayList<>();
        int total = 0;
        Entry<I, R> next;
        while ((next = queue.peek()) != null
                && (group.isEmpty() || total + weight.applyAsInt(next.item) <= maxWeight)) {
            queue.poll();
            group.add(next);
            total += weight.applyAsInt(next.item);
        }
        return group;
    }

    private void write(List<Entry<I, R>> group) {
        if (group.size() == 1) {
            writeAlone(group.getFirst());
            return;
        }
        List<R> results;
        try {
            results = together.apply(group.stream().map(Entry::item).toList());
        } catch (RuntimeException | Error groupFailed) {
            group.forEach(this::writeAlone);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result.complete(results.get(i));
        }
    }

    private void writeAlone(Entry<I, R> entry) {
        try {
            entry.result.complete(alone.apply(entry.item));
        } catch (RuntimeException | Error e) {
            entry.result.completeExceptionally(e);
        }
    }

    private record Entry<I, R>(I item, CompletableFuture<R> result) {
    }
}

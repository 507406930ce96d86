package io.nexuschat.relay.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.common.TransactionRetry;
import io.nexuschat.relay.Outbox;
import io.nexuschat.relay.OutboxEvent;

/**
 * Group commit for the intake: batches that arrive while another is being written are stored together, in one
 * transaction, by whichever request thread writes next; every batch's request waits until the transaction holding
 * its events has committed. One commit for many batches instead of one each — the database's per-commit cost
 * (writing its pages to the file) is shared — and a batch is still answered only once it is durable. If a group
 * fails, each of its batches is written again on its own, so one batch's failure is only its own.
 */
@ApplicationScoped
public class IntakeCommits {

    /** Events per transaction at most (the dedup lookup binds one parameter per event). */
    static final int MAX_GROUP_EVENTS = 1000;

    @Inject
    Outbox outbox;

    private final ConcurrentLinkedQueue<Submission> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * Stores the events not stored before (by id), durably; returns the ids that were: duplicates. Blocks until
     * the transaction holding the events has committed.
     */
    public Set<UUID> store(Collection<OutboxEvent> events) {
        Submission mine = new Submission(List.copyOf(events));
        queue.add(mine);
        writer.lock();
        try {
            // A writer before us took every submission it drained to the end: ours is done or still queued.
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
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while storing events", e);
        }
    }

    private List<Submission> drain() {
        List<Submission> group = new ArrayList<>();
        int events = 0;
        Submission next;
        while ((next = queue.peek()) != null && (group.isEmpty() || events + next.events.size() <= MAX_GROUP_EVENTS)) {
            queue.poll();
            group.add(next);
            events += next.events.size();
        }
        return group;
    }

    private void write(List<Submission> group) {
        List<Set<UUID>> duplicates;
        try {
            duplicates = TransactionRetry.onConstraintViolation(() -> append(group));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.getFirst().result.completeExceptionally(e);
            } else {
                for (Submission s : group) {
                    write(List.of(s));
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result.complete(duplicates.get(i));
        }
    }

    /** In the current transaction: one lookup of stored ids, one batched append. Duplicates per submission. */
    private List<Set<UUID>> append(List<Submission> group) {
        Set<UUID> ids = new HashSet<>();
        for (Submission s : group) {
            s.events.forEach(e -> ids.add(e.id()));
        }
        Set<UUID> taken = new HashSet<>(outbox.existing(ids));
        List<OutboxEvent> fresh = new ArrayList<>(ids.size());
        List<Set<UUID>> duplicates = new ArrayList<>(group.size());
        for (Submission s : group) {
            Set<UUID> mine = new HashSet<>();
            for (OutboxEvent e : s.events) {
                if (taken.add(e.id())) {
                    fresh.add(e);
                } else {
                    mine.add(e.id()); // stored before, or by an earlier batch of this group
                }
            }
            duplicates.add(mine);
        }
        outbox.append(fresh);
        return duplicates;
    }

    /** One batch's events and, once its transaction has committed, the ids that were duplicates. */
    private record Submission(List<OutboxEvent> events, CompletableFuture<Set<UUID>> result) {
        Submission(List<OutboxEvent> events) {
            this(events, new CompletableFuture<>());
        }
    }
}

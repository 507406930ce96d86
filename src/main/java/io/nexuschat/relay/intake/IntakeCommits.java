package io.nexuschat.relay.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.nexuschat.common.GroupWriter;
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

    private final GroupWriter<List<OutboxEvent>, Set<UUID>> writer = new GroupWriter<>(List::size, MAX_GROUP_EVENTS,
            group -> TransactionRetry.onConstraintViolation(() -> append(group)),
            events -> TransactionRetry.onConstraintViolation(() -> append(List.of(events))).getFirst());

    /**
     * Stores the events not stored before (by id), durably; returns the ids that were: duplicates. Blocks until
     * the transaction holding the events has committed.
     */
    public Set<UUID> store(Collection<OutboxEvent> events) {
        return writer.submit(List.copyOf(events));
    }

    /** In the current transaction: one lookup of stored ids, one batched append. Duplicates per submission. */
    private List<Set<UUID>> append(List<List<OutboxEvent>> group) {
        Set<UUID> ids = new HashSet<>();
        for (List<OutboxEvent> s : group) {
            s.forEach(e -> ids.add(e.id()));
        }
        Set<UUID> taken = new HashSet<>(outbox.existing(ids));
        List<OutboxEvent> fresh = new ArrayList<>(ids.size());
        List<Set<UUID>> duplicates = new ArrayList<>(group.size());
        for (List<OutboxEvent> s : group) {
            Set<UUID> mine = new HashSet<>();
            for (OutboxEvent e : s) {
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
}

package io.nexuschat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Units that arrive while a group is being written share the next transaction; each returns after its commit. */
@QuarkusTest
class GroupCommitTest {

    @Inject
    GroupCommit commits;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** What a unit saw: its transaction, and whether that transaction had committed when the caller got it back. */
    record Seen(Object transaction, AtomicBoolean committed) {
    }

    private Seen unit() {
        AtomicBoolean committed = new AtomicBoolean();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                committed.set(status == Status.STATUS_COMMITTED);
            }
        });
        return new Seen(transactions.getTransactionKey(), committed);
    }

    @Test
    void unitsQueuedMeanwhileShareOneTransactionAndReturnAfterItsCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Seen> first = holdTheWriter(pool, release);
            List<Future<Seen>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(pool.submit(() -> commits.call(this::unit)));
            }
            awaitQueued(3);
            release.countDown();
            Seen alone = first.get(10, TimeUnit.SECONDS);
            List<Seen> group = new ArrayList<>();
            for (Future<Seen> f : queued) {
                group.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(alone.committed()).isTrue();
            assertThat(group).allSatisfy(seen -> assertThat(seen.committed()).isTrue());
            assertThat(group).extracting(Seen::transaction).containsOnly(group.getFirst().transaction())
                    .doesNotContain(alone.transaction());
        }
    }

    @Test
    void aFailingUnitFailsAloneAndTheRestOfItsGroupCommits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Seen> first = holdTheWriter(pool, release);
            Future<Seen> before = pool.submit(() -> commits.call(this::unit));
            awaitQueued(1);
            Future<Seen> failing = pool.submit(() -> commits.call(() -> {
                unit();
                throw ProblemException.conflict("this unit fails");
            }));
            awaitQueued(2);
            Future<Seen> after = pool.submit(() -> commits.call(this::unit));
            awaitQueued(3);
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
            assertThat(before.get(10, TimeUnit.SECONDS).committed()).isTrue();
            assertThat(after.get(10, TimeUnit.SECONDS).committed()).isTrue();
            assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProblemException.class)
                    .hasMessageContaining("this unit fails");
        }
    }

    /** Starts a unit that keeps its group (and so the writer) busy until {@code release}; returns once it runs. */
    private Future<Seen> holdTheWriter(ExecutorService pool, CountDownLatch release) throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        Future<Seen> first = pool.submit(() -> commits.call(() -> {
            entered.countDown();
            await(release);
            return unit();
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private void awaitQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commits.queued() < n) {
            assertThat(System.nanoTime()).as("%d units queued", n).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

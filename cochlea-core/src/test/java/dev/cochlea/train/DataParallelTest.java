package dev.cochlea.train;

import dev.cochlea.Cochlea;
import dev.cochlea.data.SyntheticSounds;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Data-parallel training ({@link TrainJob#collective}): members on threads of this JVM, summing
 * through shared memory, take the steps one process takes on the whole batch: the same loss curve
 * (within float rounding: slices are summed in another order than whole batches) and the same
 * test accuracy. The model has neither batch normalisation nor dropout, and mixup is off, which
 * are the documented differences.
 */
class DataParallelTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void sounds() throws IOException {
        data = dir.resolve("sounds");
        SyntheticSounds.write(data, 9, 8000, 21);
    }

    /** Members on threads, summing through a shared array between two barriers. */
    static final class SharedMemory {
        final int size;
        final CyclicBarrier barrier;
        float[] total;

        SharedMemory(int size) {
            this.size = size;
            this.barrier = new CyclicBarrier(size);
        }

        Collective member(int rank) {
            return new Collective() {
                @Override
                public int rank() {
                    return rank;
                }

                @Override
                public int size() {
                    return size;
                }

                @Override
                public void sum(float[] v) throws IOException {
                    try {
                        if (rank == 0) total = new float[v.length];
                        barrier.await();
                        synchronized (SharedMemory.this) {
                            for (int i = 0; i < v.length; i++) total[i] += v[i];
                        }
                        barrier.await();
                        System.arraycopy(total, 0, v, 0, v.length);
                        barrier.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        throw new IOException(e);
                    }
                }
            };
        }
    }

    /** Trains {@code settings(out)} with {@code members} members on threads, weights averaged every {@code syncEvery} steps (1: gradients every step). */
    static List<TrainJob.Outcome> together(int members, Path out, int syncEvery) throws Exception {
        SharedMemory shm = new SharedMemory(members);
        ExecutorService pool = Executors.newFixedThreadPool(members);
        try {
            List<Future<TrainJob.Outcome>> outcomes = new ArrayList<>();
            for (int r = 0; r < members; r++) {
                Collective c = shm.member(r);
                outcomes.add(pool.submit(() -> {
                    TrainJob.Outcome[] o = new TrainJob.Outcome[1];
                    Exception[] failed = new Exception[1];
                    // Members side by side, as one per core: each one's kernels stay on its thread.
                    Cochlea.onThisThread(() -> {
                        try {
                            o[0] = new TrainJob(settings(out), new TrainListener() {}).collective(c).syncEvery(syncEvery).run();
                        } catch (Exception e) {
                            failed[0] = e;
                        }
                    });
                    if (failed[0] != null) throw failed[0];
                    return o[0];
                }));
            }
            List<TrainJob.Outcome> got = new ArrayList<>();
            for (Future<TrainJob.Outcome> f : outcomes) got.add(f.get());
            return got;
        } finally {
            pool.shutdownNow();
        }
    }

    static TrainSettings settings(Path out) {
        return TrainSettings.builder(data, out).model("cifar").split("random:0.25").validation("none").epochs(3).batchSize(16).lr(3e-3)
                .mixup(0).ema(0).seed(3).features(TrainJobTest.small()).build();
    }

    @Test
    void twoMembersTakeTheStepsOfOneProcess() throws Exception {
        TrainJob.Outcome alone = new TrainJob(settings(dir.resolve("alone")), new TrainListener() {}).run();
        for (int members : new int[] {2, 3}) {
            Path out = dir.resolve("together-" + members);
            List<TrainJob.Outcome> got = together(members, out, 1);
            for (TrainJob.Outcome o : got) {
                assertEquals(alone.history().size(), o.history().size());
                for (int e = 0; e < o.history().size(); e++) {
                    assertEquals(alone.history().get(e).trainLoss(), o.history().get(e).trainLoss(), 1e-4 * alone.history().get(e).trainLoss(),
                            members + " members, epoch " + (e + 1));
                    assertEquals(alone.history().get(e).trainAcc(), o.history().get(e).trainAcc(), 1e-9, members + " members, epoch " + (e + 1));
                }
                assertEquals(alone.testAccuracy(), o.testAccuracy(), 0.0);
            }
            assertTrue(Files.isRegularFile(out.resolve(RunFolder.BEST)), "member 0 writes the run");
        }
    }

    @Test
    void averagingWeightsEveryFewStepsKeepsTheMembersTogether() throws Exception {
        List<TrainJob.Outcome> got = together(2, dir.resolve("local-sgd"), 3);
        TrainJob.Outcome a = got.get(0), b = got.get(1);
        assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0, "both members end with the same weights");
        for (int e = 0; e < a.history().size(); e++) assertEquals(a.history().get(e).trainLoss(), b.history().get(e).trainLoss(), 0.0);
        assertTrue(a.history().get(2).trainLoss() < a.history().get(0).trainLoss(), "it learns: " + a.history());
        assertThrows(IllegalArgumentException.class, () -> new TrainJob(settings(dir.resolve("x")), new TrainListener() {}).syncEvery(0));
    }

    @Test
    void resumeAndRefitAreRefusedInAGroup() {
        Collective one = new SharedMemory(2).member(1);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> new TrainJob(settings(dir.resolve("r")).toBuilder().refit(true).validation("random:0.2").build(), new TrainListener() {})
                        .collective(one).run());
        assertTrue(e.getMessage().startsWith("refit:"), e.getMessage());
    }
}

package dev.cochlea.data;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

/**
 * Batches a {@link Dataset} (like {@code torch.utils.data.DataLoader}): batch size, seeded
 * shuffling (a new order each pass, the same sequence of orders for the same seed), drop_last, and
 * background workers that build the next batches while the model trains on the current one. Batch
 * order never depends on the number of workers.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.builder(dataset).batchSize(64).shuffle(true).seed(0).workers(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : loader) { ... }
 * }
 * loader.close();
 * }</pre>
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private final Dataset<Sample> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private final BiFunction<List<Sample>, int[], Batch> collate;
    private final ExecutorService pool;
    private int epoch;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.collate = b.collate;
        this.pool = workers > 0 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "cochlea-loader");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** Starts a loader configuration over {@code dataset}. */
    public static Builder builder(Dataset<Sample> dataset) {
        return new Builder(dataset);
    }

    /** The number of batches one pass yields. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The dataset this loader reads. */
    public Dataset<Sample> dataset() {
        return dataset;
    }

    /** Sets which pass the next iteration is (the shuffle order depends on seed and epoch). */
    public synchronized void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    private int[] order(int pass) {
        int n = dataset.size();
        if (!shuffle) {
            int[] o = new int[n];
            for (int i = 0; i < n; i++) o[i] = i;
            return o;
        }
        return shuffledOrder(seed, pass, n);
    }

    /**
     * The order in which a shuffling loader with {@code seed} visits {@code n} samples on its
     * {@code pass}-th pass (data-parallel members cut the same order into their slices).
     */
    public static int[] shuffledOrder(long seed, int pass, int n) {
        long[] p = Tensor.randperm(new Generator(seed * 1_000_003L + pass), n).toLongArray();
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = (int) p[i];
        return o;
    }

    private Batch build(int[] order, int b) {
        int from = b * batchSize;
        int to = Math.min(order.length, from + batchSize);
        int[] idx = java.util.Arrays.copyOfRange(order, from, to);
        List<Sample> samples = new ArrayList<>(idx.length);
        for (int i : idx) samples.add(dataset.get(i));
        return collate.apply(samples, idx);
    }

    /** One pass over the data; each call starts the next epoch's order. */
    @Override
    public Iterator<Batch> iterator() {
        int pass;
        synchronized (this) {
            pass = epoch++;
        }
        int[] order = order(pass);
        int total = numBatches();
        if (pool == null) {
            return new Iterator<>() {
                int next;

                @Override
                public boolean hasNext() {
                    return next < total;
                }

                @Override
                public Batch next() {
                    if (next >= total) throw new NoSuchElementException();
                    return build(order, next++);
                }
            };
        }
        return new Iterator<>() {
            final ArrayDeque<Future<Batch>> queue = new ArrayDeque<>();
            int submitted;
            int taken;

            private void fill() {
                while (submitted < total && queue.size() < prefetch) {
                    int b = submitted++;
                    queue.add(pool.submit(() -> build(order, b)));
                }
            }

            @Override
            public boolean hasNext() {
                return taken < total;
            }

            @Override
            public Batch next() {
                if (taken >= total) throw new NoSuchElementException();
                fill();
                Future<Batch> f = queue.poll();
                taken++;
                fill();
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("DataLoader: interrupted while waiting for a batch", e);
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    throw new IllegalStateException("DataLoader: a worker failed: " + c, c);
                }
            }
        };
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }

    /** Options of a {@link DataLoader}; defaults as PyTorch (batch 1, no shuffle, no workers). */
    public static final class Builder {
        private final Dataset<Sample> dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private int workers;
        private int prefetch = 2;
        private BiFunction<List<Sample>, int[], Batch> collate = Collate::stack;

        private Builder(Dataset<Sample> dataset) {
            this.dataset = dataset;
        }

        /** Examples per batch (>= 1). */
        public Builder batchSize(int n) {
            if (n < 1) throw new IllegalArgumentException("batchSize: expected >= 1, found " + n);
            this.batchSize = n;
            return this;
        }

        /** Whether each pass visits the examples in a new random order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffle orders. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to drop a last, smaller batch. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Background threads building batches (0: build on the caller's thread). */
        public Builder workers(int n) {
            if (n < 0) throw new IllegalArgumentException("workers: expected >= 0, found " + n);
            this.workers = n;
            return this;
        }

        /** Batches prepared ahead per pass when workers are used (>= 1). */
        public Builder prefetch(int n) {
            if (n < 1) throw new IllegalArgumentException("prefetch: expected >= 1, found " + n);
            this.prefetch = n;
            return this;
        }

        /** Replaces the default stacking collate. */
        public Builder collate(BiFunction<List<Sample>, int[], Batch> collate) {
            this.collate = collate;
            return this;
        }

        /** The loader. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}

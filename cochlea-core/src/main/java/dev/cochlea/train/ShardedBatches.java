package dev.cochlea.train;

import dev.cochlea.data.Batch;
import dev.cochlea.data.Collate;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.Dataset;
import dev.cochlea.data.Sample;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * One member's share of every batch of a data-parallel epoch: the epoch's order is the one a
 * shuffling {@link dev.cochlea.data.DataLoader} with the same seed gives, cut into the same global
 * batches, and member k of n takes the k-th of n near-equal slices of each. A slice can be empty
 * (a last batch smaller than n): the iterator then gives null, and the member still takes part in
 * the step's exchange with nothing to add.
 */
final class ShardedBatches implements Iterable<Batch> {
    private final Dataset<Sample> dataset;
    private final int batchSize;
    private final long seed;
    private final int rank;
    private final int size;
    private int epoch;

    ShardedBatches(Dataset<Sample> dataset, int batchSize, long seed, int rank, int size) {
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.seed = seed;
        this.rank = rank;
        this.size = size;
    }

    void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    int numBatches() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> iterator() {
        int n = dataset.size();
        int[] order = DataLoader.shuffledOrder(seed, epoch, n);
        int total = numBatches();
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Batch next() {
                if (next >= total) throw new NoSuchElementException();
                int from = next * batchSize, to = Math.min(n, from + batchSize);
                next++;
                int len = to - from;
                int a = from + (int) ((long) rank * len / size), b = from + (int) ((long) (rank + 1) * len / size);
                if (a == b) return null;
                int[] idx = new int[b - a];
                List<Sample> samples = new ArrayList<>(idx.length);
                for (int i = a; i < b; i++) {
                    idx[i - a] = order[i];
                    samples.add(dataset.get(idx[i - a]));
                }
                return Collate.stack(samples, idx);
            }
        };
    }
}

package dev.cochlea.data;

import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
    private static TensorDataset dataset(int n) {
        return new TensorDataset(Tensor.arange(n * 2).reshape(n, 2), Tensor.ofLongs(new long[n], n));
    }

    private static List<int[]> orders(DataLoader loader) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : loader) out.add(b.indices());
        return out;
    }

    @Test
    void batchesCoverEveryExampleOnce() {
        try (DataLoader loader = DataLoader.builder(dataset(10)).batchSize(4).shuffle(true).seed(1).build()) {
            assertEquals(3, loader.numBatches());
            Set<Integer> seen = new HashSet<>();
            for (Batch b : loader) {
                assertEquals(b.size(), b.inputs().size(0));
                assertArrayEquals(new int[] {b.size()}, b.targets().shape());
                for (int r = 0; r < b.size(); r++) {
                    assertEquals(2f * b.indices()[r], b.inputs().get(r, 0));
                    assertTrue(seen.add(b.indices()[r]));
                }
            }
            assertEquals(10, seen.size());
        }
    }

    @Test
    void dropLastAndNoShuffle() {
        try (DataLoader loader = DataLoader.builder(dataset(10)).batchSize(4).dropLast(true).build()) {
            List<int[]> o = orders(loader);
            assertEquals(2, o.size());
            assertArrayEquals(new int[] {0, 1, 2, 3}, o.get(0));
        }
    }

    @Test
    void sameSeedSameOrdersAndWorkersDoNotChangeThem() {
        List<int[]> a, b, c;
        try (DataLoader l = DataLoader.builder(dataset(50)).batchSize(8).shuffle(true).seed(3).build()) {
            a = orders(l);
            List<int[]> second = orders(l);
            assertFalse(java.util.Arrays.equals(a.get(0), second.get(0)), "each pass reshuffles");
        }
        try (DataLoader l = DataLoader.builder(dataset(50)).batchSize(8).shuffle(true).seed(3).workers(3).prefetch(4).build()) {
            b = orders(l);
        }
        try (DataLoader l = DataLoader.builder(dataset(50)).batchSize(8).shuffle(true).seed(4).build()) {
            c = orders(l);
        }
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)));
    }

    @Test
    void workerErrorsReachTheCaller() {
        Dataset<Sample> bad = new Dataset<>() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Sample get(int index) {
                throw new IllegalStateException("cannot read item " + index);
            }
        };
        try (DataLoader l = DataLoader.builder(bad).batchSize(2).workers(2).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.iterator().next());
            assertTrue(e.getMessage().contains("cannot read item"), e.getMessage());
        }
    }

    @Test
    void collateRejectsRaggedInputs() {
        List<Sample> s = List.of(Sample.of(Tensor.zeros(3), 0), Sample.of(Tensor.zeros(4), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Collate.stack(s, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
    }
}

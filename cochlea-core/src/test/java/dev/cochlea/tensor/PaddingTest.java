package dev.cochlea.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** pad, flip, roll, repeat and tile against numbers from torch 1.13 (import torch.nn.functional as F). */
class PaddingTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(Shape.numel(shape)).reshape(shape);
    }

    @Test
    void padModes() {
        Tensor a = range(1, 3, 4);
        // F.pad(torch.arange(12.).view(1, 3, 4), (2, 1), mode='reflect')
        assertArrayEquals(new float[] {2, 1, 0, 1, 2, 3, 2, 6, 5, 4, 5, 6, 7, 6, 10, 9, 8, 9, 10, 11, 10},
                Tensor.pad(a, new int[] {2, 1}, "reflect", 0f).toFloatArray());
        // F.pad(..., (1, 2), mode='replicate')
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 3, 3, 4, 4, 5, 6, 7, 7, 7, 8, 8, 9, 10, 11, 11, 11},
                Tensor.pad(a, new int[] {1, 2}, "replicate", 0f).toFloatArray());
        // F.pad(..., (1, 2), mode='circular')
        assertArrayEquals(new float[] {3, 0, 1, 2, 3, 0, 1, 7, 4, 5, 6, 7, 4, 5, 11, 8, 9, 10, 11, 8, 9},
                Tensor.pad(a, new int[] {1, 2}, "circular", 0f).toFloatArray());
        // F.pad(torch.arange(12.).view(1, 1, 3, 4), (1, 1, 2, 0), mode='reflect')
        Tensor r2 = Tensor.pad(range(1, 1, 3, 4), new int[] {1, 1, 2, 0}, "reflect", 0f);
        assertArrayEquals(new int[] {1, 1, 5, 6}, r2.shape());
        assertArrayEquals(new float[] {9, 8, 9, 10, 11, 10, 5, 4, 5, 6, 7, 6, 1, 0, 1, 2, 3, 2, 5, 4, 5, 6, 7, 6, 9, 8, 9, 10, 11, 10},
                r2.toFloatArray());
        // F.pad(torch.arange(12.).reshape(3, 4), (1, -1, 0, 1), value=9): negative pads crop
        Tensor c = Tensor.pad(range(3, 4), new int[] {1, -1, 0, 1}, "constant", 9f);
        assertArrayEquals(new int[] {4, 4}, c.shape());
        assertArrayEquals(new float[] {9, 0, 1, 2, 9, 4, 5, 6, 9, 8, 9, 10, 9, 9, 9, 9}, c.toFloatArray());
        // F.pad(x, (1, 1)) pads with zeros; non-contiguous input and int64 input work too
        assertArrayEquals(new float[] {0, 0, 3, 0, 0, 1, 4, 0, 0, 2, 5, 0}, Tensor.pad(range(2, 3).t(), 1, 1).toFloatArray());
        assertArrayEquals(new long[] {7, 1, 2, 7}, Tensor.pad(Tensor.ofLongs(new long[] {1, 2}, 2), new int[] {1, 1}, "constant", 7f).toLongArray());
        // a large padded tensor (several threads) matches narrow()
        Tensor big = Tensor.randn(new Generator(2), 64, 40, 100);
        Tensor pb = Tensor.pad(big, new int[] {3, 4, 1, 0}, "replicate", 0f);
        assertArrayEquals(new int[] {64, 41, 107}, pb.shape());
        assertArrayEquals(big.toFloatArray(), pb.narrow(1, 1, 40).narrow(2, 3, 100).toFloatArray());
    }

    @Test
    void padErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.pad(range(2, 3), new int[] {3, 0}, "reflect", 0f));
        assertTrue(e.getMessage().contains("pad") && e.getMessage().contains("reflect") && e.getMessage().contains("dimension 1")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.pad(range(2, 3), new int[] {1, 1, 1}, "constant", 0f));
        assertTrue(e.getMessage().contains("pad") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.pad(range(2, 3), new int[] {1, 1}, "mirror", 0f));
        assertTrue(e.getMessage().contains("mirror"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.pad(range(2, 3), new int[] {-1, 0}, "replicate", 0f));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.pad(range(2, 3), new int[] {4, 0}, "circular", 0f));
        assertTrue(e.getMessage().contains("circular"), e.getMessage());
    }

    @Test
    void flipAndRoll() {
        // torch.arange(12.).reshape(3, 4).flip(0, 1)
        assertArrayEquals(new float[] {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, range(3, 4).flip(0, 1).toFloatArray());
        assertArrayEquals(new float[] {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8}, range(3, 4).flip(-1).toFloatArray());
        // .roll(1, 1)
        assertArrayEquals(new float[] {3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10}, range(3, 4).roll(1, 1).toFloatArray());
        // .roll((1, -1), (0, 1))
        assertArrayEquals(new float[] {9, 10, 11, 8, 1, 2, 3, 0, 5, 6, 7, 4},
                range(3, 4).roll(new int[] {1, -1}, new int[] {0, 1}).toFloatArray());
        assertArrayEquals(range(3, 4).toFloatArray(), range(3, 4).roll(8, 1).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(3, 4).flip(1, -1));
        assertTrue(e.getMessage().contains("flip") && e.getMessage().contains("dim 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> range(3, 4).roll(1, 2));
        assertTrue(e.getMessage().contains("roll") && e.getMessage().contains("dim 2"), e.getMessage());
    }

    @Test
    void repeatAndTile() {
        // torch.tensor([1., 2]).repeat(2, 2)
        Tensor r = Tensor.tensor(1, 2).repeat(2, 2);
        assertArrayEquals(new int[] {2, 4}, r.shape());
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, r.toFloatArray());
        // torch.arange(12.).reshape(3, 4)[:1, :2].repeat(2, 1, 2)
        Tensor v = range(3, 4).narrow(0, 0, 1).narrow(1, 0, 2).repeat(2, 1, 2);
        assertArrayEquals(new int[] {2, 1, 4}, v.shape());
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1, 0, 1}, v.toFloatArray());
        // torch.tensor([[1., 2]]).tile((2,))
        assertArrayEquals(new float[] {1, 2, 1, 2}, Tensor.of(new float[][] {{1, 2}}).tile(2).toFloatArray());
        assertArrayEquals(new int[] {0, 2}, Tensor.tensor(1, 2).repeat(0, 1).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).repeat(2));
        assertTrue(e.getMessage().contains("repeat") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}

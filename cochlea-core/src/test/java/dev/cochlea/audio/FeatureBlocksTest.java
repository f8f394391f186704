package dev.cochlea.audio;

import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Features computed block by block from ranges of a recording equal those of the whole recording. */
class FeatureBlocksTest {
    private static Tensor joined(FeatureBlocks.Source src, StftOptions o, int block, FeatureBlocks.Transform t, int output) throws Exception {
        long frames = FeatureBlocks.frames(src.frames(), o);
        float[][] rows = new float[1][];
        int[][] shape = new int[1][];
        FeatureBlocks.run(src, o, block, t, (t0, outs) -> {
            Tensor x = outs[output];
            int[] s = x.shape();
            int d = s.length;
            if (rows[0] == null) {
                shape[0] = s.clone();
                shape[0][d - 1] = (int) frames;
                rows[0] = new float[(int) (x.numel() / s[d - 1] * frames)];
            }
            float[] v = x.toFloatArray();
            int w = s[d - 1];
            for (int r = 0; r < v.length / w; r++) System.arraycopy(v, r * w, rows[0], (int) (r * frames + t0), w);
        });
        return Tensor.wrap(rows[0], shape[0]);
    }

    @Test
    void blocksOfAnySizeEqualTheWholeRecordingForEveryPadding() throws Exception {
        Tensor wave = Tensor.randn(new Generator(3), 2, 5000);
        for (PadMode mode : PadMode.values()) {
            for (boolean center : new boolean[] {true, false}) {
                StftOptions o = StftOptions.of(256).hopLength(100).center(center).padMode(mode);
                MelSpectrogram whole = new MelSpectrogram(MelSpectrogram.options().stft(o).sampleRate(8000).nMels(40));
                MelSpectrogram part = new MelSpectrogram(MelSpectrogram.options().stft(o.center(false)).sampleRate(8000).nMels(40));
                Tensor expected = whole.forward(wave);
                assertEquals(expected.size(2), FeatureBlocks.frames(5000, o), mode + " frames");
                for (int block : new int[] {1, 7, 16, 1000}) {
                    Tensor got = joined(FeatureBlocks.Source.of(wave, 8000), o, block, s -> new Tensor[] {part.forward(s)}, 0);
                    assertArrayEquals(expected.shape(), got.shape());
                    assertArrayEquals(expected.toFloatArray(), got.toFloatArray(), 0f, mode + " center=" + center + " block " + block);
                }
            }
        }
    }

    @Test
    void readsOnlyTheRangesOfAFile(@TempDir Path dir) throws Exception {
        Tensor wave = Tensor.rand(new Generator(5), 1, 12_345).mul(1.6f).sub(0.8f);
        Path f = dir.resolve("long.wav");
        Wav.writeFloat(f, wave, 16000);
        StftOptions o = StftOptions.of(400).hopLength(160);
        Stft whole = new Stft(o);
        Stft part = new Stft(o.center(false));
        ComplexSpectrum expected = whole.apply(wave);
        FeatureBlocks.Source src = FeatureBlocks.Source.of(f);
        assertEquals(12_345, src.frames());
        FeatureBlocks.Transform t = s -> {
            ComplexSpectrum c = part.apply(s);
            return new Tensor[] {c.real(), c.imag()};
        };
        assertArrayEquals(expected.real().toFloatArray(), joined(src, o, 9, t, 0).toFloatArray(), 0f);
        assertArrayEquals(expected.imag().toFloatArray(), joined(src, o, 9, t, 1).toFloatArray(), 0f);
    }
}

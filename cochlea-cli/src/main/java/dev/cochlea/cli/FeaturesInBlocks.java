package dev.cochlea.cli;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.ComplexSpectrum;
import dev.cochlea.audio.FeatureBlocks;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.Stft;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.io.SafetensorsBlockWriter;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.vision.SpectrogramImage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code features} command for recordings too long to hold: the file is read range by range
 * ({@link FeatureBlocks}) and the output written block by block ({@link SafetensorsBlockWriter}),
 * so memory stays bounded by the block whatever the file's length. The values equal those of the
 * in-memory path; {@code --top-db} and MFCC (whose decibel floor depends on the whole spectrogram)
 * take a first pass to find the maximum. The PNG shows at most {@value #MAX_COLUMNS} columns,
 * each the maximum over its frames.
 */
final class FeaturesInBlocks {
    static final int MAX_COLUMNS = 8192;
    /** Floats of output per block. */
    private static final long BLOCK_FLOATS = 1 << 22;

    private final FeaturesCommand cmd;
    private final String kind;
    private final StftOptions stft;
    private final int rows;

    FeaturesInBlocks(FeaturesCommand cmd, String kind, StftOptions stft) {
        this.cmd = cmd;
        this.kind = kind;
        this.stft = stft;
        this.rows = rows(kind, stft.nFft(), cmd.nMels, cmd.nMfcc);
    }

    /** Values per frame and channel of the output ({@code real} and {@code imag} together for stft). */
    static int rows(String kind, int nFft, int nMels, int nMfcc) {
        int bins = nFft / 2 + 1;
        return switch (kind) {
            case "stft" -> 2 * bins;
            case "spectrogram" -> bins;
            case "mel" -> nMels;
            default -> nMfcc;
        };
    }

    /** Whether computing in memory would take more than a third of the heap (waveform, spectrogram and output, twice over). */
    static boolean tooLarge(FeatureBlocks.Source src, String kind, StftOptions stft, int nMels, int nMfcc) {
        long frames = FeatureBlocks.frames(src.frames(), stft);
        long floats = 2L * src.channels() * src.frames() + 2L * src.channels() * frames * (rows(kind, stft.nFft(), nMels, nMfcc) + stft.nFft() / 2 + 1);
        return floats * Float.BYTES > Runtime.getRuntime().maxMemory() / 3;
    }

    /** Writes the features of {@code src} to {@code out}; returns the output's shape. */
    int[] run(FeatureBlocks.Source src, Path out, Map<String, String> meta, Integer blockFrames, double secondsPerFrame,
            java.util.function.Function<Tensor, SpectrogramImage> picture, Path png) throws IOException {
        int c = src.channels();
        long total = FeatureBlocks.frames(src.frames(), stft);
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException(cmd.input + ": " + total + " frames are more than one tensor holds; raise --hop-length");
        int frames = (int) total;
        int perFrame = kind.equals("stft") ? rows / 2 : rows;
        int block = blockFrames != null ? blockFrames : (int) Math.max(1, Math.min(frames, BLOCK_FLOATS / Math.max(1, (long) c * rows)));
        StftOptions uncentred = stft.center(false);
        int rate = src.sampleRate();
        double fHigh = cmd.fMax != null ? cmd.fMax : (double) (rate / 2);
        FeatureBlocks.Transform transform = switch (kind) {
            case "stft" -> {
                Stft s = new Stft(uncentred);
                yield seg -> {
                    ComplexSpectrum x = s.apply(seg);
                    return new Tensor[] {x.real(), x.imag()};
                };
            }
            case "spectrogram" -> {
                Spectrogram s = new Spectrogram(Spectrogram.options().stft(uncentred).power(cmd.power));
                yield seg -> new Tensor[] {s.forward(seg)};
            }
            default -> {
                MelSpectrogram m = new MelSpectrogram(cmd.melOptions(rate, uncentred, fHigh));
                yield seg -> new Tensor[] {m.forward(seg)};
            }
        };
        boolean power = cmd.power != 1.0;
        boolean decibels = !kind.equals("stft") && !kind.equals("mfcc") && (cmd.db || cmd.topDb != null);
        Double top = kind.equals("mfcc") && !cmd.logMels ? Double.valueOf(Mfcc.topDb()) : decibels ? cmd.topDb : null;
        AmplitudeToDB toDb = AmplitudeToDB.of(power || kind.equals("mfcc") ? AmplitudeToDB.SType.POWER : AmplitudeToDB.SType.MAGNITUDE, null);
        float floor = Float.NEGATIVE_INFINITY;
        if (top != null) {
            float[] max = {Float.NEGATIVE_INFINITY};
            FeatureBlocks.run(src, stft, block, transform, (t0, o) -> max[0] = maxOf(toDb.forward(o[0]), max[0]));
            floor = (float) (max[0] - top);
        }
        Mfcc mfcc = kind.equals("mfcc") ? new Mfcc(Mfcc.options().sampleRate(rate).nMfcc(cmd.nMfcc).norm(cmd.dctNormValue())
                .logMels(cmd.logMels).melSpectrogram(cmd.melOptions(rate, uncentred, fHigh))) : null;
        Map<String, int[]> shapes = new LinkedHashMap<>();
        if (kind.equals("stft")) {
            shapes.put("real", new int[] {c, perFrame, frames});
            shapes.put("imag", new int[] {c, perFrame, frames});
        } else {
            shapes.put("features", new int[] {c, perFrame, frames});
        }
        int columns = Math.min(frames, MAX_COLUMNS);
        float[] pic = png == null ? null : new float[perFrame * columns];
        if (pic != null) java.util.Arrays.fill(pic, Float.NEGATIVE_INFINITY);
        float dbFloor = floor;
        SafetensorsBlockWriter.write(out, cmd.overwrite, shapes, meta, sink -> FeatureBlocks.run(src, stft, block, transform, (t0, o) -> {
            Tensor[] outs = o;
            if (mfcc != null) {
                outs = new Tensor[] {mfcc.fromMelBlock(o[0], dbFloor)};
            } else if (decibels) {
                Tensor d = toDb.forward(o[0]);
                outs = new Tensor[] {top != null ? d.clampMin(dbFloor) : d};
            }
            if (outs.length == 2) {
                sink.put("real", t0, outs[0]);
                sink.put("imag", t0, outs[1]);
            } else {
                sink.put("features", t0, outs[0]);
            }
            if (pic != null) addColumns(pic, firstChannel(outs), t0, frames, columns);
        }));
        if (pic != null) {
            Tensor p = Tensor.wrap(pic, perFrame, columns);
            picture.apply(p).writePng(png, cmd.overwrite);
        }
        return new int[] {c, perFrame, frames};
    }

    private Tensor firstChannel(Tensor[] outs) {
        if (outs.length == 2) return outs[0].select(0, 0).pow(2f).add(outs[1].select(0, 0).pow(2f)).sqrt();
        return outs[0].select(0, 0);
    }

    /** Folds the frames of {@code block} [rows, n] (starting at frame t0) into their columns, keeping each column's maximum. */
    private static void addColumns(float[] pic, Tensor block, long t0, int frames, int columns) {
        int r = block.size(0);
        int n = block.size(1);
        float[] v = block.contiguous().toFloatArray();
        for (int t = 0; t < n; t++) {
            int col = (int) ((t0 + t) * columns / frames);
            for (int i = 0; i < r; i++) {
                float x = v[i * n + t];
                int at = i * columns + col;
                if (x > pic[at] || Float.isNaN(x)) pic[at] = x;
            }
        }
    }

    private static float maxOf(Tensor x, float max) {
        float[] v = x.toFloatArray();
        for (float f : v) {
            if (Float.isNaN(f) || Float.isNaN(max)) return Float.NaN;
            if (f > max) max = f;
        }
        return max;
    }
}

package dev.cochlea.train;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.Pcen;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.autograd.NoGrad;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a decoded recording into the model input described by a {@link FeatureConfig}:
 * mono → resampled → DC removed → padded/trimmed → log-mel, MFCC or PCEN, shape [1, bands, frames]. Transforms are
 * built once and shared, resampling filter banks come from {@link Resample}'s bounded cache; safe to
 * call from several threads.
 *
 * <pre>{@code
 * FeatureExtractor fx = new FeatureExtractor(FeatureConfig.defaults());
 * Tensor x = fx.extract(Audio.read(path));   // [1, 40, 63]
 * }</pre>
 */
public final class FeatureExtractor {
    private final FeatureConfig config;
    private final MelSpectrogram mel;
    private final AmplitudeToDB toDb;
    private final Mfcc mfcc;
    private final Pcen pcen;
    private final Map<Double, Transforms> warped = new ConcurrentHashMap<>();

    /** An extractor for {@code config}. */
    public FeatureExtractor(FeatureConfig config) {
        this.config = config;
        MelSpectrogram.Options mo = melOptions(config);
        this.mel = new MelSpectrogram(mo);
        this.toDb = AmplitudeToDB.of(AmplitudeToDB.SType.POWER, config.topDb() > 0 ? config.topDb() : null);
        this.pcen = config.kind().equals("pcen")
                ? new Pcen(Pcen.options().sampleRate(config.sampleRate()).hopLength(config.hopLength())) : null;
        this.mfcc = config.kind().equals("mfcc") ? mfcc(config, mo) : null;
    }

    /** The configuration. */
    public FeatureConfig config() {
        return config;
    }

    /** The clip as the model's mono waveform: [clipSamples] at the model's rate. */
    public Tensor waveform(AudioData audio) {
        return fit(mono(audio), config.clipSamples());
    }

    /** The longest stretch of a recording read for a model, in seconds at least (see {@link #read}). */
    public static final int READ_SECONDS = 30;

    /**
     * Reads what a model can use of {@code file} (any format {@link Audio} reads): its first {@value #READ_SECONDS} seconds, or four
     * clip lengths if that is more. Only that range is read from disk, so memory stays bounded by the
     * clip, not by the length (or a declared length) of the file; a model sees at most one clip from
     * the start, and the rest covers resampling and time shifts.
     *
     * <pre>{@code
     * AudioData head = new FeatureExtractor(config).read(Path.of("ten-minutes.wav"));   // 30 s at most
     * }</pre>
     *
     * @throws AudioFormatException naming the file when it cannot be decoded, or when its samples
     *                              (floating-point files) include NaN, an infinity or a magnitude above
     *                              {@link #MAX_ABS_SAMPLE}: its spectrum would overflow, its features
     *                              would be NaN, and a data set's statistics with them
     */
    public AudioData read(Path file) throws IOException {
        AudioInfo info = Audio.info(file);
        long modelSamples = Math.max(4L * config.clipSamples(), (long) READ_SECONDS * config.sampleRate());
        long frames = (long) Math.ceil(modelSamples * (double) info.sampleRate() / config.sampleRate()) + 64;
        AudioData audio = frames >= info.frames() ? Audio.read(file) : Audio.read(file, 0, (int) Math.min(Integer.MAX_VALUE, frames));
        if (audio.encoding().isFloat()) requireSound(file, audio);
        return audio;
    }

    /**
     * The largest magnitude {@link #read} accepts in a floating-point file, 120 dB above full scale:
     * far beyond any recording (unnormalised int16-scale floats reach 32768), far below where a power
     * spectrum overflows.
     */
    public static final float MAX_ABS_SAMPLE = 1e6f;

    private static void requireSound(Path file, AudioData audio) throws AudioFormatException {
        Tensor w = audio.waveform().contiguous();
        float[] s = w.storage();
        int off = w.offset(), n = w.numel(), frames = Math.max(1, audio.frames());
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(s[off + i]) <= MAX_ABS_SAMPLE)) {
                throw new AudioFormatException(file, "sample " + (i % frames) + " of channel " + (i / frames) + " is " + s[off + i]
                        + "; a recording's samples must be finite and within +-" + (long) MAX_ABS_SAMPLE + " (120 dB above full scale)");
            }
        }
    }

    /**
     * A recording as a stream to listen to: mixed to mono at the model's rate, its mean removed when the
     * configuration removes DC, and nothing cut (a {@link StreamingClassifier} cuts each stretch it hears
     * as it does a clip): [samples].
     *
     * @throws IllegalArgumentException when the recording must be resampled and its rate is outside
     *                                  {@link SampleRates#MIN} to {@link SampleRates#MAX} Hz
     */
    public Tensor stream(AudioData audio) {
        Tensor mono = mixed(audio);
        return config.removeDc() ? Tensor.wrap(withoutDc(mono.toFloatArray()), mono.size(0)) : mono;
    }

    private Tensor mixed(AudioData audio) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor w = audio.waveform();
            if (audio.frames() == 0) throw new IllegalArgumentException("holds no audio samples (0 frames)");
            Tensor mono = w.dim() == 2 && w.size(0) > 1 ? w.mean(0) : w.reshape(-1);
            if (audio.sampleRate() != config.sampleRate()) {
                if (!SampleRates.accepted(audio.sampleRate())) throw new IllegalArgumentException(SampleRates.problem(audio.sampleRate()));
                mono = new Resample(audio.sampleRate(), config.sampleRate()).apply(mono);
            }
            return mono.contiguous();
        }
    }

    /**
     * The whole recording mixed to mono at the model's rate, DC removed and cut to its sound as
     * the configuration says, not padded: [samples].
     *
     * @throws IllegalArgumentException when the recording must be resampled and its rate is outside
     *                                  {@link SampleRates#MIN} to {@link SampleRates#MAX} Hz
     */
    public Tensor mono(AudioData audio) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor mono = mixed(audio);
            if (!config.removeDc() && config.trimDb() == 0) return mono;
            float[] x = mono.toFloatArray();
            if (config.removeDc()) withoutDc(x);
            if (config.trimDb() > 0) x = trim(x, Math.max(1, config.sampleRate() / 50), config.trimDb());
            return Tensor.wrap(x, x.length);
        }
    }

    private static float[] withoutDc(float[] x) {
        double sum = 0;
        for (float v : x) sum += v;
        float mean = (float) (sum / Math.max(1, x.length));
        for (int i = 0; i < x.length; i++) x[i] -= mean;
        return x;
    }

    /** The longest quiet stretch, in windows, inside a word: a stop's closure ("six", "eight") is shorter. */
    static final int MAX_GAP_WINDOWS = 3;

    /**
     * {@code x} cut to its sound: windows of {@code win} samples are loud when within {@code db} of the
     * loudest; the sound starts at the loud window that reaches the loudest across quiet gaps of at
     * most {@link #MAX_GAP_WINDOWS} windows, so a click or breath set apart by silence before the word
     * is cut with the silence; it ends at the last loud window.
     */
    static float[] trim(float[] x, int win, double db) {
        int windows = (x.length + win - 1) / win;
        if (windows == 0) return x;
        double[] energy = new double[windows];
        double max = 0;
        int peak = 0;
        for (int w = 0; w < windows; w++) {
            double e = 0;
            for (int i = w * win; i < Math.min(x.length, (w + 1) * win); i++) e += (double) x[i] * x[i];
            energy[w] = e;
            if (e > max) {
                max = e;
                peak = w;
            }
        }
        if (max == 0) return x;
        double floor = max * Math.pow(10, -db / 10);
        int first = peak;
        for (int w = peak - 1; w >= 0 && first - w <= MAX_GAP_WINDOWS + 1; w--) {
            if (energy[w] >= floor) first = w;
        }
        int last = windows - 1;
        while (energy[last] < floor) last--;
        return java.util.Arrays.copyOfRange(x, first * win, Math.min(x.length, (last + 1) * win));
    }

    /** Zero-pads at the end or trims the end to {@code n} samples. */
    static Tensor fit(Tensor mono, int n) {
        int len = mono.size(0);
        if (len == n) return mono;
        if (len > n) return mono.narrow(0, 0, n).contiguous();
        float[] out = new float[n];
        System.arraycopy(mono.toFloatArray(), 0, out, 0, len);
        return Tensor.wrap(out, n);
    }

    /** The features of a clip: [1, bands, frames]. */
    public Tensor extract(AudioData audio) {
        return fromWaveform(waveform(audio));
    }

    /**
     * The features of a mono waveform already at the model's rate and length, with the mel filter
     * bank warped by {@code warp} (vocal-tract-length perturbation; 1 for none).
     */
    public Tensor fromWaveform(Tensor mono, double warp) {
        if (warp == 1.0) return fromWaveform(mono);
        Transforms t = warped.computeIfAbsent(warp, this::transforms);
        return features(mono, t.mel(), t.mfcc());
    }

    private record Transforms(MelSpectrogram mel, Mfcc mfcc) {
    }

    private Transforms transforms(double warp) {
        MelSpectrogram.Options mo = melOptions(config).vtlpWarp(warp);
        return new Transforms(new MelSpectrogram(mo), config.kind().equals("mfcc") ? mfcc(config, mo) : null);
    }

    private static MelSpectrogram.Options melOptions(FeatureConfig config) {
        StftOptions stft = StftOptions.of(config.nFft()).winLength(config.winLength()).hopLength(config.hopLength());
        return MelSpectrogram.options().stft(stft).sampleRate(config.sampleRate()).fMin(config.fMin())
                .fMax(config.effectiveFMax()).nMels(config.nMels()).melScale(config.scale()).norm(config.normEnum());
    }

    private static Mfcc mfcc(FeatureConfig config, MelSpectrogram.Options mel) {
        return new Mfcc(Mfcc.options().sampleRate(config.sampleRate()).nMfcc(config.nMfcc()).melSpectrogram(mel));
    }

    /** The features of a mono waveform already at the model's rate and length. */
    public Tensor fromWaveform(Tensor mono) {
        return features(mono, mel, mfcc);
    }

    private Tensor features(Tensor mono, MelSpectrogram mel, Mfcc mfcc) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor x = mono.unsqueeze(0);
            Tensor f = mfcc != null ? mfcc.apply(x) : pcen != null ? pcen.apply(mel.apply(x)) : toDb.apply(mel.apply(x));
            return f.contiguous();
        }
    }
}

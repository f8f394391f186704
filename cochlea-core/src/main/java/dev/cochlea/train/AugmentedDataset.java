package dev.cochlea.train;

import dev.cochlea.audio.augment.AugmentedClip;
import dev.cochlea.audio.augment.WaveAugmentations;
import dev.cochlea.data.Dataset;
import dev.cochlea.data.Sample;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * Training examples drawn anew every epoch from the decoded waveforms: each clip is augmented on
 * the waveform ({@link WaveAugmentations}: speed, pitch, gain, noise, reverberation...), shifted in
 * time within the clip, padded or trimmed, turned into features (with the clip's vocal-tract-length
 * warp), normalised, and masked by SpecAugment. Every random choice comes from a generator seeded by
 * (seed, epoch, index), so a run repeats exactly whatever the number of loader threads. This is the
 * work the data-loader workers do while the model trains on the previous batch.
 *
 * <pre>{@code
 * AugmentedDataset train = new AugmentedDataset(waves, extractor, augmentation, 0.1,
 *         FeatureNormalization.UTTERANCE, stats, new FeatureDataset.SpecAugment(5, 7), 0);
 * train.setEpoch(3);
 * Sample s = train.get(0);     // input [1, 40, 63], target int64 class index
 * }</pre>
 */
public final class AugmentedDataset implements Dataset<Sample> {
    private final WaveformSet waves;
    private final FeatureSet features;
    private final FeatureExtractor extractor;
    private final WaveAugmentations augmentation;
    private final double maxShift;
    private final FeatureNormalization normalization;
    private final Normalizer stats;
    private final FeatureDataset.SpecAugment specAugment;
    private final long seed;
    private volatile int epoch;

    /**
     * Examples of {@code waves}.
     *
     * @param maxShift      the largest time shift as a fraction of the clip (0 keeps every clip at the start)
     * @param normalization how features are standardised
     * @param stats         the training-set statistics (used by {@link FeatureNormalization#DATASET})
     */
    public AugmentedDataset(WaveformSet waves, FeatureExtractor extractor, WaveAugmentations augmentation, double maxShift,
                            FeatureNormalization normalization, Normalizer stats, FeatureDataset.SpecAugment specAugment, long seed) {
        this.waves = waves;
        this.features = null;
        this.extractor = extractor;
        this.augmentation = augmentation == null ? WaveAugmentations.none() : augmentation;
        this.maxShift = maxShift;
        this.normalization = normalization;
        this.stats = stats;
        this.specAugment = specAugment == null ? FeatureDataset.SpecAugment.NONE : specAugment;
        this.seed = seed;
    }

    /**
     * Examples of stored features, with no waveform augmentation or time shift: the same examples
     * the waveform form gives for those settings (same masks, same seeds), without computing
     * features again each epoch.
     */
    public AugmentedDataset(FeatureSet features, FeatureNormalization normalization, Normalizer stats, FeatureDataset.SpecAugment specAugment,
                            long seed) {
        this.waves = null;
        this.features = features;
        this.extractor = null;
        this.augmentation = WaveAugmentations.none();
        this.maxShift = 0;
        this.normalization = normalization;
        this.stats = stats;
        this.specAugment = specAugment == null ? FeatureDataset.SpecAugment.NONE : specAugment;
        this.seed = seed;
    }

    /** Selects the epoch, which changes every random choice. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public int size() {
        return waves != null ? waves.size() : features.size();
    }

    @Override
    public Sample get(int index) {
        Generator g = new Generator(seed * 1_000_003L + epoch * 100_003L + index + 0x9E3779B97F4A7C15L);
        if (waves == null) {
            int[] active = features.activeFrames(index);
            Tensor x = normalization.apply(features.features(index), stats, active[0], active[1]);
            return Sample.of(specAugment.apply(x, g), features.label(index));
        }
        int n = extractor.config().clipSamples();
        AugmentedClip c = augmentation.apply(waves.waveform(index), g);
        float[] w = c.waveform();
        int shift = (int) Math.round(maxShift * n);
        int offset = shift == 0 ? 0 : (int) g.nextLong(-shift, shift + 1);
        Tensor clip = Tensor.wrap(place(w, n, offset), n);
        int[] active = FeatureNormalization.activeFrames(Math.max(0, offset), Math.min(n, offset + w.length),
                extractor.config().hopLength(), n);
        Tensor x = normalization.apply(extractor.fromWaveform(clip, c.vtlpAlpha()), stats, active[0], active[1]);
        x = specAugment.apply(x, g);
        return Sample.of(x, waves.label(index));
    }

    /**
     * {@code w} moved by {@code offset} samples (later when positive; a negative offset drops the
     * start) into a zero clip of {@code n} samples; what falls outside is dropped.
     */
    static float[] place(float[] w, int n, int offset) {
        float[] out = new float[n];
        int src = Math.max(0, -offset), dst = Math.max(0, offset);
        int len = Math.min(w.length - src, n - dst);
        if (len > 0) System.arraycopy(w, src, out, dst, len);
        return out;
    }
}

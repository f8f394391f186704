package dev.cochlea.train;

import dev.cochlea.audio.FrequencyMasking;
import dev.cochlea.audio.TimeMasking;
import dev.cochlea.data.Dataset;
import dev.cochlea.data.Sample;
import dev.cochlea.tensor.Generator;
import dev.cochlea.tensor.Tensor;

/**
 * A {@link Dataset} over precomputed features: normalised with the training statistics, and, when
 * augmentation is on, with SpecAugment's time and frequency masks (drawn from a generator seeded by
 * seed, epoch and index, so runs repeat exactly whatever the number of loader threads).
 *
 * <pre>{@code
 * FeatureDataset train = new FeatureDataset(trainSet, norm, new SpecAugment(8, 10), 0);
 * train.setEpoch(3);
 * Sample s = train.get(0);   // input [1, 40, 63], target int64 class index
 * }</pre>
 */
public final class FeatureDataset implements Dataset<Sample> {
    /** Mask widths for SpecAugment; 0 disables a mask. */
    public record SpecAugment(int freqMaskParam, int timeMaskParam) {
        /** No augmentation. */
        public static final SpecAugment NONE = new SpecAugment(0, 0);

        /** Whether any mask is drawn. */
        public boolean enabled() {
            return freqMaskParam > 0 || timeMaskParam > 0;
        }

        /** {@code x} with a frequency mask and then a time mask drawn from {@code g} (values set to 0). */
        public Tensor apply(Tensor x, Generator g) {
            if (freqMaskParam > 0) x = new FrequencyMasking(freqMaskParam).generator(g).forward(x);
            if (timeMaskParam > 0) x = new TimeMasking(timeMaskParam).generator(g).forward(x);
            return x;
        }
    }

    private final FeatureSet set;
    private final Normalizer normalizer;
    private final FeatureNormalization normalization;
    private final SpecAugment augment;
    private final long seed;
    private volatile int epoch;

    /** Examples of {@code set}, normalised by {@code normalizer}, augmented when {@code augment} is not NONE. */
    public FeatureDataset(FeatureSet set, Normalizer normalizer, SpecAugment augment, long seed) {
        this(set, FeatureNormalization.DATASET, normalizer, augment, seed);
    }

    /** Examples of {@code set}, normalised as {@code normalization} says, augmented when {@code augment} is not NONE. */
    public FeatureDataset(FeatureSet set, FeatureNormalization normalization, Normalizer normalizer, SpecAugment augment, long seed) {
        this.set = set;
        this.normalization = normalization;
        this.normalizer = normalizer;
        this.augment = augment == null ? SpecAugment.NONE : augment;
        this.seed = seed;
    }

    /** Selects the epoch, which changes the augmentation masks. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** The underlying features. */
    public FeatureSet features() {
        return set;
    }

    @Override
    public int size() {
        return set.size();
    }

    @Override
    public Sample get(int index) {
        int[] active = set.activeFrames(index);
        Tensor x = normalization.apply(set.features(index), normalizer, active[0], active[1]);
        if (augment.enabled()) {
            // Masks replace values with 0, the training mean after normalisation.
            x = augment.apply(x, new Generator(seed * 1_000_003L + epoch * 100_003L + index));
        }
        return Sample.of(x, set.label(index));
    }
}

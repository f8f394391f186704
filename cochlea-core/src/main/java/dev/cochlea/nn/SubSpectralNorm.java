package dev.cochlea.nn;

import dev.cochlea.autograd.NoGrad;
import dev.cochlea.nn.functional.F;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sub-spectral normalisation (Chang et al. 2021, used by BC-ResNet): batch normalisation with its
 * own statistics and affine parameters for each of {@code S} sub-bands of the frequency axis. For
 * an input {@code [N, C, F, T]} whose {@code F} is a multiple of {@code S} this is exactly the
 * reference implementation (Qualcomm-AI-research/bcresnet): reshape to {@code [N, C·S, F/S, T]},
 * {@code BatchNorm2d(C·S)}, reshape back, so channel {@code c} of sub-band {@code s} uses
 * batch-norm channel {@code c·S + s}.
 *
 * <p>When {@code F} is not a multiple of {@code S} (the reference asserts it is), the frequency
 * axis is split as {@code torch.tensor_split(x, S, dim=2)} does: the first {@code F mod S}
 * sub-bands get {@code ⌊F/S⌋ + 1} rows, the others {@code ⌊F/S⌋}; each sub-band is normalised
 * with batch-norm channels {@code c·S + s} as above. {@code F} must be at least {@code S}.
 *
 * <p>The parameters live in the child {@code ssnorm} ({@code ssnorm.weight}, {@code ssnorm.bias},
 * {@code ssnorm.running_mean}, ... of size {@code C·S}), the reference's state_dict names.
 *
 * <pre>{@code
 * SubSpectralNorm ssn = new SubSpectralNorm(16, 5);
 * Tensor y = ssn.forward(Tensor.randn(8, 16, 20, 63));   // [8, 16, 20, 63], 5 sub-bands of 4 rows
 * Tensor z = ssn.forward(Tensor.randn(8, 16, 8, 101));   // sub-bands of 2, 2, 2, 1, 1 rows
 * }</pre>
 */
public class SubSpectralNorm extends Module {
    private final int numFeatures;
    private final int subBands;
    /** The batch normalisation over {@code C·S} channels that holds the parameters and statistics. */
    public final BatchNorm2d ssnorm;

    /** Sub-spectral normalisation of {@code numFeatures} channels over {@code subBands} frequency sub-bands. */
    public SubSpectralNorm(int numFeatures, int subBands) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException("SubSpectralNorm: num_features must be positive, found " + numFeatures);
        }
        if (subBands <= 0) {
            throw new IllegalArgumentException("SubSpectralNorm: sub_bands must be positive, found " + subBands);
        }
        this.numFeatures = numFeatures;
        this.subBands = subBands;
        this.ssnorm = registerModule("ssnorm", new BatchNorm2d(numFeatures * subBands));
    }

    /** The number of channels {@code C}. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The number of frequency sub-bands {@code S}. */
    public int subBands() {
        return subBands;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != numFeatures) {
            throw new IllegalArgumentException("SubSpectralNorm: input must be [N, " + numFeatures + ", F, T], found shape "
                    + Arrays.toString(x.shape()));
        }
        int n = x.size(0), f = x.size(2), t = x.size(3);
        if (f < subBands) {
            throw new IllegalArgumentException("SubSpectralNorm: frequency size F = " + f + " of input " + Arrays.toString(x.shape())
                    + " must be at least the number of sub-bands " + subBands);
        }
        if (f % subBands == 0) {
            return ssnorm.forward(x.reshape(n, numFeatures * subBands, f / subBands, t)).reshape(n, numFeatures, f, t);
        }
        return unevenBands(x);
    }

    /** The {@code tensor_split} sub-bands, each normalised on its own with its slice of {@link #ssnorm}. */
    private Tensor unevenBands(Tensor x) {
        int f = x.size(2);
        boolean training = isTraining();
        double momentum = 0.1, eps = 1e-5;
        if (training) {
            try (NoGrad ignored = NoGrad.enter()) {
                ssnorm.numBatchesTracked.longStorage()[ssnorm.numBatchesTracked.offset()]++;
            }
        }
        Tensor w = ssnorm.weight.view(numFeatures, subBands), b = ssnorm.bias.view(numFeatures, subBands);
        Tensor rm = ssnorm.runningMean.view(numFeatures, subBands), rv = ssnorm.runningVar.view(numFeatures, subBands);
        List<Tensor> parts = new ArrayList<>(subBands);
        int base = f / subBands, extra = f % subBands, start = 0;
        for (int s = 0; s < subBands; s++) {
            int len = base + (s < extra ? 1 : 0);
            Tensor mean, var;
            try (NoGrad ignored = NoGrad.enter()) {
                mean = rm.select(1, s).contiguous().copy();
                var = rv.select(1, s).contiguous().copy();
            }
            parts.add(F.batchNorm(x.narrow(2, start, len), mean, var, w.select(1, s), b.select(1, s),
                    training, momentum, eps));
            if (training) {
                try (NoGrad ignored = NoGrad.enter()) {
                    rm.select(1, s).copyFrom(mean);
                    rv.select(1, s).copyFrom(var);
                }
            }
            start += len;
        }
        return Tensor.cat(parts, 2);
    }

    @Override
    public String extraRepr() {
        return numFeatures + ", sub_bands=" + subBands;
    }
}

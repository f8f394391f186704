package dev.cochlea.audio;

import dev.cochlea.kernels.KernelProvider;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.SpectralKernels;
import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * Estimates a linear-frequency spectrogram from a mel spectrogram: the non-negative least-squares
 * solution of {@code fb^T x = melspec} for each frame, where {@code fb [nStft, nMels]} is
 * {@link MelScale}'s filter bank. The counterpart of {@code torchaudio.transforms.InverseMelScale}.
 *
 * <p>Input {@code [..., nMels, time]}; output {@code [..., nStft, time]}, non-negative.
 *
 * <p><b>Difference from torchaudio 0.13.</b> torchaudio starts from a <em>random</em>
 * spectrogram and runs SGD (lr 0.1, momentum 0.9) on the loss "sum over mels of the squared error,
 * averaged over frames", clamping at zero after each step, so its result is random and depends on
 * when it stops. Cochlea minimises the same loss under the same non-negativity constraint, but
 * deterministically: accelerated projected gradient (FISTA with adaptive restart) from zero, with
 * the exact step size {@code 1 / ||fb||_2^2}. It stops on the same criteria (loss below
 * {@code toleranceLoss}, loss change below {@code toleranceChange}, or {@code maxIter} steps).
 * Both reach a minimiser of the loss; since the system is underdetermined when
 * {@code nStft > nMels}, the minimisers can differ in the null space of {@code fb^T}, so expect
 * equal mel projections, not equal spectrograms. torchaudio 2.1 replaced SGD with
 * {@code torch.linalg.lstsq} followed by ReLU, which is not constrained and also differs.
 *
 * <p>Defaults are torchaudio's: {@code nMels = 128}, {@code sampleRate = 16000}, {@code fMin = 0},
 * {@code fMax = sampleRate / 2}, {@code maxIter = 100000}, {@code toleranceLoss = 1e-5},
 * {@code toleranceChange = 1e-8}, no filter normalisation, HTK scale.
 *
 * <pre>{@code
 * MelScale.Options bank = MelScale.options().nMels(40).sampleRate(8000).nStft(129);
 * MelScale mel = new MelScale(bank);
 * InverseMelScale inv = new InverseMelScale(InverseMelScale.options().mel(bank).maxIter(2000));
 * Tensor spec = inv.forward(mel.forward(power));   // [1, 129, 63], mel.forward(spec) ~ mel.forward(power)
 * }</pre>
 */
public final class InverseMelScale extends Module {
    /**
     * Inverse mel scale options ({@code torchaudio.transforms.InverseMelScale}'s arguments): the
     * filter bank to invert, as {@link MelScale.Options}, and the solver's stopping criteria;
     * immutable, with withers; {@link InverseMelScale#options()} has torchaudio's defaults. Every
     * value is checked when the record is made.
     *
     * <pre>{@code
     * InverseMelScale.Options o = InverseMelScale.options().nStft(201).nMels(64).sampleRate(16000).maxIter(5000);
     * }</pre>
     *
     * @param mel             the filter bank: {@code nStft}, {@code nMels}, {@code sampleRate},
     *                        {@code fMin}, {@code fMax}, {@code norm}, {@code melScale}
     * @param maxIter         most optimisation steps ({@code max_iter}, positive)
     * @param toleranceLoss   stop when the loss falls below this ({@code tolerance_loss})
     * @param toleranceChange stop when the loss changes by less than this in one step ({@code tolerance_change})
     */
    public record Options(MelScale.Options mel, int maxIter, double toleranceLoss, double toleranceChange) {
        /** Checks every value. */
        public Options {
            if (mel == null) throw new IllegalArgumentException("InverseMelScale.Options: mel must not be null (MelScale.options())");
            if (maxIter < 1) throw new IllegalArgumentException("InverseMelScale.Options: max_iter must be positive, found " + maxIter);
            if (Double.isNaN(toleranceLoss) || Double.isNaN(toleranceChange)) {
                throw new IllegalArgumentException("InverseMelScale.Options: tolerances must be numbers, found tolerance_loss="
                        + toleranceLoss + " and tolerance_change=" + toleranceChange);
            }
        }

        /** These options inverting the bank {@code mel}. <pre>{@code options.mel(MelScale.options().nMels(40).nStft(129))}</pre> */
        public Options mel(MelScale.Options mel) {
            return new Options(mel, maxIter, toleranceLoss, toleranceChange);
        }

        /** These options recovering {@code nStft} linear bins ({@code nFft / 2 + 1}). <pre>{@code options.nStft(129)}</pre> */
        public Options nStft(int nStft) {
            return new Options(mel.nStft(nStft), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with {@code nMels} filters. <pre>{@code options.nMels(40)}</pre> */
        public Options nMels(int nMels) {
            return new Options(mel.nMels(nMels), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with sample rate {@code sampleRate} Hz. <pre>{@code options.sampleRate(8000)}</pre> */
        public Options sampleRate(int sampleRate) {
            return new Options(mel.sampleRate(sampleRate), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with lowest frequency {@code fMin} Hz. <pre>{@code options.fMin(20)}</pre> */
        public Options fMin(double fMin) {
            return new Options(mel.fMin(fMin), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with highest frequency {@code fMax} Hz (null: {@code sampleRate / 2}). <pre>{@code options.fMax(3800.0)}</pre> */
        public Options fMax(Double fMax) {
            return new Options(mel.fMax(fMax), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with filter normalisation {@code norm}. <pre>{@code options.norm(MelScale.Norm.SLANEY)}</pre> */
        public Options norm(MelScale.Norm norm) {
            return new Options(mel.norm(norm), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with mel scale {@code melScale}. <pre>{@code options.melScale(MelScale.Scale.SLANEY)}</pre> */
        public Options melScale(MelScale.Scale melScale) {
            return new Options(mel.melScale(melScale), maxIter, toleranceLoss, toleranceChange);
        }

        /** These options with at most {@code maxIter} steps. <pre>{@code options.maxIter(2000)}</pre> */
        public Options maxIter(int maxIter) {
            return new Options(mel, maxIter, toleranceLoss, toleranceChange);
        }

        /** These options stopping below loss {@code toleranceLoss}. <pre>{@code options.toleranceLoss(1e-7)}</pre> */
        public Options toleranceLoss(double toleranceLoss) {
            return new Options(mel, maxIter, toleranceLoss, toleranceChange);
        }

        /** These options stopping when the loss changes by less than {@code toleranceChange}. <pre>{@code options.toleranceChange(1e-10)}</pre> */
        public Options toleranceChange(double toleranceChange) {
            return new Options(mel, maxIter, toleranceLoss, toleranceChange);
        }
    }

    private static final Options DEFAULTS = new Options(MelScale.options(), 100000, 1e-5, 1e-8);

    private final MelScale melScale;
    private final int maxIter;
    private final double toleranceLoss;
    private final double toleranceChange;
    private final float[] fb;

    /** An inverse mel scale with torchaudio's defaults. */
    public InverseMelScale() {
        this(DEFAULTS);
    }

    /** An inverse mel scale with the given options. */
    public InverseMelScale(Options o) {
        this.melScale = new MelScale(o.mel());
        this.maxIter = o.maxIter();
        this.toleranceLoss = o.toleranceLoss();
        this.toleranceChange = o.toleranceChange();
        this.fb = melScale.fbValues();
        registerBuffer("fb", Tensor.wrap(fb, melScale.nStft(), melScale.nMels()));
    }

    /** torchaudio's defaults: the default {@link MelScale} bank, 100000 steps, tolerances 1e-5 and 1e-8. <pre>{@code InverseMelScale.options().nStft(129)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /** Largest eigenvalue of {@code fb^T fb} ({@code [nMels, nMels]}) by power iteration, in double. */
    private static double largestEigenvalue(float[] fb, int nFreqs, int nMels) {
        double[] g = new double[nMels * nMels];
        for (int f = 0; f < nFreqs; f++) {
            for (int i = 0; i < nMels; i++) {
                double a = fb[f * nMels + i];
                if (a == 0) continue;
                for (int j = 0; j < nMels; j++) g[i * nMels + j] += a * fb[f * nMels + j];
            }
        }
        double[] v = new double[nMels];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(nMels));
        double lambda = 0;
        for (int it = 0; it < 500; it++) {
            double[] w = new double[nMels];
            for (int i = 0; i < nMels; i++) {
                double s = 0;
                for (int j = 0; j < nMels; j++) s += g[i * nMels + j] * v[j];
                w[i] = s;
            }
            double norm = 0;
            for (double x : w) norm += x * x;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            for (int i = 0; i < nMels; i++) v[i] = w[i] / norm;
            if (Math.abs(norm - lambda) <= 1e-12 * norm) {
                lambda = norm;
                break;
            }
            lambda = norm;
        }
        return lambda;
    }

    /** The linear spectrogram {@code [..., nStft, time]} estimated from {@code melspec [..., nMels, time]}. */
    @Override
    public Tensor forward(Tensor melspec) {
        int nMels = melScale.nMels();
        int nFreqs = melScale.nStft();
        Signals.requireDims("inverse mel scale", melspec, 2, "[..., n_mels, time]");
        Tensor c = Signals.floatContiguous(melspec);
        if (c.size(-2) != nMels) {
            throw new IllegalArgumentException("inverse mel scale: expected an input with " + nMels + " mel bins, found "
                    + c.size(-2));
        }
        int time = c.size(-1);
        int batch = Signals.leading(c.shape(), 2);
        int cols = batch * time;
        // pack [batch, nMels, time] into [nMels, batch * time]
        float[] m = new float[nMels * cols];
        float[] src = c.storage();
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < nMels; k++) {
                System.arraycopy(src, c.offset() + (b * nMels + k) * time, m, k * cols + b * time, time);
            }
        }
        double l = largestEigenvalue(fb, nFreqs, nMels);
        float step = (float) (l > 0 ? 1.0 / (l * 1.0001) : 1.0);
        float[] x = new float[nFreqs * cols];
        float[] y = new float[nFreqs * cols];
        float[] r = new float[nMels * cols];
        float[] grad = new float[nFreqs * cols];
        Kernels k = KernelProvider.get();
        double t = 1.0;
        double prevLoss = Double.POSITIVE_INFINITY;
        if (cols > 0) {
            for (int it = 0; it < maxIter; it++) {
                // r = fb^T y - m
                System.arraycopy(m, 0, r, 0, r.length);
                k.gemm(true, false, nMels, cols, nFreqs, 1f, fb, 0, nMels, y, 0, cols, -1f, r, 0, cols);
                double loss = k.sumSquares(r, 0, r.length) / cols;
                if (loss < toleranceLoss || Math.abs(prevLoss - loss) < toleranceChange) break;
                if (loss > prevLoss) t = 1.0; // adaptive restart: drop the momentum
                // grad = fb r
                k.gemm(false, false, nFreqs, cols, nMels, 1f, fb, 0, nMels, r, 0, cols, 0f, grad, 0, cols);
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                SpectralKernels.projectedGradientStep(x, y, grad, step, (float) ((t - 1) / tNext), x.length);
                t = tNext;
                prevLoss = loss;
            }
        }
        float[] out = new float[batch * nFreqs * time];
        for (int b = 0; b < batch; b++) {
            for (int f = 0; f < nFreqs; f++) {
                System.arraycopy(x, f * cols + b * time, out, (b * nFreqs + f) * time, time);
            }
        }
        return Tensor.wrap(out, Signals.replaceLast(c.shape(), 2, nFreqs, time));
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor melspec) {
        return forward(melspec);
    }

    /** The mel filter bank {@code [nStft, nMels]} this transform inverts (a copy). */
    public Tensor fb() {
        return Tensor.of(fb.clone(), melScale.nStft(), melScale.nMels());
    }

    @Override
    public String extraRepr() {
        return "n_stft=" + melScale.nStft() + ", n_mels=" + melScale.nMels() + ", sample_rate=" + melScale.sampleRate()
                + ", max_iter=" + maxIter + ", tolerance_loss=" + toleranceLoss + ", tolerance_change=" + toleranceChange;
    }
}

package dev.cochlea.audio;

import dev.cochlea.nn.Module;
import dev.cochlea.tensor.Tensor;

/**
 * A mel-frequency spectrogram: a {@link Spectrogram} followed by a {@link MelScale}, as
 * {@code torchaudio.transforms.MelSpectrogram} (torchaudio 0.13).
 *
 * <p>Input {@code [..., samples]}; output {@code [..., nMels, frames]}. The STFT is configured by
 * {@link StftOptions} (torchaudio's defaults: {@code nFft = 400}, {@code winLength = nFft},
 * {@code hopLength = winLength / 2}, periodic Hann window, centred frames with reflect padding,
 * no normalisation, onesided); the rest are this transform's own {@link Options}, with
 * torchaudio's defaults: {@code sampleRate = 16000}, {@code fMin = 0},
 * {@code fMax = sampleRate / 2}, {@code pad = 0}, {@code nMels = 128}, {@code power = 2}, no
 * filter normalisation, HTK mel scale.
 *
 * <pre>{@code
 * MelSpectrogram mel = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
 *         .sampleRate(8000).nMels(40));
 * Tensor m = mel.forward(wave);                     // [1, 8000] -> [1, 40, 63]
 * // librosa.feature.melspectrogram defaults (Slaney scale and norm, zero padding):
 * MelSpectrogram lib = new MelSpectrogram(MelSpectrogram.options().sampleRate(22050)
 *         .stft(StftOptions.of(2048).hopLength(512).padMode(PadMode.CONSTANT))
 *         .melScale(MelScale.Scale.SLANEY).norm(MelScale.Norm.SLANEY));
 * // vocal-tract-length perturbation for training: one warped transform per factor
 * MelSpectrogram warped = new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
 *         .sampleRate(8000).nMels(40).vtlpWarp(0.95));
 * }</pre>
 */
public final class MelSpectrogram extends Module {
    /**
     * A mel spectrogram's options ({@code torchaudio.transforms.MelSpectrogram}'s arguments):
     * those of its {@link Spectrogram} stage and of its {@link MelScale} stage, immutable, with
     * withers for each; {@link MelSpectrogram#options()} has torchaudio's defaults. The values are
     * checked by the two stages' records; the mel stage's {@code nStft} is ignored (the STFT sets
     * it to {@code nFft / 2 + 1}), the power must be a number and the STFT onesided.
     *
     * <pre>{@code
     * MelSpectrogram.Options o = MelSpectrogram.options().sampleRate(16000)
     *         .stft(StftOptions.of(512).winLength(400).hopLength(160)).nMels(80).fMin(20.0);
     * }</pre>
     *
     * @param spectrogram the spectrogram stage: STFT options, {@code pad}, {@code power}
     * @param mel         the mel stage: {@code sampleRate}, {@code fMin}, {@code fMax}, {@code nMels},
     *                    {@code norm}, {@code melScale}, VTLP
     */
    public record Options(Spectrogram.Options spectrogram, MelScale.Options mel) {
        /** Checks that both stages are given and that the power is a number. */
        public Options {
            if (spectrogram == null || mel == null) {
                throw new IllegalArgumentException("MelSpectrogram.Options: the spectrogram and mel options must not be null");
            }
            if (spectrogram.power() == null) {
                throw new IllegalArgumentException("MelSpectrogram.Options: power must be a positive number, found null");
            }
            if (!spectrogram.stft().onesided()) {
                throw new IllegalArgumentException("MelSpectrogram.Options: onesided must be true (the filter bank reads the "
                        + "n_fft / 2 + 1 non-negative frequencies), found false");
            }
        }

        /** These options with the STFT options {@code stft}. <pre>{@code options.stft(StftOptions.of(256).hopLength(128))}</pre> */
        public Options stft(StftOptions stft) {
            return new Options(spectrogram.stft(stft), mel);
        }

        /** These options with {@code pad} zeros at both ends of the waveform. <pre>{@code options.pad(10)}</pre> */
        public Options pad(int pad) {
            return new Options(spectrogram.pad(pad), mel);
        }

        /** These options with exponent {@code power} of the magnitude. <pre>{@code options.power(1.0)}</pre> */
        public Options power(double power) {
            return new Options(spectrogram.power(power), mel);
        }

        /** These options with sample rate {@code sampleRate} Hz. <pre>{@code options.sampleRate(8000)}</pre> */
        public Options sampleRate(int sampleRate) {
            return new Options(spectrogram, mel.sampleRate(sampleRate));
        }

        /** These options with lowest frequency {@code fMin} Hz. <pre>{@code options.fMin(20.0)}</pre> */
        public Options fMin(double fMin) {
            return new Options(spectrogram, mel.fMin(fMin));
        }

        /** These options with highest frequency {@code fMax} Hz (null: {@code sampleRate / 2}). <pre>{@code options.fMax(3800.0)}</pre> */
        public Options fMax(Double fMax) {
            return new Options(spectrogram, mel.fMax(fMax));
        }

        /** These options with {@code nMels} filters. <pre>{@code options.nMels(40)}</pre> */
        public Options nMels(int nMels) {
            return new Options(spectrogram, mel.nMels(nMels));
        }

        /** These options with filter normalisation {@code norm}. <pre>{@code options.norm(MelScale.Norm.SLANEY)}</pre> */
        public Options norm(MelScale.Norm norm) {
            return new Options(spectrogram, mel.norm(norm));
        }

        /** These options with mel scale {@code melScale}. <pre>{@code options.melScale(MelScale.Scale.SLANEY)}</pre> */
        public Options melScale(MelScale.Scale melScale) {
            return new Options(spectrogram, mel.melScale(melScale));
        }

        /** These options with VTLP factor {@code alpha} (see {@link MelScale.Options#vtlpWarp}). <pre>{@code options.vtlpWarp(0.95)}</pre> */
        public Options vtlpWarp(double alpha) {
            return new Options(spectrogram, mel.vtlpWarp(alpha));
        }

        /** These options with VTLP boundary {@code hz} (see {@link MelScale.Options#vtlpBoundaryHz}). <pre>{@code options.vtlpBoundaryHz(3000.0)}</pre> */
        public Options vtlpBoundaryHz(Double hz) {
            return new Options(spectrogram, mel.vtlpBoundaryHz(hz));
        }
    }

    private static final Options DEFAULTS = new Options(Spectrogram.options(), MelScale.options());

    private final Spectrogram spectrogram;
    private final MelScale melScale;

    /** A mel spectrogram with torchaudio's defaults. */
    public MelSpectrogram() {
        this(DEFAULTS);
    }

    /** A mel spectrogram with the given options. */
    public MelSpectrogram(Options options) {
        this.spectrogram = registerModule("spectrogram", new Spectrogram(options.spectrogram()));
        int bins = spectrogram.stft().nFft() / 2 + 1;
        this.melScale = registerModule("mel_scale", new MelScale(options.mel().nStft(bins)));
    }

    /** torchaudio's defaults: 16 kHz, {@code n_fft = 400}, 128 HTK filters, power 2. <pre>{@code MelSpectrogram.options().nMels(40)}</pre> */
    public static Options options() {
        return DEFAULTS;
    }

    /** The mel spectrogram {@code [..., nMels, frames]} of {@code waveform [..., samples]}. */
    @Override
    public Tensor forward(Tensor waveform) {
        return melScale.forward(spectrogram.forward(waveform));
    }

    /** Same as {@link #forward(Tensor)}. */
    public Tensor apply(Tensor waveform) {
        return forward(waveform);
    }

    /** The spectrogram stage. */
    public Spectrogram spectrogram() {
        return spectrogram;
    }

    /** The mel filter-bank stage. */
    public MelScale melScale() {
        return melScale;
    }

    /** Number of mel filters. */
    public int nMels() {
        return melScale.nMels();
    }
}

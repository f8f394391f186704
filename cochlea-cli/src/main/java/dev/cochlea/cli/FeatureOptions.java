package dev.cochlea.cli;

import dev.cochlea.train.FeatureConfig;
import picocli.CommandLine.Option;

/**
 * The feature options shared by {@code train} and {@code summary}, named like torchaudio's
 * parameters, with defaults suited to short spoken words at 8 kHz.
 *
 * <pre>{@code
 * @CommandLine.Mixin FeatureOptions features;
 * FeatureConfig cfg = features.toConfig();
 * }</pre>
 */
public final class FeatureOptions {
    @Option(names = "--features", defaultValue = "mel", description = "mel (log-mel spectrogram), mfcc, or pcen (per-channel energy normalised mels). Default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--sample-rate", defaultValue = "8000", description = "Model sample rate in Hz; other rates are resampled. Default: ${DEFAULT-VALUE}.")
    int sampleRate;

    @Option(names = "--clip-seconds", defaultValue = "1.0", description = "Clip length; shorter clips are zero-padded, longer trimmed. Default: ${DEFAULT-VALUE}.")
    double clipSeconds;

    @Option(names = "--n-fft", defaultValue = "256", description = "FFT size. Default: ${DEFAULT-VALUE}.")
    int nFft;

    @Option(names = "--win-length", description = "Window length (default: n-fft).")
    Integer winLength;

    @Option(names = "--hop-length", defaultValue = "128", description = "Hop between frames. Default: ${DEFAULT-VALUE}.")
    int hopLength;

    @Option(names = "--n-mels", defaultValue = "40", description = "Mel bands. Default: ${DEFAULT-VALUE}.")
    int nMels;

    @Option(names = "--f-min", defaultValue = "0", description = "Lowest mel frequency in Hz. Default: ${DEFAULT-VALUE}.")
    double fMin;

    @Option(names = "--f-max", description = "Highest mel frequency in Hz (default: sample-rate / 2).")
    Double fMax;

    @Option(names = "--mel-scale", defaultValue = "htk", description = "htk or slaney. Default: ${DEFAULT-VALUE}.")
    String melScale;

    @Option(names = "--norm", defaultValue = "none", description = "Mel filter normalisation: none or slaney. Default: ${DEFAULT-VALUE}.")
    String norm;

    @Option(names = "--n-mfcc", defaultValue = "13", description = "MFCC coefficients (with --features mfcc). Default: ${DEFAULT-VALUE}.")
    int nMfcc;

    @Option(names = "--top-db", defaultValue = "80", description = "Dynamic range kept in dB (0: all). Default: ${DEFAULT-VALUE}.")
    double topDb;

    @Option(names = "--keep-dc", description = "Keep each recording's DC offset (by default its mean is subtracted before padding).")
    boolean keepDc;

    @Option(names = "--trim-db", defaultValue = "40", description = "Cut each recording to its sound before padding: the 20 ms "
            + "windows quieter than this many dB below the loudest before and after it, and a click or breath set apart from "
            + "the word by more than 60 ms of quiet (0: keep everything). Default: ${DEFAULT-VALUE}.")
    double trimDb;

    /** The options as a validated configuration. */
    public FeatureConfig toConfig() {
        if (!(clipSeconds > 0)) throw new IllegalArgumentException("--clip-seconds: expected a positive duration, found " + clipSeconds);
        long rounded = Math.round(clipSeconds * sampleRate);
        if (clipSeconds > FeatureConfig.MAX_CLIP_SECONDS) {
            throw new IllegalArgumentException("--clip-seconds: expected at most " + FeatureConfig.MAX_CLIP_SECONDS + " s, found "
                    + clipSeconds + " s");
        }
        int samples = (int) rounded;
        return new FeatureConfig(kind, sampleRate, samples, nFft, winLength == null ? nFft : winLength, hopLength, nMels, fMin,
                fMax == null ? 0 : fMax, melScale, norm, nMfcc, topDb, !keepDc, trimDb);
    }
}

package dev.cochlea.train;

import dev.cochlea.audio.MelScale;

import java.util.Locale;

/**
 * How a recording becomes a model input: resampled to {@code sampleRate}, mixed to mono, padded or
 * trimmed to {@code clipSamples}, then a log-mel spectrogram ({@code kind = "mel"}: MelSpectrogram +
 * AmplitudeToDB), MFCCs ({@code kind = "mfcc"}) or per-channel energy normalised mel energies
 * ({@code kind = "pcen"}: MelSpectrogram + {@link dev.cochlea.audio.Pcen} with librosa's defaults). Parameter names follow torchaudio's. Stored in a
 * run's {@code config.json} so prediction computes exactly the features the model was trained on.
 *
 * <pre>{@code
 * FeatureConfig f = FeatureConfig.defaults();          // 8 kHz, 1 s, 40 log-mels, n_fft 256, hop 128, DC removed
 * int[] shape = f.inputShape();                        // [1, 40, 63]
 * }</pre>
 *
 * @param kind        "mel", "mfcc" or "pcen"
 * @param sampleRate  the model's sample rate in Hz
 * @param clipSamples the fixed clip length in samples (shorter clips are zero-padded at the end)
 * @param nFft        FFT size
 * @param winLength   window length (<= nFft)
 * @param hopLength   hop between frames
 * @param nMels       mel bands
 * @param fMin        lowest mel frequency, Hz
 * @param fMax        highest mel frequency, Hz (0 means sampleRate / 2)
 * @param melScale    "htk" or "slaney"
 * @param norm        mel filter normalisation, "none" or "slaney"
 * @param nMfcc       MFCC coefficients (kind "mfcc")
 * @param topDb       dynamic range kept by AmplitudeToDB, dB (0 disables)
 * @param removeDc    whether each recording's mean (a DC offset some recorders add) is subtracted
 *                    before padding, as Kaldi's {@code remove_dc_offset} does; false in runs written before it existed
 * @param trimDb      leading and trailing stretches quieter than this many dB below the recording's loudest
 *                    20 ms are cut before padding (like {@code librosa.effects.trim(top_db=...)}, but a click
 *                    or breath set apart from the word by silence is cut too), so every clip starts where the
 *                    word starts however the recordings were cut; 0 keeps them (and runs written before it existed)
 */
public record FeatureConfig(String kind, int sampleRate, int clipSamples, int nFft, int winLength, int hopLength, int nMels,
                            double fMin, double fMax, String melScale, String norm, int nMfcc, double topDb,
                            boolean removeDc, double trimDb) {

    /** The longest clip a model may take, in seconds: memory stays bounded whatever a configuration declares. */
    public static final int MAX_CLIP_SECONDS = 600;

    /** Checks the values, naming the option at fault. */
    public FeatureConfig {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("mel") && !kind.equals("mfcc") && !kind.equals("pcen")) throw bad("features", kind, "mel, mfcc or pcen");
        if (sampleRate <= 0) throw bad("sampleRate", sampleRate, "a positive rate in Hz");
        if (clipSamples <= 0) throw bad("clipSeconds", clipSamples + " samples", "a positive length");
        if (sampleRate > 768_000) throw bad("sampleRate", sampleRate, "at most 768000 Hz");
        if ((long) clipSamples > (long) MAX_CLIP_SECONDS * sampleRate) {
            throw bad("clipSeconds", clipSamples + " samples", "at most " + MAX_CLIP_SECONDS + " s (" + (long) MAX_CLIP_SECONDS * sampleRate
                    + " samples at " + sampleRate + " Hz)");
        }
        if (nFft <= 1) throw bad("nFft", nFft, "at least 2");
        if (winLength <= 0 || winLength > nFft) throw bad("winLength", winLength, "between 1 and n_fft (" + nFft + ")");
        if (hopLength <= 0) throw bad("hopLength", hopLength, "a positive number of samples");
        if (nMels <= 0) throw bad("nMels", nMels, "a positive number of bands");
        if (fMin < 0 || fMin >= sampleRate / 2.0) throw bad("fMin", fMin, "in [0, sample_rate/2)");
        if (fMax < 0 || fMax > sampleRate / 2.0 || (fMax > 0 && fMax <= fMin)) throw bad("fMax", fMax, "in (f_min, sample_rate/2], or 0 for sample_rate/2");
        melScale = melScale.toLowerCase(Locale.ROOT);
        norm = norm.toLowerCase(Locale.ROOT);
        if (!melScale.equals("htk") && !melScale.equals("slaney")) throw bad("melScale", melScale, "htk or slaney");
        if (!norm.equals("none") && !norm.equals("slaney")) throw bad("norm", norm, "none or slaney");
        if (kind.equals("mfcc") && (nMfcc <= 0 || nMfcc > nMels)) throw bad("nMfcc", nMfcc, "between 1 and n_mels (" + nMels + ")");
        if (topDb < 0) throw bad("topDb", topDb, "a non-negative number of dB (0 disables)");
        if (!(trimDb >= 0)) throw bad("trimDb", trimDb, "a non-negative number of dB (0 keeps the silence)");
        if (clipSamples < nFft / 2 + 1) throw bad("clipSeconds", clipSamples + " samples", "at least n_fft/2+1 samples");
    }

    private static IllegalArgumentException bad(String option, Object found, String expected) {
        return new IllegalArgumentException(option + ": expected " + expected + ", found " + found);
    }

    /** The defaults for spoken words at 8 kHz: 1 s clips, 40 log-mel bands, 256-point FFT, hop 128, cut to the sound at 40 dB. */
    public static FeatureConfig defaults() {
        return new FeatureConfig("mel", 8000, 8000, 256, 256, 128, 40, 0, 0, "htk", "none", 13, 80, true, 40);
    }

    /** The number of frames a clip gives (centred STFT). */
    public int frames() {
        return clipSamples / hopLength + 1;
    }

    /** The number of feature rows: mel bands or MFCC coefficients. */
    public int bands() {
        return kind.equals("mfcc") ? nMfcc : nMels;
    }

    /** The model input shape of one clip, [1, bands, frames]. */
    public int[] inputShape() {
        return new int[] {1, bands(), frames()};
    }

    /** The effective upper mel frequency. */
    public double effectiveFMax() {
        return fMax > 0 ? fMax : (double) (sampleRate / 2);   // torchaudio: float(sample_rate // 2)
    }

    MelScale.Scale scale() {
        return melScale.equals("slaney") ? MelScale.Scale.SLANEY : MelScale.Scale.HTK;
    }

    MelScale.Norm normEnum() {
        return norm.equals("slaney") ? MelScale.Norm.SLANEY : MelScale.Norm.NONE;
    }
}

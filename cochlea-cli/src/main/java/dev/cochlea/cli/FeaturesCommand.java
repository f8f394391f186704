package dev.cochlea.cli;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.FeatureBlocks;
import dev.cochlea.audio.ComplexSpectrum;
import dev.cochlea.audio.MelScale;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.Mfcc;
import dev.cochlea.audio.PadMode;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.Spectrogram;
import dev.cochlea.audio.Stft;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.audio.Windows;
import dev.cochlea.io.Safetensors;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.vision.ColorMap;
import dev.cochlea.vision.SpectrogramImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cochlea features <spectrogram|mel|mfcc|stft> [options] <input> --out F.safetensors [--png F.png]}:
 * computes audio features of an audio file (any format {@link Audio} reads) with torchaudio's transforms and defaults (options are
 * torchaudio's parameter names in kebab case) and saves them as safetensors: one tensor
 * {@code features} of shape {@code [channels, freq_or_coeffs, frames]}, or {@code real} and
 * {@code imag} for {@code stft}. The settings are stored as the file's metadata. With
 * {@code --png} the first channel is also drawn (in decibels for spectrograms) with time and
 * frequency axes.
 *
 * <pre>{@code
 * ./cochlea features mel --n-fft 256 --hop-length 128 --n-mels 40 clip.wav --out mel.safetensors --png mel.png
 * ./cochlea features mfcc --sample-rate 16000 --n-mfcc 13 clip.wav --out mfcc.safetensors
 * ./cochlea features stft --n-fft 512 clip.wav --out stft.safetensors --overwrite
 * }</pre>
 */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compute spectrogram, mel spectrogram, MFCC or STFT features of an audio file (torchaudio's defaults)",
                "and save them as safetensors: 'features' [channels, freq_or_coeffs, frames], or 'real' and 'imag' for stft."})
final class FeaturesCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND", description = "spectrogram, mel, mfcc or stft")
    String kind;

    @Parameters(index = "1", paramLabel = "INPUT", description = "the audio file to analyse (WAV, AIFF, AU; FLAC, MP3, Ogg "
            + "with the codec module), recognised by its content")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the safetensors file to write")
    Path out;

    @Option(names = "--png", paramLabel = "FILE", description = "also draw the first channel to this PNG file")
    Path png;

    @Option(names = "--overwrite", description = "replace --out and --png if they exist")
    boolean overwrite;

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "resample to this rate first if the file's differs")
    Integer sampleRate;

    @Option(names = "--n-fft", defaultValue = "400", description = "FFT size (default: ${DEFAULT-VALUE})")
    int nFft;

    @Option(names = "--win-length", description = "window length (default: n_fft)")
    Integer winLength;

    @Option(names = "--hop-length", description = "hop between frames (default: win_length / 2)")
    Integer hopLength;

    @Option(names = "--f-min", defaultValue = "0", description = "lowest mel filter frequency in Hz (default: ${DEFAULT-VALUE})")
    double fMin;

    @Option(names = "--f-max", description = "highest mel filter frequency in Hz (default: sample_rate / 2)")
    Double fMax;

    @Option(names = "--n-mels", defaultValue = "128", description = "number of mel filters (default: ${DEFAULT-VALUE})")
    int nMels;

    @Option(names = "--mel-scale", defaultValue = "htk", description = "htk or slaney (default: ${DEFAULT-VALUE})")
    String melScale;

    @Option(names = "--norm", defaultValue = "none", description = "mel filter normalisation: none or slaney (default: ${DEFAULT-VALUE})")
    String norm;

    @Option(names = "--power", defaultValue = "2", description = "exponent of the magnitude: 1 magnitude, 2 power (default: ${DEFAULT-VALUE})")
    double power;

    @Option(names = "--n-mfcc", defaultValue = "40", description = "number of MFCCs (default: ${DEFAULT-VALUE})")
    int nMfcc;

    @Option(names = "--dct-norm", defaultValue = "ortho", description = "MFCC DCT scaling: ortho or none (torchaudio's MFCC norm; default: ${DEFAULT-VALUE})")
    String dctNorm;

    @Option(names = "--log-mels", description = "MFCC from log(mel + 1e-6) instead of decibels")
    boolean logMels;

    @Option(names = "--db", description = "spectrogram and mel: convert to decibels (AmplitudeToDB)")
    boolean db;

    @Option(names = "--top-db", description = "spectrogram and mel: convert to decibels, floored at max - TOP_DB (implies --db)")
    Double topDb;

    @Option(names = "--center", arity = "1", defaultValue = "true", description = "centre frames, padding both ends (default: ${DEFAULT-VALUE})")
    boolean center;

    @Option(names = "--pad-mode", defaultValue = "reflect", description = "reflect, constant, replicate or circular (default: ${DEFAULT-VALUE})")
    String padMode;

    @Option(names = "--window", defaultValue = "hann", description = "hann, hamming, blackman, bartlett or rectangular (default: ${DEFAULT-VALUE})")
    String window;

    @Option(names = "--block-frames", paramLabel = "N", description = "compute and write N frames at a time, reading the file range by "
            + "range (default: only when the whole file would not fit in a third of the heap, then blocks of about 16 MB)")
    Integer blockFrames;

    @Option(names = "--colormap", defaultValue = "viridis", description = "PNG colours: viridis, magma or gray (default: ${DEFAULT-VALUE})")
    String colormap;

    @Override
    public Integer call() throws Exception {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!k.equals("spectrogram") && !k.equals("mel") && !k.equals("mfcc") && !k.equals("stft")) {
            throw new IllegalArgumentException("unknown feature kind '" + kind + "' (expected spectrogram, mel, mfcc or stft)");
        }
        refuseExisting(out, "--out");
        if (png != null) refuseExisting(png, "--png");
        if (topDb != null && k.equals("mfcc")) {
            throw new IllegalArgumentException("--top-db does not apply to mfcc (torchaudio's MFCC fixes top_db at 80)");
        }
        if (nFft <= 0) throw new IllegalArgumentException("--n-fft must be positive, found " + nFft);
        int win = winLength != null ? winLength : nFft;
        int hop = hopLength != null ? hopLength : Math.max(1, win / 2);
        Windows.Kind windowKind = windowKind(window);
        PadMode pad = PadMode.of(padMode);
        ColorMap cm = ColorMap.byName(colormap);

        StftOptions stftOptions = StftOptions.of(nFft).winLength(win).hopLength(hop).window(windowKind).center(center)
                .padMode(pad);
        if (blockFrames != null && blockFrames < 1) throw new IllegalArgumentException("--block-frames must be >= 1, found " + blockFrames);
        FeatureBlocks.Source source = FeatureBlocks.Source.of(input);
        if (blockFrames != null || FeaturesInBlocks.tooLarge(source, k, stftOptions, nMels, nMfcc)) {
            if (sampleRate != null && sampleRate != source.sampleRate()) {
                throw new IllegalArgumentException("--sample-rate: " + input + " (" + source.frames() + " frames at " + source.sampleRate()
                        + " Hz) is computed in blocks, and resampling is not; resample the file first (e.g. sox in.wav -r "
                        + sampleRate + " out.wav) or give Java a larger heap (-Xmx)");
            }
            return inBlocks(k, source, stftOptions, win, hop, windowKind, pad, cm);
        }
        AudioData audio = Audio.read(input);
        Tensor wave = audio.waveform();
        int rate = audio.sampleRate();
        if (sampleRate != null && sampleRate != rate) {
            if (sampleRate <= 0) throw new IllegalArgumentException("--sample-rate must be positive, found " + sampleRate);
            wave = Resample.resample(wave, rate, sampleRate);
            rate = sampleRate;
        }
        double fHigh = fMax != null ? fMax : (double) (rate / 2);   // torchaudio: float(sample_rate // 2)

        Map<String, String> meta = meta(k, rate, win, hop, windowKind, pad);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Tensor picture;
        double spf = (double) hop / rate;
        SpectrogramImage image;
        switch (k) {
            case "stft" -> {
                Stft stft = new Stft(stftOptions);
                ComplexSpectrum s = stft.apply(wave);
                tensors.put("real", s.real());
                tensors.put("imag", s.imag());
                picture = new AmplitudeToDB(AmplitudeToDB.options().stype(AmplitudeToDB.SType.MAGNITUDE).topDb(80.0))
                        .forward(s.magnitude().select(0, 0));
                image = SpectrogramImage.of(picture).axes(spf, 0, rate / 2.0);
            }
            case "spectrogram" -> {
                Spectrogram spec = new Spectrogram(Spectrogram.options().stft(stftOptions).power(power));
                meta.put("power", Double.toString(power));
                Tensor f = decibels(spec.forward(wave), meta);
                tensors.put("features", f);
                picture = forPicture(f.select(0, 0));
                image = SpectrogramImage.of(picture).axes(spf, 0, rate / 2.0);
            }
            case "mel" -> {
                MelSpectrogram mel = new MelSpectrogram(melOptions(rate, stftOptions, fHigh));
                putMelMeta(meta, fHigh);
                meta.put("power", Double.toString(power));
                Tensor f = decibels(mel.forward(wave), meta);
                tensors.put("features", f);
                picture = forPicture(f.select(0, 0));
                image = SpectrogramImage.of(picture).melAxes(spf, fMin, fHigh);
            }
            default -> { // mfcc
                Mfcc.DctNorm dn = dctNormValue();
                Mfcc mfcc = new Mfcc(Mfcc.options().sampleRate(rate).nMfcc(nMfcc).norm(dn).logMels(logMels)
                        .melSpectrogram(melOptions(rate, stftOptions, fHigh)));
                putMelMeta(meta, fHigh);
                meta.put("power", Double.toString(power));
                meta.put("n_mfcc", Integer.toString(nMfcc));
                meta.put("dct_norm", dn.name().toLowerCase(Locale.ROOT));
                meta.put("log_mels", Boolean.toString(logMels));
                Tensor f = mfcc.forward(wave);
                tensors.put("features", f);
                picture = f.select(0, 0);
                image = SpectrogramImage.of(picture).axes(spf, 0, Math.max(1, nMfcc - 1)).labels("Time (s)", "MFCC");
            }
        }
        if (overwrite) Safetensors.save(out, tensors, meta);
        else Safetensors.saveNew(out, tensors, meta);
        Tensor first = tensors.values().iterator().next();
        StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "%s: %s %s -> %s", k, input.getFileName(),
                java.util.Arrays.toString(first.shape()), out));
        if (png != null) {
            image.colorMap(cm).title(k + " of " + input.getFileName()).writePng(png, overwrite);
            msg.append(", ").append(png);
        }
        System.out.println(msg);
        return 0;
    }

    /** The blocked path ({@link FeaturesInBlocks}): same values and metadata, bounded memory. */
    private int inBlocks(String k, FeatureBlocks.Source source, StftOptions stftOptions, int win, int hop, Windows.Kind windowKind, PadMode pad,
            ColorMap cm) throws java.io.IOException {
        int rate = source.sampleRate();
        double fHigh = fMax != null ? fMax : (double) (rate / 2);
        Map<String, String> meta = meta(k, rate, win, hop, windowKind, pad);
        if (!k.equals("stft") && !k.equals("spectrogram")) putMelMeta(meta, fHigh);
        if (!k.equals("stft")) meta.put("power", Double.toString(power));
        if (k.equals("mfcc")) {
            meta.put("n_mfcc", Integer.toString(nMfcc));
            meta.put("dct_norm", dctNormValue().name().toLowerCase(Locale.ROOT));
            meta.put("log_mels", Boolean.toString(logMels));
        } else if (!k.equals("stft") && (db || topDb != null)) {
            meta.put("db", (power == 1.0 ? AmplitudeToDB.SType.MAGNITUDE : AmplitudeToDB.SType.POWER).name().toLowerCase(Locale.ROOT));
            if (topDb != null) meta.put("top_db", Double.toString(topDb));
        }
        double spf = (double) hop / rate;
        long frames = FeatureBlocks.frames(source.frames(), stftOptions);
        double columnSeconds = spf * Math.max(1.0, (double) frames / FeaturesInBlocks.MAX_COLUMNS);
        java.util.function.Function<Tensor, SpectrogramImage> picture = p -> {
            SpectrogramImage img = switch (k) {
                case "stft" -> SpectrogramImage.of(new AmplitudeToDB(AmplitudeToDB.options().stype(AmplitudeToDB.SType.MAGNITUDE).topDb(80.0))
                        .forward(p)).axes(columnSeconds, 0, rate / 2.0);
                case "spectrogram" -> SpectrogramImage.of(forPicture(p)).axes(columnSeconds, 0, rate / 2.0);
                case "mel" -> SpectrogramImage.of(forPicture(p)).melAxes(columnSeconds, fMin, fHigh);
                default -> SpectrogramImage.of(p).axes(columnSeconds, 0, Math.max(1, nMfcc - 1)).labels("Time (s)", "MFCC");
            };
            return img.colorMap(cm).title(k + " of " + input.getFileName());
        };
        int[] shape = new FeaturesInBlocks(this, k, stftOptions).run(source, out, meta, blockFrames, spf, picture, png);
        StringBuilder msg = new StringBuilder(String.format(Locale.ROOT, "%s: %s %s -> %s (in blocks)", k, input.getFileName(),
                java.util.Arrays.toString(shape), out));
        if (png != null) msg.append(", ").append(png);
        System.out.println(msg);
        return 0;
    }

    private Map<String, String> meta(String k, int rate, int win, int hop, Windows.Kind windowKind, PadMode pad) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", k);
        meta.put("source", input.getFileName().toString());
        meta.put("sample_rate", Integer.toString(rate));
        meta.put("n_fft", Integer.toString(nFft));
        meta.put("win_length", Integer.toString(win));
        meta.put("hop_length", Integer.toString(hop));
        meta.put("window", windowKind.name().toLowerCase(Locale.ROOT));
        meta.put("center", Boolean.toString(center));
        meta.put("pad_mode", pad.torchName());
        return meta;
    }

    Mfcc.DctNorm dctNormValue() {
        return switch (dctNorm.toLowerCase(Locale.ROOT)) {
            case "ortho" -> Mfcc.DctNorm.ORTHO;
            case "none" -> Mfcc.DctNorm.NONE;
            default -> throw new IllegalArgumentException("--dct-norm: expected ortho or none, found '" + dctNorm + "'");
        };
    }

    MelSpectrogram.Options melOptions(int rate, StftOptions stft, double fHigh) {
        MelScale.Scale scale = switch (melScale.toLowerCase(Locale.ROOT)) {
            case "htk" -> MelScale.Scale.HTK;
            case "slaney" -> MelScale.Scale.SLANEY;
            default -> throw new IllegalArgumentException("--mel-scale: expected htk or slaney, found '" + melScale + "'");
        };
        MelScale.Norm n = switch (norm.toLowerCase(Locale.ROOT)) {
            case "none" -> MelScale.Norm.NONE;
            case "slaney" -> MelScale.Norm.SLANEY;
            default -> throw new IllegalArgumentException("--norm: expected none or slaney, found '" + norm + "'");
        };
        return MelSpectrogram.options().stft(stft).sampleRate(rate).fMin(fMin).fMax(fHigh).nMels(nMels).power(power)
                .melScale(scale).norm(n);
    }

    private void putMelMeta(Map<String, String> meta, double fHigh) {
        meta.put("f_min", Double.toString(fMin));
        meta.put("f_max", Double.toString(fHigh));
        meta.put("n_mels", Integer.toString(nMels));
        meta.put("mel_scale", melScale.toLowerCase(Locale.ROOT));
        meta.put("norm", norm.toLowerCase(Locale.ROOT));
    }

    /** Converts to decibels when --db or --top-db asks for it. */
    private Tensor decibels(Tensor x, Map<String, String> meta) {
        if (!db && topDb == null) return x;
        AmplitudeToDB.SType st = power == 1.0 ? AmplitudeToDB.SType.MAGNITUDE : AmplitudeToDB.SType.POWER;
        meta.put("db", st.name().toLowerCase(Locale.ROOT));
        if (topDb != null) meta.put("top_db", Double.toString(topDb));
        return new AmplitudeToDB(AmplitudeToDB.options().stype(st).topDb(topDb)).forward(x);
    }

    /** What the PNG shows: the values in decibels (80 dB range) unless they already are. */
    private Tensor forPicture(Tensor channel) {
        if (db || topDb != null) return channel;
        AmplitudeToDB.SType st = power == 1.0 ? AmplitudeToDB.SType.MAGNITUDE : AmplitudeToDB.SType.POWER;
        return new AmplitudeToDB(AmplitudeToDB.options().stype(st).topDb(80.0)).forward(channel);
    }

    private static Windows.Kind windowKind(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "hann", "hanning" -> Windows.Kind.HANN;
            case "hamming" -> Windows.Kind.HAMMING;
            case "blackman" -> Windows.Kind.BLACKMAN;
            case "bartlett" -> Windows.Kind.BARTLETT;
            case "rectangular", "ones", "boxcar" -> Windows.Kind.RECTANGULAR;
            default -> throw new IllegalArgumentException("--window: expected hann, hamming, blackman, bartlett or rectangular, found '"
                    + name + "'");
        };
    }

    private void refuseExisting(Path p, String option) {
        if (!overwrite && Files.exists(p)) {
            throw new IllegalArgumentException(option + " " + p + " exists; pass --overwrite to replace it");
        }
    }
}

package dev.cochlea.serve;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Detection;
import dev.cochlea.train.Prediction;
import dev.cochlea.train.StreamingClassifier;
import dev.cochlea.train.StreamingOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recording for Chromium's fake microphone ({@code --use-file-for-fake-audio-capture}): spoken
 * digits from the test split of the Free Spoken Digit Dataset, each after {@value #GAP_SECONDS} s of
 * near-silence (-70 dBFS noise), then {@value #TAIL_SECONDS} s more, written as 16-bit PCM at
 * {@value #WAV_RATE} Hz (a device's rate; the browser resamples it to the page's AudioContext).
 * <p>
 * Only takes the model labels right are used, alone ({@link Classifier#predict}) and as a streaming
 * classifier hears them after a gap, wherever the stream starts and after resampling to the device's
 * rate and back; the whole recording is then heard the same ways, so that what a page shows depends
 * only on the page and the browser's audio path. Takes are chosen
 * deterministically: for the i-th digit, the speakers in name order starting from the i-th, indices
 * 0 to 4.
 *
 * <pre>{@code
 * FakeMicrophone.Recording mic = FakeMicrophone.build(digits, recordings, List.of("3", "1", "4"),
 *         StreamingOptions.defaults(), dir.resolve("mic.wav"));
 * chromeOptions.addArguments("--use-file-for-fake-audio-capture=" + mic.wav());
 * }</pre>
 */
final class FakeMicrophone {
    static final int WAV_RATE = 48_000;
    static final double GAP_SECONDS = 1.2;
    static final double TAIL_SECONDS = 2.0;
    /** The noise under everything, about -70 dBFS, as a quiet room gives a microphone. */
    static final double NOISE = 3e-4;
    /**
     * How sure the model must be of a take, alone and streamed. Not near 1: it was trained with label
     * smoothing and mixup, which keep its best probabilities at about 0.7-0.8.
     */
    static final double MIN_PROBABILITY = 0.6;
    static final double MIN_STREAMED_SCORE = 0.5;
    /**
     * Where a stream may start, in samples before the recording: the browser's stream starts wherever
     * the microphone was when the page began to listen, and the voice gate's 20 ms frames (160
     * samples at 8 kHz), hence where a word's window begins, move with it.
     */
    static final int[] LEADS = {0, 20, 40, 60, 80, 100, 120, 140};
    private static final Pattern NAME = Pattern.compile("^(\\d+)_([A-Za-z]+)_(\\d+)\\.wav$");

    /**
     * @param wav     the file written
     * @param labels  the digits in the order spoken
     * @param takes   the recording each digit was taken from, in the same order
     * @param seconds its length
     */
    record Recording(Path wav, List<String> labels, List<Path> takes, double seconds) {
    }

    private FakeMicrophone() {
    }

    /** Chooses a take of each of {@code digits}, writes the recording to {@code wav}. */
    static Recording build(Classifier model, Path recordings, List<String> digits, StreamingOptions listening, Path wav)
            throws IOException {
        int rate = model.config().features().sampleRate();
        List<String> speakers = speakers(recordings);
        List<Path> takes = new ArrayList<>();
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            Path take = choose(model, recordings, digits.get(i), speakers, i, listening);
            takes.add(take);
            clips.add(mono(take, rate));
        }
        float[] x = compose(clips, rate, 0);
        for (int lead : LEADS) {
            List<String> heard = hear(model, listening, throughDevice(compose(clips, rate, lead), rate)).stream().map(Detection::label).toList();
            if (!heard.equals(digits)) {
                throw new IllegalStateException("a streaming classifier with the server's options hears " + heard
                        + " in the composed recording of " + takes + " (starting " + lead + " samples later), not " + digits);
            }
        }
        Tensor resampled = Resample.resample(Tensor.wrap(x, 1, x.length), rate, WAV_RATE);
        Wav.write16(wav, resampled, WAV_RATE);
        return new Recording(wav, List.copyOf(digits), List.copyOf(takes), (double) x.length / rate);
    }

    private static List<String> speakers(Path recordings) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(recordings)) {
            files.forEach(f -> {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) names.add(m.group(2));
            });
        }
        if (names.isEmpty()) throw new IllegalStateException(recordings + " holds no {digit}_{speaker}_{index}.wav recordings");
        return List.copyOf(names);
    }

    private static Path choose(Classifier model, Path recordings, String digit, List<String> speakers, int position,
                               StreamingOptions listening) throws IOException {
        int rate = model.config().features().sampleRate();
        for (int s = 0; s < speakers.size(); s++) {
            String speaker = speakers.get((position + s) % speakers.size());
            for (int index = 0; index <= 4; index++) {
                Path take = recordings.resolve(digit + "_" + speaker + "_" + index + ".wav");
                if (!Files.isRegularFile(take)) continue;
                Prediction p = model.predict(take);
                if (!p.label().equals(digit) || p.probability() < MIN_PROBABILITY) continue;
                if (heardRightWherever(model, listening, digit, mono(take, rate))) return take;
            }
        }
        throw new IllegalStateException("no take of '" + digit + "' in the test split (index 0-4) of " + recordings
                + " is labelled right with probability >= " + MIN_PROBABILITY + " alone, and with score >= " + MIN_STREAMED_SCORE
                + " streamed wherever the stream starts");
    }

    /**
     * Whether {@code clip} alone, after a gap, is heard as {@code digit} with a score of at least
     * {@link #MIN_STREAMED_SCORE}, wherever the stream starts ({@link #LEADS}), after the round trip
     * through a device's rate.
     */
    private static boolean heardRightWherever(Classifier model, StreamingOptions listening, String digit, float[] clip) {
        int rate = model.config().features().sampleRate();
        for (int lead : LEADS) {
            List<Detection> heard = hear(model, listening, throughDevice(compose(List.of(clip), rate, lead), rate));
            if (heard.size() != 1 || !heard.get(0).label().equals(digit) || heard.get(0).score() < MIN_STREAMED_SCORE) return false;
        }
        return true;
    }

    /** {@code x} resampled to {@link #WAV_RATE} and back, as the fake microphone and the page's AudioContext resample it. */
    private static float[] throughDevice(float[] x, int rate) {
        Tensor up = Resample.resample(Tensor.wrap(x, 1, x.length), rate, WAV_RATE);
        return Resample.resample(up, WAV_RATE, rate).toFloatArray();
    }

    private static float[] mono(Path take, int rate) throws IOException {
        AudioData a = Wav.read(take);
        if (a.sampleRate() != rate || a.channels() != 1) {
            throw new IllegalStateException(take + ": expected mono at " + rate + " Hz, found " + a.channels() + " channels at " + a.sampleRate() + " Hz");
        }
        return a.waveform().toFloatArray();
    }

    /**
     * Each clip after a gap, a tail after the last, noise under everything (seeded: the same every
     * time); {@code lead} samples more before the first gap.
     */
    private static float[] compose(List<float[]> clips, int rate, int lead) {
        int gap = (int) Math.round(GAP_SECONDS * rate), tail = (int) Math.round(TAIL_SECONDS * rate);
        int length = lead + tail;
        for (float[] c : clips) length += gap + c.length;
        float[] x = new float[length];
        int at = lead;
        for (float[] c : clips) {
            at += gap;
            System.arraycopy(c, 0, x, at, c.length);
            at += c.length;
        }
        Random noise = new Random(7);
        for (int i = 0; i < x.length; i++) x[i] += (float) (NOISE * noise.nextGaussian());
        return x;
    }

    /** What a stream of {@code x} reports, in chunks as the page sends them, without a final flush (the page's microphone never ends). */
    private static List<Detection> hear(Classifier model, StreamingOptions listening, float[] x) {
        StreamingClassifier s = new StreamingClassifier(model, listening);
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < x.length; i += 1024) found.addAll(s.accept(x, i, Math.min(1024, x.length - i)));
        return found;
    }
}

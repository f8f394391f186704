package dev.cochlea.train;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.VoiceActivityDetector;
import dev.cochlea.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyword spotting on a continuous stream: fed mono samples at the model's rate in chunks of any
 * size, it finds the stretches of speech with a {@link VoiceActivityDetector}, runs the
 * {@link Classifier} on them and reports each keyword it is sure of as a {@link Detection}. Silence
 * costs nothing and is never reported. Memory is bounded by the model's clip length; not thread-safe
 * (one instance per stream).
 *
 * <p>Two ways to place the model's window ({@link StreamingOptions.Align}):
 * <ul>
 *   <li>{@code ONSET} (default): each stretch of speech is classified once it ends, from its start,
 *       zero-padded to the clip length, as training clips are (words at the start); a stretch longer
 *       than a clip is also classified every clip-length while it lasts. A class is reported when its
 *       probability reaches the threshold. A word is reported about the gate's hangover after it ends.</li>
 *   <li>{@code SLIDING}: TensorFlow's {@code RecognizeCommands} for models trained with time shifts:
 *       every hop the model reads the last clip-length of audio (while the gate hears speech in it),
 *       the probabilities of the evaluations within the averaging window are averaged, and a class is
 *       reported when the average reaches the threshold with at least the minimum count of evaluations.</li>
 * </ul>
 * Either way no detection follows another within the suppression time, and the same class is reported
 * again only after a new stretch of speech or after its probability fell below the threshold.
 *
 * <pre>{@code
 * Classifier model = Classifier.load(Path.of("runs/fsdd"));
 * StreamingClassifier stream = new StreamingClassifier(model, StreamingOptions.defaults());
 * for (float[] chunk : microphone) {
 *     for (Detection d : stream.accept(chunk, 0, chunk.length)) System.out.println(d);
 * }
 * stream.finish();
 * }</pre>
 */
public final class StreamingClassifier {
    /** A stretch whose speech frames' level ranged less than this (dB) is a steady sound, not words: never classified. */
    public static final double STEADY_DB = 6;

    private final Classifier classifier;
    private final StreamingOptions options;
    private final VoiceActivityDetector vad;
    private final int rate, clip, hop;
    private final float[] ring;
    private long total;
    private long nextHop;
    private long segments;
    private long classifiedTo;
    private final ArrayDeque<Scored> history = new ArrayDeque<>();
    private double lastDetection = Double.NEGATIVE_INFINITY;
    private int lastLabel = -1;
    private boolean rearmed = true;
    private long evaluations;

    private record Scored(long at, float[] probs) {
    }

    /** A stream for {@code classifier} listening as {@code options} say. */
    public StreamingClassifier(Classifier classifier, StreamingOptions options) {
        this.classifier = classifier;
        this.options = options;
        FeatureConfig f = classifier.config().features();
        this.rate = f.sampleRate();
        this.clip = f.clipSamples();
        this.hop = Math.max(1, (int) Math.round(options.hopMs() * rate / 1000));
        this.vad = new VoiceActivityDetector(rate, options.gateDb(), options.gateMarginDb(), options.hangoverMs());
        this.ring = new float[clip + (VoiceActivityDetector.PREROLL_FRAMES + 2) * vad.frameSamples() + hop];
        this.nextHop = hop;
    }

    /** The sample rate the stream must be at (the model's). */
    public int sampleRate() {
        return rate;
    }

    /** Samples heard so far. */
    public long samples() {
        return total;
    }

    /** How many times the model has run. */
    public long evaluations() {
        return evaluations;
    }

    /** Whether the gate hears speech now. */
    public boolean speaking() {
        return vad.speaking();
    }

    /**
     * Feeds {@code len} samples of {@code pcm} from {@code off} (values outside [-1, 1] are clipped, NaN
     * read as 0); returns the detections they completed, in order.
     */
    public List<Detection> accept(float[] pcm, int off, int len) {
        if (off < 0 || len < 0 || off > pcm.length - len) {
            throw new IndexOutOfBoundsException("accept: range [" + off + ", " + ((long) off + len) + ") of " + pcm.length + " samples");
        }
        List<Detection> out = new ArrayList<>(1);
        int frame = vad.frameSamples();
        while (len > 0) {
            // Pieces end at gate frames and hops, so a stretch is classified as soon as the gate closes it.
            int n = (int) Math.min(len, Math.min(nextHop - total, frame - total % frame));
            int at = (int) (total % ring.length);
            for (int i = 0; i < n; i++) {
                float v = pcm[off + i];
                ring[(at + i) % ring.length] = v >= -1f && v <= 1f ? v : v > 1f ? 1f : v < -1f ? -1f : 0f;
            }
            for (int i = 0; i < n; ) {
                int p = at + i, m = Math.min(n - i, ring.length - p % ring.length);
                vad.accept(ring, p % ring.length, m);
                i += m;
            }
            total += n;
            off += n;
            len -= n;
            boolean hopped = total == nextHop;
            if (hopped) nextHop += hop;
            step(hopped, out);
        }
        return out;
    }

    /** Ends the stream: a stretch of speech still open is classified as if silence followed. */
    public List<Detection> finish() {
        List<Detection> out = new ArrayList<>(1);
        if (vad.speaking() && options.align() == StreamingOptions.Align.ONSET) classify(Math.max(vad.segmentStart(), classifiedTo), total, out);
        return out;
    }

    private void step(boolean hopped, List<Detection> out) {
        if (vad.segments() != segments) {
            segments = vad.segments();
            history.clear();
            rearmed = true;
            classifiedTo = 0;
        }
        if (options.align() == StreamingOptions.Align.ONSET) {
            long start = Math.max(vad.segmentStart(), classifiedTo);
            if (vad.speaking()) {
                if (total - start >= clip) classify(start, start + clip, out);
            } else if (vad.segmentEnd() > classifiedTo && vad.segmentStart() >= 0) {
                classify(start, Math.min(total, vad.segmentEnd()), out);
            }
        } else if (hopped) {
            long lastSpeech = vad.speaking() ? total : vad.segmentEnd();
            if (lastSpeech > 0 && lastSpeech > total - clip) {
                history.addLast(new Scored(total, run(total - clip, total)));
                decide(total - clip, out);
            } else {
                history.clear();
            }
        }
    }

    private void classify(long from, long to, List<Detection> out) {
        classifiedTo = to;
        if (to - from < vad.frameSamples() || vad.segmentRangeDb() < STEADY_DB) return;
        history.clear();
        history.addLast(new Scored(total, run(from, to)));
        decide(from, out);
    }

    /** The model's probabilities for samples {@code [from, to)} (the part still in the buffer). */
    private float[] run(long from, long to) {
        from = Math.max(Math.max(0, from), total - ring.length);
        int n = (int) (to - from);
        float[] w = new float[Math.max(0, n)];
        for (int i = 0; i < n; i++) w[i] = ring[(int) ((from + i) % ring.length)];
        evaluations++;
        return classifier.probabilities(new AudioData(Tensor.wrap(w, 1, w.length), rate, AudioEncoding.FLOAT32)).toFloatArray();
    }

    private void decide(long from, List<Detection> out) {
        long window = Math.round(options.averageMs() * rate / 1000);
        while (history.size() > 1 && history.peekFirst().at() <= total - window) history.removeFirst();
        boolean sliding = options.align() == StreamingOptions.Align.SLIDING;
        if (sliding && history.size() < options.minimumCount()) return;
        int classes = history.peekFirst().probs().length;
        float[] avg = new float[classes];
        for (Scored s : history) {
            for (int c = 0; c < classes; c++) avg[c] += s.probs()[c];
        }
        int top = 0;
        for (int c = 0; c < classes; c++) {
            avg[c] /= history.size();
            if (avg[c] > avg[top]) top = c;
        }
        if (lastLabel >= 0 && avg[lastLabel] < options.threshold()) rearmed = true;
        double t = (double) total / rate;
        if (avg[top] < options.threshold()) return;
        if ((t - lastDetection) * 1000 < options.suppressionMs()) return;
        if (top == lastLabel && !rearmed) return;
        lastDetection = t;
        lastLabel = top;
        rearmed = false;
        out.add(new Detection(classifier.labels().get(top), avg[top], t, (double) Math.max(0, from) / rate));
    }
}

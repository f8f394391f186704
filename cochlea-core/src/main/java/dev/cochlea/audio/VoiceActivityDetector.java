package dev.cochlea.audio;

/**
 * An energy gate for a stream of mono samples: tells speech from silence frame by frame and keeps
 * the boundaries of the current (or last) stretch of speech, in samples since the stream began.
 *
 * <p>Each 20 ms frame's level (dB relative to full scale, from its mean square) counts as speech when
 * it is at least {@code minDb} and at least {@code marginDb} above the noise floor. The floor is the
 * quietest frame of the last {@value #FLOOR_FRAMES} frames (minimum statistics): words are shorter
 * and pause, so a hum, a fan or a steady noise becomes the floor within a second of starting. A segment starts after {@value #ONSET_FRAMES} speech frames
 * in a row (its start taken {@value #PREROLL_FRAMES} frames earlier) and ends after
 * {@code hangoverMs} of non-speech (its end taken {@value #POSTROLL_FRAMES} frames after the last
 * speech frame). Memory and time per sample are constant.
 *
 * <pre>{@code
 * VoiceActivityDetector vad = new VoiceActivityDetector(8000, -50, 10, 200);
 * vad.accept(chunk, 0, chunk.length);
 * if (vad.speaking()) System.out.println("speech since sample " + vad.segmentStart());
 * }</pre>
 */
public final class VoiceActivityDetector {
    /** Frames in a row above the gate that start a segment. */
    public static final int ONSET_FRAMES = 2;
    /** Frames kept before the first speech frame of a segment. */
    public static final int PREROLL_FRAMES = 2;
    /** Frames kept after the last speech frame of a segment. */
    public static final int POSTROLL_FRAMES = 2;
    /** Frames (1 s) whose quietest is the noise floor. */
    public static final int FLOOR_FRAMES = 50;

    private final int frame;
    private final double minDb, marginDb;
    private final double[] recent = new double[FLOOR_FRAMES];
    private double segMin = Double.POSITIVE_INFINITY, segMax = Double.NEGATIVE_INFINITY;
    private final int hangoverFrames;

    private double floorDb = Double.NaN;
    private double acc;
    private int filled;
    private long frames;
    private int run, quiet;
    private boolean speaking;
    private long start = -1, end = -1, lastSpeechFrame = -1, segments;

    /**
     * A detector for a stream at {@code sampleRate}.
     *
     * @param minDb      the quietest level that can be speech, dB relative to full scale (e.g. -50)
     * @param marginDb   how far above the noise floor speech must be (e.g. 10)
     * @param hangoverMs how long the level must stay low before a segment ends (e.g. 200)
     */
    public VoiceActivityDetector(int sampleRate, double minDb, double marginDb, double hangoverMs) {
        if (sampleRate < 50) throw new IllegalArgumentException("sampleRate: expected >= 50 Hz, found " + sampleRate);
        if (!(minDb <= 0)) throw new IllegalArgumentException("minDb: expected a level <= 0 dBFS, found " + minDb);
        if (!(marginDb >= 0)) throw new IllegalArgumentException("marginDb: expected >= 0 dB, found " + marginDb);
        if (!(hangoverMs >= 0)) throw new IllegalArgumentException("hangoverMs: expected >= 0, found " + hangoverMs);
        this.frame = sampleRate / 50;
        this.minDb = minDb;
        this.marginDb = marginDb;
        this.hangoverFrames = Math.max(1, (int) Math.round(hangoverMs / 20));
    }

    /** Samples per frame (20 ms). */
    public int frameSamples() {
        return frame;
    }

    /** Feeds {@code len} samples of {@code x} from {@code off}. */
    public void accept(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            acc += (double) x[i] * x[i];
            if (++filled == frame) {
                endFrame(10 * Math.log10(acc / frame + 1e-12));
                acc = 0;
                filled = 0;
            }
        }
    }

    private void endFrame(double db) {
        long f = frames++;
        recent[(int) (f % FLOOR_FRAMES)] = db;
        double floor = db;
        for (int i = 0; i < Math.min(frames, FLOOR_FRAMES); i++) floor = Math.min(floor, recent[i]);
        floorDb = floor;
        boolean loud = db >= minDb && db >= floorDb + marginDb;
        if (loud && speaking) {
            segMin = Math.min(segMin, db);
            segMax = Math.max(segMax, db);
        }
        if (loud) {
            run++;
            quiet = 0;
            lastSpeechFrame = f;
            if (!speaking && run >= ONSET_FRAMES) {
                speaking = true;
                segments++;
                segMin = Math.min(db, recent[(int) ((f + FLOOR_FRAMES - 1) % FLOOR_FRAMES)]);
                segMax = db;
                start = Math.max(0, f - run + 1 - PREROLL_FRAMES) * frame;
                end = -1;
            }
        } else {
            run = 0;
            if (speaking && ++quiet >= hangoverFrames) {
                speaking = false;
                end = Math.min(frames, lastSpeechFrame + 1 + POSTROLL_FRAMES) * frame;
            }
        }
    }

    /** Whether a segment of speech is open. */
    public boolean speaking() {
        return speaking;
    }

    /** The first sample of the current or last segment, or -1 before the first. */
    public long segmentStart() {
        return start;
    }

    /** The end (exclusive sample) of the last segment, or -1 while it is open or before the first. */
    public long segmentEnd() {
        return end;
    }

    /**
     * How far the level of the current or last segment's speech frames ranged, dB: words rise and fall
     * by tens of dB, a steady sound that the floor has not yet caught by a few.
     */
    public double segmentRangeDb() {
        return segMax - segMin;
    }

    /** How many segments have started. */
    public long segments() {
        return segments;
    }

    /** The noise floor, dBFS (NaN before the first frame). */
    public double floorDb() {
        return floorDb;
    }
}

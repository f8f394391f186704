package dev.cochlea.train;

/**
 * How a {@link StreamingClassifier} listens: how often it evaluates, how it smooths, when it decides,
 * and its voice-activity gate. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * StreamingOptions o = StreamingOptions.defaults().hopMs(100).threshold(0.7).suppressionMs(800);
 * }</pre>
 *
 * @param hopMs          time between evaluations of the model ({@code SLIDING})
 * @param averageMs      the scores of the evaluations within this window are averaged ({@code SLIDING})
 * @param minimumCount   evaluations needed in the window before a decision ({@code SLIDING})
 * @param threshold      averaged probability a class must reach to be detected
 * @param suppressionMs  no detection for this long after one
 * @param align          where the model's window starts (see {@link Align})
 * @param gateDb         the voice-activity gate's quietest speech level, dBFS: the model runs only on audio
 *                       the gate heard speech in, so silence costs nothing and is never detected
 * @param gateMarginDb   how far above the learnt noise floor speech must be, dB
 * @param hangoverMs     how long the level must stay low before a segment of speech ends
 */
public record StreamingOptions(double hopMs, double averageMs, int minimumCount, double threshold, double suppressionMs,
                               Align align, double gateDb, double gateMarginDb, double hangoverMs) {
    /** Where each evaluation's window of audio starts. */
    public enum Align {
        /**
         * At the start of the current stretch of speech (as the voice-activity gate found it): the words
         * sit at the window's start, zero-padded after, as the clips a model is trained on usually do.
         * A stretch longer than the model's clip is also classified every clip-length while it lasts.
         */
        ONSET,
        /** The last clip-length of audio, whatever it holds (TensorFlow's RecognizeCommands; for models trained with time shifts). */
        SLIDING
    }

    /** Checks every field, naming the first that is out of range. */
    public StreamingOptions {
        require(hopMs >= 5 && hopMs <= 10_000, "hopMs", "5 to 10000 ms", hopMs);
        require(averageMs >= 0 && averageMs <= 60_000, "averageMs", "0 to 60000 ms", averageMs);
        if (minimumCount < 1) throw new IllegalArgumentException("minimumCount: expected >= 1, found " + minimumCount);
        require(threshold >= 0 && threshold <= 1, "threshold", "a probability in [0, 1]", threshold);
        require(suppressionMs >= 0 && suppressionMs <= 600_000, "suppressionMs", "0 to 600000 ms", suppressionMs);
        if (align == null) throw new IllegalArgumentException("align: expected ONSET or SLIDING, found null");
        require(gateDb <= 0, "gateDb", "a level <= 0 dBFS", gateDb);
        require(gateMarginDb >= 0 && gateMarginDb <= 100, "gateMarginDb", "0 to 100 dB", gateMarginDb);
        require(hangoverMs >= 20 && hangoverMs <= 10_000, "hangoverMs", "20 to 10000 ms", hangoverMs);
    }

    private static void require(boolean ok, String name, String expected, double found) {
        if (!ok) throw new IllegalArgumentException(name + ": expected " + expected + ", found " + found);
    }

    /**
     * The defaults, chosen on a recording of 100 spoken digits (docs/benchmarks.md, *Streaming*):
     * onset-aligned windows, threshold 0.3 (the default ensemble spreads its probability: 0.6 missed a fifth of the digits), 500 ms of suppression, a gate at -60 dBFS (-50 cut the quietest speaker's words: 93 against 98 of 100) and 10 dB above
     * the noise floor, 150 ms of hangover; for {@code SLIDING}, an evaluation every 100 ms, averaged
     * over 500 ms, at least 3 evaluations.
     */
    public static StreamingOptions defaults() {
        return new StreamingOptions(100, 500, 3, 0.3, 500, Align.ONSET, -60, 10, 150);
    }

    /** With evaluations every {@code ms}. */
    public StreamingOptions hopMs(double ms) {
        return new StreamingOptions(ms, averageMs, minimumCount, threshold, suppressionMs, align, gateDb, gateMarginDb, hangoverMs);
    }

    /** With scores averaged over {@code ms}. */
    public StreamingOptions averageMs(double ms) {
        return new StreamingOptions(hopMs, ms, minimumCount, threshold, suppressionMs, align, gateDb, gateMarginDb, hangoverMs);
    }

    /** With at least {@code n} evaluations averaged before a decision. */
    public StreamingOptions minimumCount(int n) {
        return new StreamingOptions(hopMs, averageMs, n, threshold, suppressionMs, align, gateDb, gateMarginDb, hangoverMs);
    }

    /** With detections at an averaged probability of at least {@code p}. */
    public StreamingOptions threshold(double p) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, p, suppressionMs, align, gateDb, gateMarginDb, hangoverMs);
    }

    /** With no detection for {@code ms} after one. */
    public StreamingOptions suppressionMs(double ms) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, threshold, ms, align, gateDb, gateMarginDb, hangoverMs);
    }

    /** With windows aligned as {@code a} says. */
    public StreamingOptions align(Align a) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, threshold, suppressionMs, a, gateDb, gateMarginDb, hangoverMs);
    }

    /** With the gate's quietest speech level at {@code db} dBFS. */
    public StreamingOptions gateDb(double db) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, threshold, suppressionMs, align, db, gateMarginDb, hangoverMs);
    }

    /** With speech at least {@code db} above the noise floor. */
    public StreamingOptions gateMarginDb(double db) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, threshold, suppressionMs, align, gateDb, db, hangoverMs);
    }

    /** With segments ending after {@code ms} of low level. */
    public StreamingOptions hangoverMs(double ms) {
        return new StreamingOptions(hopMs, averageMs, minimumCount, threshold, suppressionMs, align, gateDb, gateMarginDb, ms);
    }
}

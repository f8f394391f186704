package dev.cochlea.audio;

/**
 * Changes the sample rate of a stream fed in chunks of any size, with constant memory: band-limited
 * (windowed-sinc) interpolation like {@link Resample}'s for whole signals (which follows torchaudio:
 * a Kaiser or Hann window of 6 zero crossings), here a Hann window of {@value #ZERO_CROSSINGS} zero
 * crossings computed as a polyphase filter over a short history of the input. The output does not depend on how the input was cut into
 * chunks. It lags the input by half the filter ({@link #delaySamples()} output samples); {@link #flush}
 * pushes the last samples out.
 *
 * <p>Rates reduce by their greatest common divisor to {@code up/down}; each of the {@code up} phases
 * has {@code 2 * ZERO_CROSSINGS / cutoff + 1} taps of a Hann-windowed sinc whose cutoff is 0.95 of
 * the lower Nyquist frequency. At most 1,000 phases are kept (rates whose ratio needs more are
 * refused, naming them).
 *
 * <pre>{@code
 * StreamResampler r = new StreamResampler(48000, 8000);
 * float[] out = r.process(chunk, 0, chunk.length);   // about chunk.length / 6 samples
 * }</pre>
 */
public final class StreamResampler {
    /** Zero crossings of the sinc on each side (at the lower rate). */
    public static final int ZERO_CROSSINGS = 16;
    /** Most phases (the reduced output rate) kept as tables. */
    public static final int MAX_PHASES = 1000;

    private final int up, down, taps, half;
    private final float[][] phases;
    private final float[] history;
    private long consumed;
    private long produced;

    /** A resampler from {@code fromRate} to {@code toRate} Hz. */
    public StreamResampler(int fromRate, int toRate) {
        if (!SampleRates.accepted(fromRate)) throw new IllegalArgumentException("fromRate: " + SampleRates.problem(fromRate));
        if (!SampleRates.accepted(toRate)) throw new IllegalArgumentException("toRate: " + SampleRates.problem(toRate));
        int g = Resample.gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        if (up > MAX_PHASES) {
            throw new IllegalArgumentException("resampling " + fromRate + " to " + toRate + " Hz needs " + up + " filter phases; at most "
                    + MAX_PHASES + " are kept (choose rates with a larger common divisor)");
        }
        double cutoff = 0.95 * Math.min(1.0, (double) up / down);
        this.half = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        this.taps = 2 * half + 1;
        this.phases = new float[up][taps];
        for (int p = 0; p < up; p++) {
            double frac = (double) p / up;
            for (int k = 0; k < taps; k++) {
                double x = k - half - frac;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x);
                double w = Math.abs(x) >= half + 1 ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * x / (half + 1));
                phases[p][k] = (float) (cutoff * sinc * w);
            }
        }
        this.history = new float[taps + 1];
    }

    /** Output samples the stream lags by. */
    public int delaySamples() {
        return (int) Math.ceil((double) half * up / down);
    }

    /** Resamples {@code len} samples of {@code x} from {@code off}; returns the output they complete. */
    public float[] process(float[] x, int off, int len) {
        if (off < 0 || len < 0 || off > x.length - len) {
            throw new IndexOutOfBoundsException("process: range [" + off + ", " + ((long) off + len) + ") of " + x.length + " samples");
        }
        // Output n is centred on input position n * down / up; it needs inputs up to floor(that) + half.
        long available = consumed + len;
        long last = available - 1 - half;
        long count = last < 0 ? 0 : Math.max(0, Math.floorDiv(last * up, down) + 1 - produced);
        float[] out = new float[(int) count];
        for (int i = 0; i < count; i++) {
            long n = produced + i;
            long num = n * down;
            long base = Math.floorDiv(num, up);
            int phase = (int) (num - base * up);
            float[] h = phases[phase];
            double acc = 0;
            for (int k = 0; k < taps; k++) acc += h[k] * sample(base - half + k, x, off);
            out[i] = (float) acc;
        }
        produced += count;
        keep(x, off, len);
        consumed = available;
        return out;
    }

    /** Ends the stream as if silence followed: the samples still held back. */
    public float[] flush() {
        float[] zeros = new float[half + 1];
        return process(zeros, 0, zeros.length);
    }

    /** Input sample {@code i} (absolute): from this chunk, or from the history of the previous ones, or 0 before the start. */
    private float sample(long i, float[] x, int off) {
        if (i < 0) return 0f;
        if (i >= consumed) return x[off + (int) (i - consumed)];
        long back = consumed - i;
        return back <= history.length ? history[history.length - (int) back] : 0f;
    }

    private void keep(float[] x, int off, int len) {
        int h = history.length;
        if (len >= h) {
            System.arraycopy(x, off + len - h, history, 0, h);
        } else {
            System.arraycopy(history, len, history, 0, h - len);
            System.arraycopy(x, off, history, h - len, len);
        }
    }
}

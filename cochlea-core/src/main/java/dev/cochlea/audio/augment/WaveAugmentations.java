package dev.cochlea.audio.augment;

import dev.cochlea.tensor.Generator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A seeded waveform augmentation pipeline for training, built from the command-line option
 * {@code --augment}: a list of {@link WaveAugmentation} steps applied in order, each with its own
 * probability, plus an optional {@link Vtlp} draw whose warp factor the feature extractor applies.
 *
 * <p>Same generator seed, same output, bit for bit, on any thread: every random number comes from
 * the {@link Generator} passed to {@link #apply}, the pipeline itself is immutable (its
 * resampling filter banks and folder clips are built once at construction).
 *
 * <h2>Grammar of {@code --augment}</h2>
 * <pre>
 * spec  := "none" | "default" | item ("," item)*
 * item  := name ["=" value (":" value)*] ["@" probability]
 * </pre>
 * Items run in the order given; each name at most once; a probability is in {@code [0, 1]} and
 * defaults to 1. Parameters (all optional; see the classes for defaults):
 * <ul>
 *   <li>{@code speed=LOW:HIGH[:STEPS]} factors (one value: that factor) — {@link SpeedPerturbation}, default 0.9:1.1:5;</li>
 *   <li>{@code pitch=MAX} (shifts {@code -MAX..MAX}) or {@code pitch=LOW:HIGH[:STEP]} semitones — {@link PitchShift}, default -2:2:0.5;</li>
 *   <li>{@code gain=MAX} ({@code -MAX..MAX}) or {@code gain=LOW:HIGH} dB — {@link RandomGain}, default -6:6;</li>
 *   <li>{@code noise=LOW:HIGH[:SOURCES]} SNR in dB (one value: that SNR), SOURCES a {@code +} list of
 *       {@code white}, {@code pink}, {@code brown}, {@code files} — {@link AdditiveNoise}, default 5:25 with the three
 *       colours, plus {@code files} when a noise folder is given;</li>
 *   <li>{@code reverb=LOW:HIGH[:SOURCES]} RT60 in seconds (one value: that RT60), SOURCES a {@code +} list of
 *       {@code synthetic}, {@code files} — {@link Reverberation}, default 0.2:0.8, synthetic plus {@code files} when an
 *       RIR folder is given;</li>
 *   <li>{@code vtlp=LOW:HIGH[:STEPS]} warp factors (one value: that factor) — {@link Vtlp}, default 0.9:1.1:5.</li>
 * </ul>
 * {@code default} stands for {@link #DEFAULT_RECIPE}. A noise or RIR folder given for a spec with
 * no item that can use it is an error.
 *
 * <pre>{@code
 * WaveAugmentations aug = WaveAugmentations.parse("speed=0.9:1.1@0.5,noise=5:25,vtlp=0.9:1.1", 8000, null, null);
 * AugmentedClip c = aug.apply(wave, new Generator(epochSeed * 1_000_003L + clipIndex));
 * System.out.println(aug.description());
 * }</pre>
 */
public final class WaveAugmentations {
    /**
     * The recipe {@code --augment default} stands for (one place to change it): common practice in
     * keyword spotting at a cost of about 0.2 ms per clip. Measured on the spoken digits (dry,
     * close-talking recordings), this and the speaker-only subsets tried (speed + VTLP, pitch +
     * VTLP) lowered leave-one-speaker-out accuracy, so training does not use augmentation unless
     * asked (docs/benchmarks.md); it is the starting point for recordings from real rooms.
     */
    public static final String DEFAULT_RECIPE = "speed=0.9:1.1@0.5,gain=6@0.5,noise=10:30@0.5,reverb=0.2:0.6@0.25,vtlp=0.9:1.1@0.5";

    private static final WaveAugmentations NONE = new WaveAugmentations(List.of(), null, "none");

    private final List<WaveAugmentation> steps;
    private final Vtlp vtlp;
    private final String description;

    private WaveAugmentations(List<WaveAugmentation> steps, Vtlp vtlp, String description) {
        this.steps = List.copyOf(steps);
        this.vtlp = vtlp;
        this.description = description;
    }

    /** The identity pipeline ({@code --augment none}). */
    public static WaveAugmentations none() {
        return NONE;
    }

    /** A pipeline of the given steps in order, with an optional VTLP draw (null for none). */
    public static WaveAugmentations of(List<WaveAugmentation> steps, Vtlp vtlp) {
        StringBuilder d = new StringBuilder();
        for (WaveAugmentation s : steps) d.append(d.isEmpty() ? "" : ", ").append(s.description());
        if (vtlp != null) d.append(d.isEmpty() ? "" : ", ").append(vtlp.description());
        return new WaveAugmentations(steps, vtlp, d.isEmpty() ? "none" : d.toString());
    }

    /**
     * Parses an {@code --augment} value (see the class documentation for the grammar).
     *
     * @param spec       {@code none}, {@code default} or a comma list of items
     * @param sampleRate the clips' sample rate in Hz
     * @param noiseDir   a folder of noise recordings (any format {@link dev.cochlea.audio.Audio} reads), or null
     * @param rirDir     a folder of room impulse responses (any format {@link dev.cochlea.audio.Audio} reads), or null
     * @throws IllegalArgumentException naming {@code --augment} and the item on a malformed spec,
     *                                  or naming the path when a folder or file cannot be used
     */
    public static WaveAugmentations parse(String spec, int sampleRate, Path noiseDir, Path rirDir) {
        return SpecParser.parse(spec, sampleRate, noiseDir, rirDir);
    }

    /**
     * Augments one clip: for each step in order, draws whether to apply it (its probability) and
     * applies it; then draws the VTLP factor the same way.
     *
     * @param waveform  mono samples at the pipeline's sample rate (not modified)
     * @param generator this clip's own generator
     * @return the new waveform (possibly of another length) and the VTLP factor (1.0 when none)
     */
    public AugmentedClip apply(float[] waveform, Generator generator) {
        float[] x = waveform;
        for (WaveAugmentation s : steps) {
            if (generator.nextFloat() < s.probability()) x = s.apply(x, generator);
        }
        double alpha = 1.0;
        if (vtlp != null && generator.nextFloat() < vtlp.probability()) alpha = vtlp.sample(generator);
        return new AugmentedClip(x == waveform ? waveform.clone() : x, alpha);
    }

    /** Whether this pipeline changes nothing ({@code none}). */
    public boolean isIdentity() {
        return steps.isEmpty() && vtlp == null;
    }

    /** The waveform steps in order. */
    public List<WaveAugmentation> steps() {
        return steps;
    }

    /** The VTLP draw, or null when off. */
    public Vtlp vtlp() {
        return vtlp;
    }

    /** Every VTLP factor a clip can get, sorted ({@code [1.0]} when VTLP is off): build one mel transform per value. */
    public double[] vtlpAlphas() {
        if (vtlp == null) return new double[] {1.0};
        double[] a = vtlp.alphas();
        for (double v : a) if (v == 1.0) return a;
        if (vtlp.probability() >= 1) return a;
        double[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = 1.0;
        Arrays.sort(b);
        return b;
    }

    /** One line for logs, e.g. {@code speed=0.9:1.1x5@0.5, gain=-6:6dB@0.5}. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}

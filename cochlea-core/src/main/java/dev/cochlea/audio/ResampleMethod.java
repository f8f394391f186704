package dev.cochlea.audio;

import java.util.Locale;

/**
 * The window {@link Resample} puts on its windowed-sinc interpolation filter: torchaudio's
 * {@code resampling_method}.
 *
 * <pre>{@code
 * ResampleMethod m = ResampleMethod.parse("sinc_interp_kaiser");   // SINC_INTERP_KAISER
 * Resample r = new Resample(44100, 16000, m, 6, 0.99, Resample.DEFAULT_KAISER_BETA);
 * }</pre>
 */
public enum ResampleMethod {
    /** A Hann window ({@code sinc_interp_hann}; called {@code sinc_interpolation} in torchaudio 0.13). */
    SINC_INTERP_HANN,
    /** A Kaiser window ({@code sinc_interp_kaiser}; called {@code kaiser_window} in torchaudio 0.13). */
    SINC_INTERP_KAISER;

    /** torchaudio's name of the method ({@code sinc_interp_hann} or {@code sinc_interp_kaiser}). */
    public String torchaudioName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method with a torchaudio name: {@code sinc_interp_hann} / {@code sinc_interpolation} or
     * {@code sinc_interp_kaiser} / {@code kaiser_window} (case and dashes ignored).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static ResampleMethod parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "sinc_interp_hann", "sinc_interpolation", "hann" -> SINC_INTERP_HANN;
            case "sinc_interp_kaiser", "kaiser_window", "kaiser" -> SINC_INTERP_KAISER;
            default -> throw new IllegalArgumentException("unknown resampling method '" + name
                    + "' (expected sinc_interp_hann or sinc_interp_kaiser)");
        };
    }
}

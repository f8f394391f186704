package dev.cochlea.audio;

import dev.cochlea.kernels.SpectralKernels;

import java.util.Locale;

/**
 * How {@link Stft} ({@link StftOptions#padMode}) pads a signal at both ends when frames are centred ({@code center = true}):
 * the {@code pad_mode} argument of {@code torch.stft} and torchaudio's transforms.
 *
 * <pre>{@code
 * Stft stft = new Stft(StftOptions.of(512).padMode(PadMode.CONSTANT));   // librosa >= 0.10 default
 * PadMode m = PadMode.of("reflect");                                  // torch's default
 * }</pre>
 */
public enum PadMode {
    /** Mirror around the edge samples without repeating them (torch and torchaudio default). */
    REFLECT(SpectralKernels.Pad.REFLECT),
    /** Zeros (librosa's default since 0.10). */
    CONSTANT(SpectralKernels.Pad.CONSTANT),
    /** Repeat the edge samples. */
    REPLICATE(SpectralKernels.Pad.REPLICATE),
    /** Wrap around to the other end. */
    CIRCULAR(SpectralKernels.Pad.CIRCULAR);

    final SpectralKernels.Pad kernel;

    PadMode(SpectralKernels.Pad kernel) {
        this.kernel = kernel;
    }

    /** The mode with PyTorch's name ({@code "reflect"}, {@code "constant"}, {@code "replicate"}, {@code "circular"}). */
    public static PadMode of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pad_mode: expected reflect, constant, replicate or circular, found '"
                    + name + "'");
        }
    }

    /** PyTorch's name of this mode. */
    public String torchName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.cochlea.train.models;

import dev.cochlea.nn.Module;

import java.util.List;
import java.util.Locale;

/**
 * The built-in architectures selectable with {@code --model}: {@code cnn} (default),
 * {@code cifar} (the course's CIFAR-10 model on one channel), {@code mlp}, {@code tdnn} and
 * {@code lstm}.
 *
 * <pre>{@code
 * Module m = Models.create("tdnn", new int[] {1, 40, 63}, 10);
 * }</pre>
 */
public final class Models {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("cnn", "cifar", "mlp", "tdnn", "lstm");

    private Models() {}

    /** A fresh model named {@code name} for inputs of {@code inputShape} [1, bands, frames]. */
    public static Module create(String name, int[] inputShape, int classes) {
        int bands = inputShape[1], frames = inputShape[2];
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cnn" -> new AudioCnn(classes);
            case "cifar" -> new CifarQuick(inputShape[0], bands, frames, classes);
            case "mlp" -> new Mlp(inputShape[0] * bands * frames, classes);
            case "tdnn" -> new Tdnn(bands, classes);
            case "lstm" -> new LstmClassifier(bands, classes);
            default -> throw new IllegalArgumentException("--model: unknown model '" + name + "'; expected one of " + NAMES);
        };
    }
}

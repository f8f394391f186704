package dev.cochlea.train.models;

import dev.cochlea.nn.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in architectures selectable with {@code --model}: {@code cnn} (default),
 * {@code cifar} (the course's CIFAR-10 model on one channel), {@code mlp}, {@code tdnn},
 * {@code lstm}, and the keyword-spotting families BC-ResNet ({@code bcresnet-1}, {@code -1.5},
 * {@code -2}, {@code -3}, {@code -6}, {@code -8}: width multiplier τ, see {@link BcResNet}) and
 * TC-ResNet ({@code tcresnet8}, {@code tcresnet14} and their width-1.5 variants
 * {@code tcresnet8-1.5}, {@code tcresnet14-1.5}, see {@link TcResNet}). Names joined by {@code +}
 * ({@code cnn+cifar}, {@code cnn+cnn}) make an {@link Ensemble} of those members.
 *
 * <pre>{@code
 * Module m = Models.create("tdnn", new int[] {1, 40, 63}, 10);
 * Module e = Models.create("cnn+cifar", new int[] {1, 40, 63}, 10);   // an Ensemble of two
 * }</pre>
 */
public final class Models {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("cnn", "cifar", "mlp", "tdnn", "lstm",
            "bcresnet-1", "bcresnet-1.5", "bcresnet-2", "bcresnet-3", "bcresnet-6", "bcresnet-8",
            "tcresnet8", "tcresnet14", "tcresnet8-1.5", "tcresnet14-1.5");

    private Models() {}

    /** The most members a {@code +}-joined name may have. */
    public static final int MAX_MEMBERS = 8;

    /** A fresh model named {@code name} for inputs of {@code inputShape} [1, bands, frames]. */
    public static Module create(String name, int[] inputShape, int classes) {
        List<String> parts = members(name);
        if (parts.size() == 1 && name.indexOf('+') < 0) return single(parts.get(0), inputShape, classes);
        List<Module> members = new ArrayList<>(parts.size());
        for (String p : parts) members.add(single(p, inputShape, classes));
        return new Ensemble(members);
    }

    /**
     * The member names of {@code name} (one for a plain name), checked: every one is in
     * {@link #NAMES} and there are at most {@link #MAX_MEMBERS}; otherwise an error naming {@code --model}.
     */
    public static List<String> members(String name) {
        String[] parts = name.toLowerCase(Locale.ROOT).split("\\+", -1);
        if (parts.length > MAX_MEMBERS) {
            throw new IllegalArgumentException("model: '" + name + "' has " + parts.length + " members; at most "
                    + MAX_MEMBERS + " are allowed");
        }
        List<String> out = new ArrayList<>(parts.length);
        for (String p : parts) {
            String m = p.strip();
            if (m.isEmpty()) {
                throw new IllegalArgumentException("model: '" + name + "' has an empty member name; expected names from "
                        + NAMES + " joined by '+'");
            }
            if (!NAMES.contains(m)) {
                throw new IllegalArgumentException("model: unknown model '" + m + "'; expected one of " + NAMES
                        + (parts.length > 1 ? " (or several joined by '+')" : ""));
            }
            out.add(m);
        }
        return out;
    }

    private static Module single(String name, int[] inputShape, int classes) {
        int bands = inputShape[1], frames = inputShape[2];
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cnn" -> new AudioCnn(classes);
            case "cifar" -> new CifarQuick(inputShape[0], bands, frames, classes);
            case "mlp" -> new Mlp(inputShape[0] * bands * frames, classes);
            case "tdnn" -> new Tdnn(bands, classes);
            case "lstm" -> new LstmClassifier(bands, classes);
            case "bcresnet-1" -> new BcResNet(1, classes);
            case "bcresnet-1.5" -> new BcResNet(1.5, classes);
            case "bcresnet-2" -> new BcResNet(2, classes);
            case "bcresnet-3" -> new BcResNet(3, classes);
            case "bcresnet-6" -> new BcResNet(6, classes);
            case "bcresnet-8" -> new BcResNet(8, classes);
            case "tcresnet8" -> new TcResNet(bands, classes, false, 1);
            case "tcresnet14" -> new TcResNet(bands, classes, true, 1);
            case "tcresnet8-1.5" -> new TcResNet(bands, classes, false, 1.5);
            case "tcresnet14-1.5" -> new TcResNet(bands, classes, true, 1.5);
            default -> throw new IllegalArgumentException("model: unknown model '" + name + "'; expected one of " + NAMES);
        };
    }
}

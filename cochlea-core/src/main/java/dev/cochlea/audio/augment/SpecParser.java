package dev.cochlea.audio.augment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code --augment} parser behind {@link WaveAugmentations#parse}; see there for the grammar. */
final class SpecParser {
    private static final String OPTION = "augment";

    private SpecParser() {}

    static WaveAugmentations parse(String spec, int sampleRate, Path noiseDir, Path rirDir) {
        if (spec == null) throw new IllegalArgumentException(OPTION + ": expected none, default or a list of items, found nothing");
        if (sampleRate < 1000) throw new IllegalArgumentException(OPTION + ": the sample rate must be >= 1000 Hz, found " + sampleRate);
        String s = spec.trim();
        if (s.equalsIgnoreCase("default")) s = WaveAugmentations.DEFAULT_RECIPE;
        if (s.equalsIgnoreCase("none")) {
            if (noiseDir != null || rirDir != null) {
                throw new IllegalArgumentException(OPTION + ": 'none' uses no noise or RIR folder, but "
                        + (noiseDir != null ? "noise folder '" + noiseDir + "'" : "RIR folder '" + rirDir + "'") + " was given");
            }
            return WaveAugmentations.none();
        }
        if (s.isEmpty()) throw new IllegalArgumentException(OPTION + ": expected none, default or a list of items, found an empty value");
        List<WaveAugmentation> steps = new ArrayList<>();
        Vtlp vtlp = null;
        Set<String> seen = new HashSet<>();
        boolean noiseUsesFolder = false, rirUsesFolder = false;
        for (String raw : s.split(",", -1)) {
            String item = raw.trim();
            if (item.isEmpty()) throw new IllegalArgumentException(OPTION + ": '" + spec + "': empty item between commas");
            Item it = Item.parse(item);
            if (!seen.add(it.name)) throw new IllegalArgumentException(OPTION + ": '" + item + "': " + it.name + " is given twice");
            try {
                switch (it.name) {
                    case "speed" -> steps.add(speed(it));
                    case "pitch" -> steps.add(pitch(it, sampleRate));
                    case "gain" -> steps.add(gain(it));
                    case "noise" -> {
                        AdditiveNoise n = noise(it, sampleRate, noiseDir);
                        noiseUsesFolder = n.usesRecordings();
                        steps.add(n);
                    }
                    case "reverb" -> {
                        Reverberation r = reverb(it, sampleRate, rirDir);
                        rirUsesFolder = r.usesRecorded();
                        steps.add(r);
                    }
                    case "vtlp" -> vtlp = vtlpItem(it);
                    default -> throw new IllegalArgumentException("unknown augmentation '" + it.name
                            + "'; expected speed, pitch, gain, noise, reverb or vtlp (or none, default)");
                }
            } catch (FolderException e) {
                throw new IllegalArgumentException(e.getMessage(), e.getCause());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(OPTION + ": '" + item + "': " + stripOwner(e.getMessage()), e);
            }
        }
        if (noiseDir != null && !noiseUsesFolder) {
            throw new IllegalArgumentException(OPTION + ": noise folder '" + noiseDir + "' was given but '" + spec + "' has no noise item that uses it");
        }
        if (rirDir != null && !rirUsesFolder) {
            throw new IllegalArgumentException(OPTION + ": RIR folder '" + rirDir + "' was given but '" + spec + "' has no reverb item that uses it");
        }
        return WaveAugmentations.of(steps, vtlp);
    }

    private static String stripOwner(String m) {
        for (String o : new String[] {"speed: ", "pitch: ", "gain: ", "noise: ", "reverb: ", "vtlp: "}) {
            if (m != null && m.startsWith(o)) return m.substring(o.length());
        }
        return m;
    }

    /** A folder error, already worded for the user. */
    private static final class FolderException extends RuntimeException {
        FolderException(String m, Throwable cause) {
            super(m, cause);
        }
    }

    private record Item(String name, String[] values, double probability) {
        static Item parse(String item) {
            String body = item;
            double p = 1;
            int at = item.indexOf('@');
            if (at >= 0) {
                String ps = item.substring(at + 1).trim();
                body = item.substring(0, at);
                try {
                    p = Double.parseDouble(ps);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(OPTION + ": '" + item + "': the probability after @ must be a number in [0, 1], found '"
                            + ps + "'");
                }
                if (!(p >= 0 && p <= 1)) {
                    throw new IllegalArgumentException(OPTION + ": '" + item + "': the probability after @ must be in [0, 1], found " + ps);
                }
            }
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String[] values = eq < 0 ? new String[0] : body.substring(eq + 1).split(":", -1);
            if (eq >= 0 && body.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException(OPTION + ": '" + item + "': expected values after '=', found none");
            }
            return new Item(name, values, p);
        }

        double number(int i, String what) {
            String v = values[i].trim();
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": " + what + " must be a number, found '" + v + "'");
            }
        }

        int integer(int i, String what) {
            String v = values[i].trim();
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": " + what + " must be a whole number, found '" + v + "'");
            }
        }

        void maxValues(int max, String form) {
            if (values.length > max) {
                throw new IllegalArgumentException(name + ": expected " + form + ", found " + values.length + " values");
            }
        }
    }

    private static SpeedPerturbation speed(Item it) {
        it.maxValues(3, "speed=LOW:HIGH[:STEPS]");
        SpeedPerturbation.Builder b = SpeedPerturbation.builder().probability(it.probability);
        if (it.values.length >= 1) {
            double lo = it.number(0, "the lowest factor");
            double hi = it.values.length >= 2 ? it.number(1, "the highest factor") : lo;
            b.minFactor(lo).maxFactor(hi);
        }
        if (it.values.length == 3) b.steps(it.integer(2, "the number of steps"));
        return b.build();
    }

    private static PitchShift pitch(Item it, int sampleRate) {
        it.maxValues(3, "pitch=MAX or pitch=LOW:HIGH[:STEP] in semitones");
        PitchShift.Builder b = PitchShift.builder().sampleRate(sampleRate).probability(it.probability);
        if (it.values.length == 1) {
            double m = Math.abs(it.number(0, "the largest shift"));
            b.minSemitones(-m).maxSemitones(m);
        } else if (it.values.length >= 2) {
            b.minSemitones(it.number(0, "the lowest shift")).maxSemitones(it.number(1, "the highest shift"));
        }
        if (it.values.length == 3) b.step(it.number(2, "the step"));
        return b.build();
    }

    private static RandomGain gain(Item it) {
        it.maxValues(2, "gain=MAX or gain=LOW:HIGH in dB");
        RandomGain.Builder b = RandomGain.builder().probability(it.probability);
        if (it.values.length == 1) {
            double m = Math.abs(it.number(0, "the largest gain"));
            b.minDb(-m).maxDb(m);
        } else if (it.values.length == 2) {
            b.minDb(it.number(0, "the lowest gain")).maxDb(it.number(1, "the highest gain"));
        }
        return b.build();
    }

    private static AdditiveNoise noise(Item it, int sampleRate, Path noiseDir) {
        it.maxValues(3, "noise=LOW:HIGH[:SOURCES] (SNR in dB)");
        AdditiveNoise.Builder b = AdditiveNoise.builder().probability(it.probability);
        if (it.values.length >= 1) {
            double lo = it.number(0, "the lowest SNR");
            double hi = it.values.length >= 2 ? it.number(1, "the highest SNR") : lo;
            if (!(lo <= hi)) {
                throw new IllegalArgumentException("the SNR range must be low:high in dB with low <= high, found "
                        + Checks.fmt(lo) + ":" + Checks.fmt(hi));
            }
            b.minSnrDb(lo).maxSnrDb(hi);
        }
        boolean files = noiseDir != null;
        if (it.values.length == 3) {
            EnumSet<NoiseColor> colors = EnumSet.noneOf(NoiseColor.class);
            files = false;
            for (String src : it.values[2].split("\\+", -1)) {
                String t = src.trim().toLowerCase(Locale.ROOT);
                switch (t) {
                    case "white" -> colors.add(NoiseColor.WHITE);
                    case "pink" -> colors.add(NoiseColor.PINK);
                    case "brown" -> colors.add(NoiseColor.BROWN);
                    case "files" -> {
                        if (noiseDir == null) throw new IllegalArgumentException("the 'files' source needs a noise folder, and none was given");
                        files = true;
                    }
                    default -> throw new IllegalArgumentException("unknown noise source '" + t + "'; expected white, pink, brown or files");
                }
            }
            b.colors(colors.toArray(new NoiseColor[0]));
        }
        if (files) b.recordings(folder("noise folder", noiseDir, sampleRate));
        return b.build();
    }

    private static Reverberation reverb(Item it, int sampleRate, Path rirDir) {
        it.maxValues(3, "reverb=LOW:HIGH[:SOURCES] (RT60 in seconds)");
        Reverberation.Builder b = Reverberation.builder().sampleRate(sampleRate).probability(it.probability);
        if (it.values.length >= 1) {
            double lo = it.number(0, "the shortest RT60");
            double hi = it.values.length >= 2 ? it.number(1, "the longest RT60") : lo;
            b.minRt60(lo).maxRt60(hi);
        }
        boolean files = rirDir != null;
        if (it.values.length == 3) {
            boolean synthetic = false;
            files = false;
            for (String src : it.values[2].split("\\+", -1)) {
                String t = src.trim().toLowerCase(Locale.ROOT);
                switch (t) {
                    case "synthetic" -> synthetic = true;
                    case "files" -> {
                        if (rirDir == null) throw new IllegalArgumentException("the 'files' source needs an RIR folder, and none was given");
                        files = true;
                    }
                    default -> throw new IllegalArgumentException("unknown reverb source '" + t + "'; expected synthetic or files");
                }
            }
            b.synthetic(synthetic);
        }
        if (files) b.recorded(folder("RIR folder", rirDir, sampleRate));
        return b.build();
    }

    private static Vtlp vtlpItem(Item it) {
        it.maxValues(3, "vtlp=LOW:HIGH[:STEPS]");
        Vtlp.Builder b = Vtlp.builder().probability(it.probability);
        if (it.values.length >= 1) {
            double lo = it.number(0, "the smallest warp factor");
            double hi = it.values.length >= 2 ? it.number(1, "the largest warp factor") : lo;
            b.minAlpha(lo).maxAlpha(hi);
        }
        if (it.values.length == 3) b.steps(it.integer(2, "the number of steps"));
        return b.build();
    }

    private static AudioFolder folder(String role, Path dir, int sampleRate) {
        try {
            return AudioFolder.load(OPTION + ": " + role, dir, sampleRate);
        } catch (IllegalArgumentException e) {
            throw new FolderException(e.getMessage(), e);
        }
    }
}

package dev.cochlea.tutorial;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.Audio;
import dev.cochlea.data.AudioFolder;
import dev.cochlea.data.AudioItem;
import dev.cochlea.data.Split;
import dev.cochlea.data.SyntheticSounds;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The recordings the chapters learn from, already split into a training and a test part. The Free
 * Spoken Digit Dataset when {@code ../shared/data/fsdd/recordings} is there (labels from file names
 * {@code {digit}_{speaker}_{index}.wav}, the official split: take 0–4 is test); otherwise, and
 * always in quick mode, {@link SyntheticSounds} written to a temporary folder (six kinds of sound,
 * takes 0–4 of each kind are test). Every clip is mono at 8 kHz.
 *
 * <pre>{@code
 * CourseData data = CourseData.load(context, 20);
 * Tensor wave = data.train().get(0).waveform();       // [samples]
 * String label = data.classes().get(data.train().get(0).label());
 * }</pre>
 *
 * @param source  where the clips came from, in words
 * @param classes the class names, by index
 * @param train   the training clips
 * @param test    the test clips
 */
public record CourseData(String source, List<String> classes, List<Clip> train, List<Clip> test) {
    /** Where the spoken digits are looked for, relative to the working directory. */
    public static final Path FSDD = Path.of("..", "shared", "data", "fsdd", "recordings");
    /** The sample rate of every clip. */
    public static final int SAMPLE_RATE = 8000;

    /**
     * One recording.
     *
     * @param waveform the mono samples, [samples], at {@link #SAMPLE_RATE}
     * @param label    the class index
     * @param file     the file name
     */
    public record Clip(Tensor waveform, int label, String file) {
        /** The length in seconds. */
        public double seconds() {
            return waveform.size(0) / (double) SAMPLE_RATE;
        }
    }

    /** The spoken digits unless in quick mode or absent; else {@code syntheticPerClass} synthetic clips of each kind. */
    public static CourseData load(Chapter.Context context, int syntheticPerClass) throws IOException {
        if (!context.quick() && Files.isDirectory(FSDD)) return digits(FSDD);
        return synthetic(syntheticPerClass, context.seed());
    }

    /** The spoken digits in {@code dir}, with the official split. */
    public static CourseData digits(Path dir) throws IOException {
        AudioFolder folder = AudioFolder.scan(dir, Pattern.compile("^(\\d+)_"), null);
        Split.Parts parts = new Split.Official().apply(folder.items(), 0);
        return new CourseData("spoken digits (" + dir.normalize() + ")", folder.classes(),
                read(parts.train(), folder), read(parts.test(), folder));
    }

    /** {@code perClass} synthetic clips of each kind (at least 6, so that 5 of each are test), seeded. */
    public static CourseData synthetic(int perClass, long seed) throws IOException {
        Path dir = Files.createTempDirectory("cochlea-sounds");
        try {
            SyntheticSounds.write(dir, Math.max(6, perClass), SAMPLE_RATE, seed);
            AudioFolder folder = AudioFolder.scan(dir, null, null);
            Split.Parts parts = new Split.Official().apply(folder.items(), 0);
            return new CourseData("synthetic sounds", folder.classes(), read(parts.train(), folder), read(parts.test(), folder));
        } finally {
            deleteTree(dir);
        }
    }

    /** Zero-pads the end of {@code wave} or cuts it to {@code n} samples. */
    public static Tensor fit(Tensor wave, int n) {
        int len = wave.size(0);
        if (len >= n) return wave.narrow(0, 0, n).contiguous();
        return Tensor.cat(0, wave, Tensor.zeros(n - len));
    }

    private static List<Clip> read(List<AudioItem> items, AudioFolder folder) throws IOException {
        List<Clip> clips = new ArrayList<>(items.size());
        for (AudioItem it : items) {
            AudioData audio = Audio.read(it.path());
            Tensor mono = audio.waveform().mean(0);
            if (audio.sampleRate() != SAMPLE_RATE) mono = new Resample(audio.sampleRate(), SAMPLE_RATE).apply(mono);
            clips.add(new Clip(mono, folder.classIndex(it.label()), it.path().getFileName().toString()));
        }
        return List.copyOf(clips);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

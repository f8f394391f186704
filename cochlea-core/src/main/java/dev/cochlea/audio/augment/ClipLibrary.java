package dev.cochlea.audio.augment;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.SampleRates;
import dev.cochlea.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audio files of a folder (searched recursively, in sorted path order: every name ending in one
 * of {@link Audio#EXTENSIONS}, decoded by {@link Audio#read} whatever the name), read once, mixed
 * down to mono and resampled to one sample rate; used for noise recordings and room impulse responses.
 * Immutable after construction; the clips are shared read-only.
 *
 * <pre>{@code
 * ClipLibrary noises = ClipLibrary.load("augment noise folder", Path.of("noise"), 8000);
 * float[] first = noises.clip(0);
 * }</pre>
 */
public final class ClipLibrary {
    private final Path folder;
    private final List<float[]> clips;
    private final List<Path> files;

    private ClipLibrary(Path folder, List<Path> files, List<float[]> clips) {
        this.folder = folder;
        this.files = List.copyOf(files);
        this.clips = List.copyOf(clips);
    }

    /**
     * Reads every audio file under {@code folder} (WAV, AIFF, AU, and FLAC, MP3, Ogg when their
     * decoders are on the class path).
     *
     * @param what       how errors name the folder's role, e.g. {@code "--augment: noise folder"}
     * @param folder     the folder
     * @param sampleRate the rate to resample every file to
     * @throws IllegalArgumentException when the folder is missing, holds no audio file, or a file
     *                                  cannot be read or is empty (the message names the path)
     */
    public static ClipLibrary load(String what, Path folder, int sampleRate) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(what + " '" + folder + "': expected a folder of audio files, found "
                    + (Files.exists(folder) ? "a file" : "nothing at that path"));
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> Files.isRegularFile(p) && Audio.hasAudioExtension(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(what + " '" + folder + "': cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(what + " '" + folder + "': expected at least one audio file ("
                    + String.join(", ", Audio.EXTENSIONS) + "), found none");
        }
        List<float[]> clips = new ArrayList<>(files.size());
        for (Path f : files) clips.add(readMono(what, f, sampleRate));
        return new ClipLibrary(folder, files, clips);
    }

    private static float[] readMono(String what, Path file, int sampleRate) {
        AudioData a;
        try {
            a = Audio.read(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + ": cannot read '" + file + "': " + e.getMessage(), e);
        }
        int ch = a.channels(), n = a.frames();
        if (n == 0) throw new IllegalArgumentException(what + ": '" + file + "' holds no samples");
        float[] src = a.waveform().contiguous().toFloatArray();
        float[] mono = new float[n];
        for (int c = 0; c < ch; c++) {
            for (int i = 0; i < n; i++) mono[i] += src[c * n + i];
        }
        if (ch > 1) for (int i = 0; i < n; i++) mono[i] /= ch;
        if (a.sampleRate() != sampleRate) {
            if (!SampleRates.accepted(a.sampleRate())) {
                throw new IllegalArgumentException(what + ": '" + file + "': " + SampleRates.problem(a.sampleRate()));
            }
            mono = new Resample(a.sampleRate(), sampleRate).apply(Tensor.wrap(mono, n)).toFloatArray();
        }
        return mono;
    }

    /** The folder. */
    public Path folder() {
        return folder;
    }

    /** Number of files. */
    public int size() {
        return clips.size();
    }

    /** File {@code i}'s mono samples at the requested rate (shared: do not modify). */
    public float[] clip(int i) {
        return clips.get(i);
    }

    /** File {@code i}'s path. */
    public Path file(int i) {
        return files.get(i);
    }
}

package dev.cochlea.fuzz;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@link Audio#info} and {@link Audio#read} (whole and a range) on one audio file: the
 * content-sniffing entry point, so the same target serves every format; a format brings only its
 * seeds and, if it likes, mutations that know its layout. Besides crashing, a case fails when the
 * answers disagree: info and read on rate, channels or frames, a range read and the whole read on
 * the samples, or info refusing a file that read decodes.
 */
final class AudioTarget implements FuzzTarget {
    private final String name;
    private final String fileName;
    private final Supplier<List<byte[]>> seeds;
    private final BiFunction<byte[], Random, byte[]> mutation;
    private final long bytesPerInputByte;
    private List<byte[]> cached;

    /**
     * @param name     the target's name, the format's in lower case
     * @param fileName what the case's file is called (the extension is not what picks the decoder)
     * @param seeds    valid files of the format
     * @param mutation a mutation that knows the format, or null
     */
    AudioTarget(String name, String fileName, Supplier<List<byte[]>> seeds, BiFunction<byte[], Random, byte[]> mutation) {
        this(name, fileName, seeds, mutation, 16);
    }

    /** @param bytesPerInputByte how much a case may allocate per byte of input (compressed formats legitimately expand) */
    AudioTarget(String name, String fileName, Supplier<List<byte[]>> seeds, BiFunction<byte[], Random, byte[]> mutation, long bytesPerInputByte) {
        this.name = name;
        this.fileName = fileName;
        this.seeds = seeds;
        this.mutation = mutation;
        this.bytesPerInputByte = bytesPerInputByte;
    }

    /**
     * A format seeded with the committed reference files under {@code folder} (relative to the
     * repository root) whose names end with one of {@code suffixes}.
     */
    static AudioTarget files(String name, String fileName, String folder, long bytesPerInputByte, String... suffixes) {
        return new AudioTarget(name, fileName, () -> {
            Path dir = Path.of(folder);
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                List<byte[]> out = new java.util.ArrayList<>();
                for (Path p : s.sorted().toList()) {
                    String n = p.getFileName().toString();
                    for (String suffix : suffixes) {
                        if (n.endsWith(suffix)) out.add(Files.readAllBytes(p));
                    }
                }
                if (out.isEmpty()) throw new IllegalStateException("no seed files " + String.join(", ", suffixes) + " in " + dir.toAbsolutePath());
                return out;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("seed files of the " + name + " target: " + e.getMessage(), e);
            }
        }, null, bytesPerInputByte);
    }

    @Override
    public long allocationLimit(int inputBytes) {
        return bytesPerInputByte * inputBytes + (8L << 20);
    }

    /** WAV: {@link WavFiles}' seeds and chunk mutations. */
    static AudioTarget wav() {
        return new AudioTarget("wav", "input.wav", WavFiles::seeds, WavFiles::mutate);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized List<byte[]> seeds() {
        if (cached == null) cached = List.copyOf(seeds.get());
        return cached;
    }

    @Override
    public byte[] mutate(byte[] input, Random random, List<byte[]> corpus) {
        return mutation == null ? null : mutation.apply(input, random);
    }

    @Override
    public void run(byte[] input, Path dir) throws Exception {
        Path f = dir.resolve(fileName);
        Files.write(f, input);
        AudioInfo info;
        try {
            info = Audio.info(f);
        } catch (java.io.IOException | IllegalArgumentException e) {
            AudioData a = Audio.read(f);   // must be refused too; if it is, its error is judged
            throw new AssertionError("info refused the file (" + e + ") but read decoded " + a.frames() + " frames");
        }
        AudioData a = Audio.read(f);
        // A damaged stream may decode to fewer frames than its headers declare, but then it must say so.
        boolean declaredShortfall = a.frames() < info.frames() && !a.warnings().isEmpty();
        if (a.sampleRate() != info.sampleRate() || a.channels() != info.channels() || (a.frames() != info.frames() && !declaredShortfall)) {
            throw new AssertionError("info says " + info.sampleRate() + " Hz, " + info.channels() + " channels, " + info.frames()
                    + " frames; read gives " + a.sampleRate() + " Hz, " + a.channels() + " channels, " + a.frames() + " frames");
        }
        if (a.waveform().dim() != 2 || a.waveform().size(0) != a.channels()) {
            throw new AssertionError("waveform shape " + java.util.Arrays.toString(a.waveform().shape()) + " is not [channels, frames]");
        }
        // A range chosen from the input, so that it is the same on every run.
        long offset = input.length % 5;
        int frames = (input.length / 5) % 7 - 1;
        AudioData part = Audio.read(f, offset, frames);
        int expected = (int) Math.max(0, frames < 0 ? a.frames() - offset : Math.min(frames, a.frames() - offset));
        if (part.frames() != expected || part.channels() != a.channels()) {
            throw new AssertionError("read(" + offset + ", " + frames + ") gave " + part.channels() + " x " + part.frames()
                    + " frames, expected " + a.channels() + " x " + expected);
        }
        float[] whole = a.waveform().toFloatArray(), range = part.waveform().toFloatArray();
        for (int c = 0; c < a.channels(); c++) {
            for (int i = 0; i < expected; i++) {
                float w = whole[c * a.frames() + (int) offset + i], p = range[c * expected + i];
                if (Float.floatToIntBits(w) != Float.floatToIntBits(p)) {
                    throw new AssertionError("read(" + offset + ", " + frames + ") channel " + c + " frame " + i + " is " + p
                            + ", the whole read has " + w);
                }
            }
        }
    }
}

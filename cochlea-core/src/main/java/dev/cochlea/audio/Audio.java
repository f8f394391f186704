package dev.cochlea.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reads audio files of any format Cochlea knows, like {@code torchaudio.load} and
 * {@code torchaudio.info}: the decoder is chosen from the file's content, not its name. WAV is
 * built in; further formats come from {@link AudioDecoder}s on the class path.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("take.flac"));        // [channels, frames] in [-1, 1]
 * AudioInfo i = Audio.info(Path.of("take.mp3"));         // format, rate, channels, frames; nothing decoded
 * AudioData part = Audio.read(Path.of("long.wav"), 8000, 16000);   // 2 s from 1 s on, at 8 kHz
 * System.out.println(Audio.formats());                    // [WAV, AIFF, AU, FLAC, MP3, OGG]
 * }</pre>
 */
public final class Audio {
    private static final List<AudioDecoder> DECODERS = decoders();

    private Audio() {
    }

    /** Reads the whole file. */
    public static AudioData read(Path file) throws IOException {
        return read(file, 0, -1);
    }

    /**
     * Reads {@code frames} frames from frame {@code frameOffset} ({@code frame_offset} and
     * {@code num_frames} of {@code torchaudio.load}); negative {@code frames} reads to the end.
     *
     * @throws AudioFormatException when no decoder recognises the file, or it cannot be decoded
     */
    public static AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        return decoderFor(file).read(file, frameOffset, frames);
    }

    /** The file's format, rate, channels and frames, without decoding its samples. */
    public static AudioInfo info(Path file) throws IOException {
        return decoderFor(file).info(file);
    }

    /** The formats that can be read, built-in ones first. */
    public static List<String> formats() {
        List<String> out = new ArrayList<>();
        for (AudioDecoder d : DECODERS) if (!out.contains(d.format())) out.add(d.format());
        return out;
    }

    /** The decoder for {@code file}, chosen from its first {@value AudioDecoder#HEAD_BYTES} bytes. */
    public static AudioDecoder decoderFor(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such audio file");
        if (Files.isDirectory(file)) throw new AudioFormatException(file, "is a folder, not an audio file");
        byte[] head = new byte[AudioDecoder.HEAD_BYTES];
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) n += r;
        }
        for (AudioDecoder d : DECODERS) {
            if (d.recognizes(head, n)) return d;
        }
        if (n == 0) throw new AudioFormatException(file, "empty file (0 bytes); expected an audio file (" + String.join(", ", formats()) + ")");
        throw new AudioFormatException(file, "not an audio file Cochlea reads: it starts with " + describe(head, Math.min(n, 12))
                + "; expected " + String.join(", ", formats()) + " (recognised from the content, whatever the name)");
    }

    /** Whether {@code head[at ..]} holds the ASCII characters of {@code tag}. */
    static boolean startsWith(byte[] head, int length, int at, String tag) {
        if (at + tag.length() > length) return false;
        for (int i = 0; i < tag.length(); i++) if (head[at + i] != (byte) tag.charAt(i)) return false;
        return true;
    }

    private static String describe(byte[] head, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = head[i] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return "bytes " + HexFormat.ofDelimiter(" ").formatHex(head, 0, n) + " (\"" + text + "\")";
    }

    private static List<AudioDecoder> decoders() {
        List<AudioDecoder> list = new ArrayList<>();
        list.add(new WavDecoder());
        for (AudioDecoder d : ServiceLoader.load(AudioDecoder.class, Audio.class.getClassLoader())) list.add(d);
        return List.copyOf(list);
    }
}

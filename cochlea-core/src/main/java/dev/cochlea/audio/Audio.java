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
 * {@code torchaudio.info}: the decoder is chosen from the file's first
 * {@value AudioDecoder#HEAD_BYTES} bytes, never from its name. WAV (RIFF, RIFX, RF64, BW64), AIFF
 * / AIFF-C and AU are built in; further formats (FLAC, MP3, Ogg) come from {@link AudioDecoder}s
 * on the class path. A file that can be read although it is damaged (cut short) comes with
 * {@link AudioData#warnings()}; one that cannot is an {@link AudioFormatException} naming it.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("take.flac"));        // [channels, frames] in [-1, 1]
 * AudioInfo i = Audio.info(Path.of("take.mp3"));         // format, rate, channels, frames; nothing decoded
 * AudioData part = Audio.read(Path.of("long.aiff"), 8000, 16000);  // 2 s from 1 s on, at 8 kHz
 * System.out.println(Audio.formats());                    // [WAV, AIFF, AU] and those on the class path
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

    /**
     * The file-name extensions (lower case, without the dot) of the formats Cochlea knows, built in
     * or from the codec module: what folder scans take as audio files. Only a file's content decides
     * how it is decoded; a name outside this list is simply not looked at by a scan.
     */
    public static final List<String> EXTENSIONS = List.of("wav", "wave", "rf64", "bw64", "aif", "aiff", "aifc", "au", "snd",
            "flac", "mp3", "ogg", "oga", "opus");

    /**
     * Whether {@code file}'s name ends in one of {@link #EXTENSIONS}, in any case.
     *
     * <pre>{@code
     * Audio.hasAudioExtension(Path.of("take.AIFF"));   // true
     * Audio.hasAudioExtension(Path.of("notes.txt"));   // false
     * }</pre>
     */
    public static boolean hasAudioExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) return false;
        String n = name.toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
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
                + "; expected " + String.join(", ", formats()) + " (recognised from the content, whatever the name)"
                + (n < head.length ? "; the file has only " + n + " bytes (truncated?)" : ""));
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
        list.add(new AiffDecoder());
        list.add(new AuDecoder());
        for (AudioDecoder d : ServiceLoader.load(AudioDecoder.class, Audio.class.getClassLoader())) list.add(d);
        return List.copyOf(list);
    }
}

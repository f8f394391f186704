package dev.cochlea.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@link AudioDecoder} for Sun/NeXT AU files: a 24-byte big-endian header after the
 * magic {@code .snd} (data offset, data size, encoding, rate, channels), an optional annotation,
 * then the samples. Also the little-endian variant with the magic {@code dns.}, as libsndfile
 * reads it. Encodings: 1 μ-law, 2 8-bit signed PCM, 3 16-bit, 4 24-bit, 5 32-bit PCM, 6 float,
 * 7 double, 27 A-law. A data size of 0xFFFFFFFF means "to the end of the file"; a larger size
 * than the file holds is read as far as it goes, with a warning; a data size of 0 is no samples.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("beep.au"));   // chosen by its '.snd' header
 * }</pre>
 */
final class AuDecoder extends PcmFileDecoder {
    private static final int HEADER = 24;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;

    @Override
    public String format() {
        return "AU";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return Audio.startsWith(head, length, 0, ".snd") || Audio.startsWith(head, length, 0, "dns.");
    }

    @Override
    PcmLayout layout(AudioSource src) throws IOException {
        return parse(src);
    }

    static PcmLayout parse(AudioSource src) throws IOException {
        Path file = src.file;
        long size = src.size;
        if (size < HEADER) {
            throw new AudioFormatException(file, "truncated: the file has " + size + " bytes, fewer than the " + HEADER + "-byte AU header");
        }
        ByteBuffer h = src.bytes(0, HEADER, ByteOrder.BIG_ENDIAN);
        String magic = WavHeader.fourcc(h, 0);
        if (!magic.equals(".snd") && !magic.equals("dns.")) {
            throw new AudioFormatException(file, "not an AU file: expected '.snd' (or 'dns.') at byte 0, found " + WavHeader.show(h, 0));
        }
        ByteOrder order = magic.equals(".snd") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        h.order(order);
        long offset = h.getInt(4) & 0xFFFFFFFFL;
        long declared = h.getInt(8) & 0xFFFFFFFFL;
        long code = h.getInt(12) & 0xFFFFFFFFL;
        long rate = h.getInt(16) & 0xFFFFFFFFL;
        long channels = h.getInt(20) & 0xFFFFFFFFL;
        if (offset < HEADER || offset > size) {
            throw new AudioFormatException(file, "the AU header puts the samples at byte " + offset + "; expected " + HEADER
                    + " (the header's size) to " + size + " (the file's)");
        }
        AudioEncoding enc = switch ((int) Math.min(code, Integer.MAX_VALUE)) {
            case 1 -> AudioEncoding.MULAW;
            case 2 -> AudioEncoding.PCM_S8;
            case 3 -> AudioEncoding.PCM_S16;
            case 4 -> AudioEncoding.PCM_S24;
            case 5 -> AudioEncoding.PCM_S32;
            case 6 -> AudioEncoding.FLOAT32;
            case 7 -> AudioEncoding.FLOAT64;
            case 27 -> AudioEncoding.ALAW;
            default -> throw new AudioFormatException(file, "unsupported AU encoding " + code + " (" + encodingName(code)
                    + "); Cochlea reads 1 (mu-law), 2, 3, 4, 5 (8 to 32-bit PCM), 6 (float), 7 (double) and 27 (A-law)");
        };
        PcmLayout.checkChannelsAndRate(file, "the AU header", channels, rate);
        List<String> warnings = new ArrayList<>();
        long remain = size - offset;
        long dataBytes = declared;
        if (declared == UNKNOWN_SIZE) {
            dataBytes = remain;
        } else if (declared > remain) {
            dataBytes = remain;
            warnings.add(file + ": the AU header declares " + declared + " bytes of samples from byte " + offset + " but the file holds "
                    + remain + " of them (" + size + " bytes in all); read as far as the file goes, as libsndfile does (a cut-short file?)");
        }
        return new PcmLayout(file, "AU", enc, order, (int) channels, (int) rate, offset, dataBytes, warnings);
    }

    private static String encodingName(long code) {
        return switch ((int) Math.min(code, Integer.MAX_VALUE)) {
            case 0 -> "unspecified";
            case 8 -> "fragmented";
            case 10, 11, 12, 13 -> "DSP data";
            case 23 -> "G.721 ADPCM";
            case 24 -> "G.722";
            case 25, 26 -> "G.723 ADPCM";
            default -> "a compressed or unknown encoding";
        };
    }
}

package dev.cochlea.audio;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The {@code fmt } chunk of a WAV file: format tag (or WAVE_FORMAT_EXTENSIBLE sub-format),
 * channels, rate and the size of one sample's container.
 *
 * <p>Integer PCM is read by its <em>container</em>, the block align divided by the channels, as
 * libsndfile reads it: 12-bit samples in 2-byte containers are 16-bit PCM ({@code x / 32768}),
 * 20-bit samples in 3 bytes are 24-bit PCM, and 24 valid bits in a 4-byte container (plain PCM tag
 * or WAVE_FORMAT_EXTENSIBLE with {@code wValidBitsPerSample} 24) are 32-bit PCM, the valid bits
 * being the most significant ones. (For the plain PCM tag with 24 bits in 4-byte blocks libsndfile
 * 1.2 and sox ignore the block align and read 3-byte samples, which is wrong; Cochlea follows the
 * block align.)
 *
 * <pre>{@code
 * WavFormat f = WavFormat.parse(file, fmtChunkBytes, 16);   // PCM_S16, 2 channels, 44100 Hz
 * }</pre>
 *
 * @param encoding   how each sample is decoded
 * @param channels   channels
 * @param sampleRate frames per second
 */
record WavFormat(AudioEncoding encoding, int channels, int sampleRate) {
    private static final int TAG_PCM = 0x0001;
    private static final int TAG_FLOAT = 0x0003;
    private static final int TAG_ALAW = 0x0006;
    private static final int TAG_MULAW = 0x0007;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_* GUIDs (the first two bytes are the format tag). */
    static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00,
            0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /**
     * Parses the chunk's first bytes {@code b} (in the file's byte order, up to 40 of them) of a
     * chunk of {@code chunkSize} bytes.
     */
    static WavFormat parse(Path file, ByteBuffer b, long chunkSize) throws AudioFormatException {
        if (chunkSize < 16) {
            throw new AudioFormatException(file, "the 'fmt ' chunk has " + chunkSize + " bytes, fewer than the 16 it needs");
        }
        int tag = b.getShort(0) & 0xFFFF;
        int channels = b.getShort(2) & 0xFFFF;
        long rate = b.getInt(4) & 0xFFFFFFFFL;
        int blockAlign = b.getShort(12) & 0xFFFF;
        int bits = b.getShort(14) & 0xFFFF;
        if (tag == TAG_EXTENSIBLE) {
            if (chunkSize < 40) {
                throw new AudioFormatException(file, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has " + chunkSize
                        + " bytes, fewer than the 40 it needs");
            }
            int sub = b.getShort(24) & 0xFFFF;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b.get(26 + i) != GUID_TAIL[i]) {
                    StringBuilder g = new StringBuilder();
                    for (int j = 24; j < 40; j++) g.append(String.format("%02x", b.get(j) & 0xFF));
                    throw new AudioFormatException(file, "unsupported WAVE_FORMAT_EXTENSIBLE sub-format GUID " + g
                            + " (Cochlea reads the PCM, IEEE float, A-law and mu-law sub-formats)");
                }
            }
            tag = sub;   // wValidBitsPerSample is not needed: samples are read by their container, as libsndfile does
        }
        PcmLayout.checkChannelsAndRate(file, "the 'fmt ' chunk", channels, rate);
        int container = blockAlign % channels == 0 ? blockAlign / channels : 0;
        int bytes = (bits + 7) / 8;
        AudioEncoding enc = switch (tag) {
            case TAG_PCM -> {
                if (bits == 0 || bits > 32) {
                    throw new AudioFormatException(file, "unsupported PCM bit depth " + bits
                            + " (supported: 1 to 32 bits, in containers of 1 to 4 bytes)");
                }
                // A container wider than the bits: 24 bits in 4 bytes (never 8 bits in 2: 8-bit WAV is unsigned, wider signed).
                if (container != bytes && !(bits > 8 && container > bytes && container <= 4)) {
                    throw badAlign(file, blockAlign, channels, bits, bytes, " (or containers of up to 4 bytes for more than 8 bits)");
                }
                yield switch (container) {
                    case 1 -> AudioEncoding.PCM_U8;
                    case 2 -> AudioEncoding.PCM_S16;
                    case 3 -> AudioEncoding.PCM_S24;
                    default -> AudioEncoding.PCM_S32;
                };
            }
            case TAG_FLOAT -> switch (bits) {
                case 32 -> AudioEncoding.FLOAT32;
                case 64 -> AudioEncoding.FLOAT64;
                default -> throw new AudioFormatException(file, "unsupported IEEE float bit depth " + bits + " (supported: 32, 64)");
            };
            case TAG_ALAW, TAG_MULAW -> {
                if (bits != 8) throw new AudioFormatException(file, tagName(tag) + " needs 8 bits per sample, found " + bits);
                yield tag == TAG_MULAW ? AudioEncoding.MULAW : AudioEncoding.ALAW;
            }
            default -> throw new AudioFormatException(file, String.format(
                    "unsupported WAV format tag 0x%04X (%s); Cochlea reads PCM (0x0001), IEEE float (0x0003), A-law (0x0006), "
                            + "mu-law (0x0007) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) with one of those as sub-format", tag, tagName(tag)));
        };
        if (container != enc.bytesPerSample()) throw badAlign(file, blockAlign, channels, bits, enc.bytesPerSample(), "");
        return new WavFormat(enc, channels, (int) rate);
    }

    private static AudioFormatException badAlign(Path file, int blockAlign, int channels, int bits, int bytes, String more) {
        return new AudioFormatException(file, "bad block align " + blockAlign + ": " + channels + " channel(s) of "
                + bits + "-bit samples take " + (long) channels * bytes + " bytes per frame" + more);
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x0000 -> "unknown";
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0022 -> "TrueSpeech";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer 3";
            case 0x00FF -> "AAC";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0xF1AC -> "FLAC";
            default -> "a compressed or unknown encoding";
        };
    }
}

package dev.cochlea.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@link AudioDecoder} for AIFF and AIFF-C files ({@code FORM} ... {@code AIFF} or
 * {@code AIFC}): the {@code COMM} chunk (channels, sample size, the rate as an 80-bit extended
 * float, and for AIFF-C the compression type) and the {@code SSND} chunk (its offset skipped,
 * its block size ignored); other chunks are skipped. Read as libsndfile reads them:
 *
 * <ul>
 * <li>AIFF, and AIFF-C {@code NONE} / {@code twos}: signed big-endian PCM of 1 to 32 bits, read
 *     by the container of {@code (bits + 7) / 8} bytes (8-bit AIFF is signed: {@code x / 128});
 *     {@code sowt}: the same, little-endian; {@code raw }: unsigned 8-bit; {@code in24},
 *     {@code in32}: big-endian 24 and 32-bit; {@code 42n1}, {@code 23ni}: little-endian 24 and
 *     32-bit (libsndfile writes little-endian 24-bit AIFF-C as {@code 42n1}).</li>
 * <li>{@code fl32} / {@code FL32}, {@code fl64} / {@code FL64}: big-endian IEEE floats, as they are.</li>
 * <li>{@code ulaw} / {@code ULAW}, {@code alaw} / {@code ALAW}: G.711, as in WAV.</li>
 * </ul>
 *
 * The frame count is the {@code SSND} data's (as libsndfile counts it; the {@code COMM} chunk's
 * count is not used), cut at the end of the file with a warning when the chunk is declared longer.
 * A fractional rate is truncated (22254.545 Hz reads as 22254, as libsndfile does); a rate below
 * 1 Hz is refused (libsndfile makes it 1 Hz).
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("loop.aif"));      // chosen by its 'FORM....AIFF' header
 * AudioInfo i = Audio.info(Path.of("loop.aif"));      // AIFF, 44100 Hz, PCM_S16
 * }</pre>
 */
final class AiffDecoder extends PcmFileDecoder {
    @Override
    public String format() {
        return "AIFF";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return Audio.startsWith(head, length, 0, "FORM")
                && (Audio.startsWith(head, length, 8, "AIFF") || Audio.startsWith(head, length, 8, "AIFC"));
    }

    @Override
    PcmLayout layout(AudioSource src) throws IOException {
        return parse(src);
    }

    static PcmLayout parse(AudioSource src) throws IOException {
        Path file = src.file;
        long size = src.size;
        if (size < 12) {
            throw new AudioFormatException(file, "truncated: the file has " + size + " bytes, fewer than the 12-byte FORM/AIFF header");
        }
        ByteBuffer h = src.bytes(0, 12, ByteOrder.BIG_ENDIAN);
        String type = WavHeader.fourcc(h, 8);
        if (!WavHeader.fourcc(h, 0).equals("FORM") || !(type.equals("AIFF") || type.equals("AIFC"))) {
            throw new AudioFormatException(file, "not an AIFF file: expected 'FORM' at byte 0 and 'AIFF' or 'AIFC' at byte 8, found "
                    + WavHeader.show(h, 0) + " and " + WavHeader.show(h, 8));
        }
        boolean aifc = type.equals("AIFC");
        List<String> warnings = new ArrayList<>();
        Comm comm = null;
        long dataStart = -1, dataBytes = 0;
        long pos = 12;
        while (pos + 8 <= size && (comm == null || dataStart < 0)) {
            ByteBuffer c = src.bytes(pos, 8, ByteOrder.BIG_ENDIAN);
            String id = WavHeader.fourcc(c, 0);
            long chunkSize = c.getInt(4) & 0xFFFFFFFFL;
            long body = pos + 8;
            long remain = size - body;
            if (id.equals("SSND") && dataStart < 0) {
                if (chunkSize < 8 || remain < 8) {
                    throw new AudioFormatException(file, "the 'SSND' chunk at byte " + pos + " declares " + chunkSize + " bytes and "
                            + remain + " remain in the file; expected at least 8 (its offset and block size)");
                }
                long offset = src.bytes(body, 4, ByteOrder.BIG_ENDIAN).getInt(0) & 0xFFFFFFFFL;
                long start = body + 8 + offset;
                if (offset > chunkSize - 8 || start > size) {
                    throw new AudioFormatException(file, "the 'SSND' chunk at byte " + pos + " declares a data offset of " + offset
                            + " bytes, past the end of the chunk (" + chunkSize + " bytes) or of the file (" + size + " bytes)");
                }
                long declared = chunkSize - 8 - offset;
                dataStart = start;
                dataBytes = Math.min(declared, size - start);
                if (declared > dataBytes) {
                    warnings.add(file + ": the 'SSND' chunk at byte " + pos + " declares " + declared + " bytes of samples but the file "
                            + "holds " + dataBytes + " of them (" + size + " bytes in all); read as far as the file goes, "
                            + "as libsndfile does (a cut-short file?)");
                    break;
                }
            } else if (chunkSize > remain) {
                String name = id.equals("COMM") ? "truncated: the 'COMM' chunk" : "chunk " + WavHeader.show(c, 0);
                throw new AudioFormatException(file, name + " at byte " + pos + " declares " + chunkSize
                        + " bytes but only " + remain + " remain in the file");
            } else if (id.equals("COMM") && comm == null) {
                comm = Comm.parse(file, src.bytes(body, (int) Math.min(chunkSize, 22), ByteOrder.BIG_ENDIAN), chunkSize, aifc);
            }
            pos = body + chunkSize + (chunkSize & 1);
        }
        if (comm == null) throw new AudioFormatException(file, "no 'COMM' chunk" + (dataStart < 0 ? " and no 'SSND' chunk" : "")
                + " before the end of the file (truncated or not an AIFF file)");
        if (dataStart < 0) throw new AudioFormatException(file, "no 'SSND' chunk (truncated file?)");
        return new PcmLayout(file, "AIFF", comm.encoding, comm.order, comm.channels, comm.sampleRate, dataStart, dataBytes, warnings);
    }

    /** The {@code COMM} chunk. */
    private record Comm(AudioEncoding encoding, ByteOrder order, int channels, int sampleRate) {
        static Comm parse(Path file, ByteBuffer b, long chunkSize, boolean aifc) throws AudioFormatException {
            if (chunkSize < 18) {
                throw new AudioFormatException(file, "the 'COMM' chunk has " + chunkSize + " bytes, fewer than the 18 it needs");
            }
            int channels = b.getShort(0);
            int bits = b.getShort(6);
            double rate = extended(b, 8);
            String compression = aifc && chunkSize >= 22 ? WavHeader.fourcc(b, 18) : "NONE";
            PcmLayout.checkChannelsAndRate(file, "the 'COMM' chunk", channels, Math.floor(rate));
            ByteOrder big = ByteOrder.BIG_ENDIAN, little = ByteOrder.LITTLE_ENDIAN;
            Comm c = switch (compression) {
                case "NONE", "twos" -> pcm(file, bits, big, channels, rate);
                case "sowt" -> pcm(file, bits, little, channels, rate);
                case "raw " -> {
                    if (bits != 8) throw new AudioFormatException(file, "AIFF-C 'raw ' (unsigned) needs 8 bits per sample, found " + bits);
                    yield new Comm(AudioEncoding.PCM_U8, big, channels, (int) rate);
                }
                case "in24" -> new Comm(AudioEncoding.PCM_S24, big, channels, (int) rate);
                case "in32" -> new Comm(AudioEncoding.PCM_S32, big, channels, (int) rate);
                case "42n1" -> new Comm(AudioEncoding.PCM_S24, little, channels, (int) rate);
                case "23ni" -> new Comm(AudioEncoding.PCM_S32, little, channels, (int) rate);
                case "fl32", "FL32" -> new Comm(AudioEncoding.FLOAT32, big, channels, (int) rate);
                case "fl64", "FL64" -> new Comm(AudioEncoding.FLOAT64, big, channels, (int) rate);
                case "ulaw", "ULAW" -> new Comm(AudioEncoding.MULAW, big, channels, (int) rate);
                case "alaw", "ALAW" -> new Comm(AudioEncoding.ALAW, big, channels, (int) rate);
                default -> throw new AudioFormatException(file, "unsupported AIFF-C compression type " + WavHeader.show(b, 18)
                        + " (" + compressionName(compression) + "); Cochlea reads NONE, twos, sowt, raw , in24, in32, 42n1, 23ni, "
                        + "fl32/FL32, fl64/FL64, ulaw/ULAW and alaw/ALAW");
            };
            return c;
        }

        private static Comm pcm(Path file, int bits, ByteOrder order, int channels, double rate) throws AudioFormatException {
            if (bits < 1 || bits > 32) {
                throw new AudioFormatException(file, "unsupported AIFF sample size " + bits + " bits (supported: 1 to 32)");
            }
            AudioEncoding enc = switch ((bits + 7) / 8) {
                case 1 -> AudioEncoding.PCM_S8;
                case 2 -> AudioEncoding.PCM_S16;
                case 3 -> AudioEncoding.PCM_S24;
                default -> AudioEncoding.PCM_S32;
            };
            return new Comm(enc, order, channels, (int) rate);
        }
    }

    private static String compressionName(String type) {
        return switch (type) {
            case "ima4" -> "IMA 4:1 ADPCM";
            case "GSM ", "gsm " -> "GSM 6.10";
            case "MAC3", "MAC6" -> "Macintosh ACE";
            case "sdx2", "SDX2" -> "Square-root delta";
            case "DWVW" -> "delta with variable word width";
            case "alac" -> "Apple Lossless";
            case "Qclp", "QDMC", "QDM2" -> "QuickTime codec";
            default -> "a compressed or unknown encoding";
        };
    }

    /**
     * The IEEE 754 80-bit extended float at {@code at} (big-endian: sign and 15-bit exponent, then a
     * 64-bit mantissa with an explicit integer bit), to double precision; NaN for infinities and NaNs.
     */
    static double extended(ByteBuffer b, int at) {
        int signExp = b.getShort(at) & 0xFFFF;
        long mantissa = b.getLong(at + 2);
        int exp = signExp & 0x7FFF;
        if (exp == 0x7FFF) return Double.NaN;
        if (mantissa == 0) return 0;
        double v = Math.scalb((double) (mantissa >>> 11), exp - 16383 - 52);
        return (signExp & 0x8000) != 0 ? -v : v;
    }
}

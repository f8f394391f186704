package dev.cochlea.codecs;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusMSDecoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads Ogg Opus files (RFC 7845) with Concentus (a pure-Java port of libopus) through Cochlea's
 * own Ogg page reader, exactly as libsndfile does: the decoding rate is the lowest Opus rate at or
 * above the original rate in {@code OpusHead} (8, 12, 16, 24 or 48 kHz; 48 kHz for 44.1 kHz
 * sources), the pre-skip is dropped, the header's output gain applied, and the final granule
 * position trims the padding at the end. Ogg files are told apart by their first packet:
 * {@code "OpusHead"} here, {@code "\x01vorbis"} for {@link OggVorbisDecoder}.
 *
 * <p>Concentus decodes in fixed point to 16-bit samples (libopus's {@code FIXED_POINT} build), so
 * the floats are multiples of 1/32768 and differ from libsndfile's float decoder by up to a few
 * times 1e-4 (docs/audio-conventions.md).
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("voice.opus"));   // OggOpusDecoder, chosen from "OpusHead"
 * a.sampleRate();                                      // 16000 for a 16 kHz source, 48000 for 44.1 kHz
 * }</pre>
 */
public final class OggOpusDecoder implements AudioDecoder {
    /** Creates the decoder (ServiceLoader needs a public constructor). */
    public OggOpusDecoder() {
    }

    @Override
    public String format() {
        return "OGG";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return firstPacketStarts(head, length, "OpusHead");
    }

    /** Whether {@code head} is an Ogg page (the first of a stream) whose first packet starts with {@code magic}. */
    static boolean firstPacketStarts(byte[] head, int length, String magic) {
        if (length < 27 || head[0] != 'O' || head[1] != 'g' || head[2] != 'g' || head[3] != 'S') return false;
        int at = 27 + (head[26] & 0xFF);
        if (at + magic.length() > length) return false;
        for (int i = 0; i < magic.length(); i++) if (head[at + i] != (byte) magic.charAt(i)) return false;
        return true;
    }

    @Override
    public AudioInfo info(Path file) throws IOException {
        try (Stream s = Stream.open(file)) {
            return new AudioInfo("OGG", s.rate, s.channels, Math.max(0, s.frames()), AudioEncoding.OPUS, 0);
        }
    }

    @Override
    public AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (Stream s = Stream.open(file)) {
            FrameSink sink = new FrameSink(file, s.channels, frameOffset, frames, s.frames());
            s.decode(sink);
            return sink.result(s.rate, AudioEncoding.OPUS);
        }
    }

    /**
     * Samples in an Opus packet at 48 kHz from its TOC byte (RFC 6716 section 3.1), as
     * {@code opus_packet_get_nb_samples}; negative for a packet that is not valid.
     */
    static int samplesAt48k(byte[] p) {
        if (p.length < 1) return -1;
        int toc = p[0] & 0xFF;
        int config = toc >> 3;
        int perFrame;
        if (config < 12) {
            perFrame = new int[] {480, 960, 1920, 2880}[config & 3];
        } else if (config < 16) {
            perFrame = (config & 1) == 0 ? 480 : 960;
        } else {
            perFrame = 120 << (config & 3);
        }
        int count = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> p.length < 2 ? -1 : p[1] & 0x3F;
        };
        if (count < 0) return -1;
        int n = count * perFrame;
        return n > 5760 ? -1 : n;
    }

    /** One file: OpusHead and OpusTags read, the first audio page waiting. */
    private static final class Stream implements AutoCloseable {
        final Path file;
        final OggReader ogg;
        int channels;
        int preskip;
        int inputRate;
        int gain;
        int streams;
        int coupled;
        short[] mapping;
        int srFactor;
        int rate;
        OggReader.Page firstAudio;
        long gpStart;

        private Stream(Path file) throws IOException {
            this.file = file;
            this.ogg = new OggReader(file);
        }

        static Stream open(Path file) throws IOException {
            Stream s = new Stream(file);
            try {
                s.readHeaders();
                return s;
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }

        private void readHeaders() throws IOException {
            OggReader.Page page = ogg.nextPage();
            if (page == null || page.packets().isEmpty()) {
                throw new AudioFormatException(file, "truncated Ogg Opus file: expected the OpusHead packet on the first page, found "
                        + (page == null ? "the end of the file" : "no complete packet"));
            }
            parseHead(page.packets().get(0), page.offset());
            // OpusTags: the next packet, which ends its page; audio starts on the page after it.
            boolean tags = page.packets().size() > 1;
            while (!tags) {
                page = ogg.nextPage();
                if (page == null) throw new AudioFormatException(file, "truncated Ogg Opus file: expected the OpusTags packet, found the end of the "
                        + (ogg.truncated() ? "file (cut inside a page)" : "stream"));
                if (!page.packets().isEmpty()) tags = true;
            }
            // The first page with audio: its granule position less its packets' samples is the
            // granule position of the first sample (libsndfile's ogg_opus_analyze_file).
            do {
                firstAudio = ogg.nextPage();
            } while (firstAudio != null && firstAudio.packets().isEmpty());
            if (firstAudio == null) return;
            long duration = 0;
            for (byte[] p : firstAudio.packets()) {
                int n = samplesAt48k(p);
                if (n > 0) duration += n;
            }
            long pg = firstAudio.granule();
            if (duration <= 0) throw new AudioFormatException(file, "the first Ogg Opus audio page (byte " + firstAudio.offset() + ") holds no samples; expected some");
            if (!firstAudio.eos()) {
                if (Long.compareUnsigned(duration, pg) > 0) {
                    throw new AudioFormatException(file, "the first Ogg Opus audio page (byte " + firstAudio.offset() + ") has granule position " + pg
                            + ", less than the " + duration + " samples of its packets; expected at least that");
                }
                gpStart = pg - duration;
            } else if (Long.compareUnsigned(duration, pg) < 0) {
                throw new AudioFormatException(file, "the only Ogg Opus audio page (byte " + firstAudio.offset() + ") has granule position " + pg
                        + ", more than the " + duration + " samples of its packets; expected at most that");
            }
        }

        private void parseHead(byte[] h, long at) throws AudioFormatException {
            String magic = new String(h, 0, Math.min(8, h.length), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (h.length < 19 || !magic.equals("OpusHead")) {
                throw new AudioFormatException(file, "expected an OpusHead packet of at least 19 bytes on the Ogg page at byte " + at + ", found "
                        + h.length + " bytes starting " + Id3.describe(h, Math.min(8, h.length)));
            }
            int version = h[8] & 0xFF;
            if (version > 15) throw new AudioFormatException(file, "OpusHead version " + version + "; expected 0 to 15");
            channels = h[9] & 0xFF;
            preskip = OggReader.le16(h, 10);
            inputRate = OggReader.le32(h, 12);
            gain = (short) OggReader.le16(h, 16);
            int family = h[18] & 0xFF;
            if (channels < 1) throw new AudioFormatException(file, "OpusHead declares 0 channels; expected 1 or more");
            if (family == 0) {
                if (channels > 2) throw new AudioFormatException(file, "OpusHead declares " + channels + " channels with mapping family 0; expected 1 or 2");
                streams = 1;
                coupled = channels - 1;
                mapping = channels == 1 ? new short[] {0} : new short[] {0, 1};
            } else {
                if (h.length < 21 + channels) {
                    throw new AudioFormatException(file, "OpusHead of " + h.length + " bytes lacks its channel mapping table; expected " + (21 + channels) + " bytes");
                }
                streams = h[19] & 0xFF;
                coupled = h[20] & 0xFF;
                if (streams < 1 || coupled > streams || streams + coupled > 255) {
                    throw new AudioFormatException(file, "OpusHead declares " + streams + " streams, " + coupled + " coupled; expected 1 or more streams, at most as many coupled");
                }
                mapping = new short[channels];
                for (int c = 0; c < channels; c++) {
                    int m = h[21 + c] & 0xFF;
                    if (m != 255 && m >= streams + coupled) {
                        throw new AudioFormatException(file, "OpusHead maps channel " + c + " to stream channel " + m + "; expected less than " + (streams + coupled) + " or 255");
                    }
                    mapping[c] = (short) m;
                }
            }
            // libsndfile's ogg_opus_setup_decoder: the lowest Opus rate at or above the original one.
            long in = inputRate & 0xFFFFFFFFL;
            srFactor = in > 24000 ? 1 : in > 16000 ? 2 : in > 12000 ? 3 : in > 8000 ? 4 : 6;
            rate = 48000 / srFactor;
        }

        /** Frames after pre-skip and end trimming: {@code (last granule - first granule - pre-skip) / (48000 / rate)}; -1 when unknown. */
        long frames() throws IOException {
            if (firstAudio == null) return 0;
            long end = ogg.lastGranule(ogg.serial());
            if (end == -1) return -1;
            long n = end - gpStart - preskip;
            return n < 0 ? 0 : n / srFactor;
        }

        void decode(FrameSink sink) throws IOException {
            if (firstAudio == null) return;
            OpusMSDecoder decoder;
            try {
                decoder = OpusMSDecoder.create(rate, channels, streams, coupled, mapping);
                decoder.setGain(gain);
            } catch (OpusException | RuntimeException e) {
                throw new AudioFormatException(file, "Concentus cannot set up an Opus decoder for " + channels + " channels, " + streams + " streams, "
                        + coupled + " coupled (" + e.getMessage() + ")", e);
            }
            int maxFrame = 5760 / srFactor;
            short[] pcm = new short[maxFrame * channels];
            OggReader.Page page = firstAudio;
            long pktPos = gpStart;
            long pgPos = page.granule();
            float scale = 1f / 32768f;
            while (page != null && !sink.full()) {
                List<byte[]> packets = page.packets();
                for (int i = 0; i < packets.size() && !sink.full(); i++) {
                    byte[] p = packets.get(i);
                    int n;
                    try {
                        n = decoder.decodeMultistream(p, 0, p.length, pcm, 0, maxFrame, 0);
                    } catch (RuntimeException e) {
                        throw new AudioFormatException(file, "corrupt Opus packet " + (i + 1) + " on the Ogg page at byte " + page.offset()
                                + ": the decoder failed (" + e.getMessage() + "); expected a valid packet", e);
                    }
                    if (n < 0) throw new AudioFormatException(file, "corrupt Opus packet " + (i + 1) + " on the Ogg page at byte " + page.offset() + " (error " + n + ")");
                    long pktGranule = pktPos + (long) n * srFactor;
                    int len;
                    if (Long.compareUnsigned(pktGranule, pgPos) <= 0) {
                        len = n;
                    } else if (page.eos()) {
                        len = (int) Math.max((pgPos - pktPos) / srFactor, 0);
                    } else {
                        throw new AudioFormatException(file, "Ogg Opus page at byte " + page.offset() + " has granule position " + pgPos
                                + ", less than the " + pktGranule + " samples decoded up to it; expected at least that (only the last page may trim)");
                    }
                    int loc = Long.compareUnsigned(pktPos, preskip) < 0 ? (int) Math.min((preskip - pktPos) / srFactor, len) : 0;
                    if (len > loc) sink.offerInterleaved(pcm, loc * channels, len - loc, scale);
                    pktPos = pktGranule;
                }
                if (sink.full()) break;
                do {
                    page = ogg.nextPage();
                } while (page != null && page.packets().isEmpty());
                if (page != null) {
                    pktPos = pgPos;
                    pgPos = page.granule();
                }
            }
        }

        @Override
        public void close() throws IOException {
            ogg.close();
        }
    }
}

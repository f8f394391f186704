package dev.cochlea.codecs;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads Ogg Vorbis files with JOrbis (a pure-Java port of libvorbis), through Cochlea's own Ogg
 * page reader ({@code OggReader}: CRC-checked pages, bounded packets). The length is libsndfile's:
 * the last granule position of the stream minus the granule position of the first sample (0 for
 * files that start at the beginning), and the samples are libvorbis's floats as
 * {@code soundfile.read(path, dtype='float32')} returns them. Ogg files are told apart by their
 * first packet: {@code "\x01vorbis"} here, {@code "OpusHead"} for {@link OggOpusDecoder}.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("take.ogg"));       // OggVorbisDecoder, chosen from the first packet
 * AudioInfo i = Audio.info(Path.of("take.ogg"));       // OGG 44100 Hz, 2 ch, VORBIS; from the last page
 * }</pre>
 */
public final class OggVorbisDecoder implements AudioDecoder {
    /** Creates the decoder (ServiceLoader needs a public constructor). */
    public OggVorbisDecoder() {
    }

    @Override
    public String format() {
        return "OGG";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return OggOpusDecoder.firstPacketStarts(head, length, "\u0001vorbis");
    }

    @Override
    public AudioInfo info(Path file) throws IOException {
        try (Stream s = Stream.open(file)) {
            return new AudioInfo("OGG", s.info.rate, s.info.channels, Math.max(0, s.frames()), AudioEncoding.VORBIS, 0);
        }
    }

    @Override
    public AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (Stream s = Stream.open(file)) {
            long total = s.frames();
            FrameSink sink = new FrameSink(file, s.info.channels, frameOffset, frames, total);
            s.decode(sink);
            return sink.result(s.info.rate, AudioEncoding.VORBIS);
        }
    }

    /** One file: the three header packets read, the first audio page's packets waiting. */
    private static final class Stream implements AutoCloseable {
        final Path file;
        final OggReader ogg;
        final Info info = new Info();
        final Comment comment = new Comment();
        /** Audio packets already read (those of the first audio page), not yet decoded. */
        final Deque<byte[]> waiting = new ArrayDeque<>();
        long firstPageOffset;
        long pcmStart;
        long packetNumber = 3;

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
                if (e instanceof RuntimeException r) throw new AudioFormatException(file, "Vorbis headers the decoder cannot read (" + r + ")", r);
                throw e;
            }
        }

        private void readHeaders() throws IOException {
            info.init();
            comment.init();
            int headers = 0;
            OggReader.Page page = null;
            while (headers < 3) {
                page = ogg.nextPage();
                if (page == null) {
                    throw new AudioFormatException(file, "truncated Ogg Vorbis file: expected 3 header packets, found " + headers
                            + " before the end of the " + (ogg.truncated() ? "file (cut inside a page)" : "stream"));
                }
                for (byte[] p : page.packets()) {
                    if (headers < 3) {
                        int r;
                        try {
                            r = info.synthesis_headerin(comment, packet(p, headers == 0, false, -1, headers));
                        } catch (OutOfMemoryError e) {
                            // JOrbis sizes its codebook tables from the setup header before reading
                            // them; a corrupt header can ask for more than any heap. The request
                            // fails at once, without taking memory, and is reported as what it is.
                            throw new AudioFormatException(file, "Vorbis header packet " + (headers + 1) + " (on the Ogg page at byte " + page.offset()
                                    + ") declares tables larger than memory (" + e.getMessage() + "); expected a valid header");
                        }
                        if (r < 0) {
                            throw new AudioFormatException(file, "Vorbis header packet " + (headers + 1) + " (on the Ogg page at byte " + page.offset()
                                    + ") is not valid (JOrbis error " + r + "); expected the identification, comment and setup headers");
                        }
                        headers++;
                    } else {
                        waiting.add(p);
                    }
                }
            }
            if (info.channels < 1 || info.rate < 1) {
                throw new AudioFormatException(file, "Vorbis stream declares " + info.channels + " channels at " + info.rate + " Hz; expected at least 1 of each");
            }
            // The first page with audio packets: its granule position less the samples its packets
            // make is the granule position of the first sample (libsndfile's vorbis_calculate_granulepos).
            OggReader.Page audio = page;
            while (waiting.isEmpty()) {
                audio = ogg.nextPage();
                if (audio == null) return;
                waiting.addAll(audio.packets());
            }
            firstPageOffset = audio.offset();
            long duration = 0;
            int last = -1;
            for (byte[] p : waiting) {
                int size = info.blocksize(packet(p, false, false, -1, 0));
                if (size >= 0) {
                    if (last != -1) duration += (last + size) >> 2;
                    last = size;
                }
            }
            long gp = audio.granule();
            if (gp == -1) {
                throw new AudioFormatException(file, "the first Ogg Vorbis audio page (byte " + audio.offset() + ") has no granule position; expected one");
            }
            if (audio.eos() && gp <= duration) {
                pcmStart = 0;
            } else if (gp < duration) {
                throw new AudioFormatException(file, "the first Ogg Vorbis audio page (byte " + audio.offset() + ") has granule position " + gp
                        + ", less than the " + duration + " samples of its packets; expected at least that");
            } else {
                pcmStart = gp - duration;
            }
        }

        /** The stream's length in frames: last granule position less the first sample's; -1 when no page has one. */
        long frames() throws IOException {
            long last = ogg.lastGranule(ogg.serial());
            if (last == -1) return -1;
            return Math.max(0, last - pcmStart);
        }

        /** Decodes into {@code sink} until it is full or the stream ends. */
        void decode(FrameSink sink) throws IOException {
            DspState dsp = new DspState();
            Block block = new Block(dsp);
            if (dsp.synthesis_init(info) != 0) throw new AudioFormatException(file, "JOrbis cannot set up a decoder for this Vorbis stream");
            float[][][] pcm = new float[1][][];
            int[] index = new int[info.channels];
            long pageOffset = firstPageOffset;
            try {
                while (!sink.full()) {
                    if (waiting.isEmpty()) {
                        OggReader.Page page = ogg.nextPage();
                        if (page == null) return;
                        pageOffset = page.offset();
                        waiting.addAll(page.packets());
                        continue;
                    }
                    byte[] p = waiting.poll();
                    if (block.synthesis(packet(p, false, false, -1, packetNumber++)) == 0) dsp.synthesis_blockin(block);
                    int n;
                    while (!sink.full() && (n = dsp.synthesis_pcmout(pcm, index)) > 0) {
                        sink.offer(pcm[0], index[0], n);
                        dsp.synthesis_read(n);
                    }
                }
            } catch (RuntimeException e) {
                throw new AudioFormatException(file, "corrupt Vorbis audio packet on the Ogg page at byte " + pageOffset
                        + ": the decoder failed (" + e + "); expected a valid packet", e);
            }
        }

        private static Packet packet(byte[] data, boolean bos, boolean eos, long granule, long number) {
            Packet p = new Packet();
            p.packet_base = data;
            p.packet = 0;
            p.bytes = data.length;
            p.b_o_s = bos ? 1 : 0;
            p.e_o_s = eos ? 1 : 0;
            p.granulepos = granule;
            p.packetno = number;
            return p;
        }

        @Override
        public void close() throws IOException {
            ogg.close();
        }
    }
}

package dev.cochlea.codecs;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.Obuffer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads MP3 files (MPEG-1, 2 and 2.5 Layer III) with JLayer, giving the frames libsndfile gives:
 * libsndfile decodes with mpg123 in gapless mode, which drops the Xing/Info frame, the encoder
 * delay of the LAME tag plus the decoder's 529 samples at the start and the encoder padding at the
 * end; this class does the same, from the same tag. JLayer's synthesis output is taken as floats
 * (before its 16-bit rounding) and scaled by JLayer's own factor, so the samples agree with
 * {@code soundfile.read(path, dtype='float32')} to about 1e-6. Files are recognised by an ID3v2 tag
 * or a Layer III frame header at their start (an ID3v2 tag in front of FLAC data is handed to
 * {@link FlacDecoder}).
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("song.mp3"));   // Mp3Decoder, chosen from "ID3" or the frame sync
 * AudioInfo i = Audio.info(Path.of("song.mp3"));   // from the Xing/LAME tag, else from the frame headers; nothing decoded
 * }</pre>
 */
public final class Mp3Decoder implements AudioDecoder {
    /** mpg123's decoder delay (GAPLESS_DELAY), in samples: what a Layer III synthesis adds in front. */
    static final int DECODER_DELAY = 529;

    /** Creates the decoder (ServiceLoader needs a public constructor). */
    public Mp3Decoder() {
    }

    @Override
    public String format() {
        return "MP3";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return Id3.isTag(head, length, 0) || Mp3Frames.looksLikeHeader(head, 0, length);
    }

    @Override
    public AudioInfo info(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (flacAfterTags(ch)) return new FlacDecoder().info(file);
            Layout l = Layout.read(file, ch);
            long frames = l.total;
            if (frames < 0) {
                long n = 0;
                while (l.frames.next() != null) n++;
                frames = n * l.first.samplesPerFrame();
            }
            return new AudioInfo("MP3", l.first.sampleRate(), l.first.channels(), frames, AudioEncoding.MP3, 0);
        }
    }

    @Override
    public AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (flacAfterTags(ch)) return new FlacDecoder().read(file, frameOffset, frames);
            Layout l = Layout.read(file, ch);
            int channels = l.first.channels();
            FrameSink sink = new FrameSink(file, channels, frameOffset, frames, l.total);
            Capture out = new Capture();
            Feed feed = new Feed(l.frames, l.trackFrames > 0 ? l.trackFrames : Long.MAX_VALUE);
            Decoder decoder = new Decoder();
            decoder.setOutputBuffer(out);
            Bitstream bits = new Bitstream(feed);
            long decoded = 0;
            long end = l.end < 0 ? Long.MAX_VALUE : l.end;
            long frameNumber = 0;
            long silentFrames = 0;
            try {
                while (!sink.full() && decoded < end) {
                    javazoom.jl.decoder.Header h = bits.readFrame();
                    if (h == null) break;
                    frameNumber++;
                    out.clear_buffer();
                    decoder.decodeFrame(h, bits);
                    bits.closeFrame();
                    feed.decoded();
                    int n = out.count[0];
                    if (channels == 2 && out.count[1] != n) n = Math.min(n, out.count[1]);
                    if (n < l.first.samplesPerFrame()) silentFrames++;
                    long lo = Math.max(decoded, l.begin);
                    long hi = Math.min(decoded + n, end);
                    if (hi > lo) sink.offer(out.samples, (int) (lo - decoded), (int) (hi - lo));
                    decoded += n;
                }
            } catch (JavaLayerException | RuntimeException e) {
                long at = feed.offsetOfDecoding();
                throw new AudioFormatException(file, "corrupt MP3 frame " + (frameNumber) + (at >= 0 ? " at byte " + at : "")
                        + ": JLayer cannot decode it (" + e + "); expected a valid " + l.first.describe() + " frame", e);
            }
            // A shortfall against the declared length is reported by the sink; this says why the decoder stopped short.
            boolean stoppedEarly = !sink.full() && decoded < end && (feed.hasMore() || silentFrames > 0);
            java.util.List<String> warnings = stoppedEarly
                    ? java.util.List.of(file + ": decoded " + sink.frames() + " frames; the MP3 stream is damaged or cut short: "
                            + (silentFrames > 0 ? silentFrames + " frame(s) gave no samples" : "it cannot be decoded after frame " + frameNumber)
                            + ", and what they held is left out")
                    : java.util.List.<String>of();
            return sink.result(l.first.sampleRate(), AudioEncoding.MP3, warnings);
        }
    }

    /** Whether FLAC data ("fLaC") follows the ID3v2 tags at the start of the file. */
    private static boolean flacAfterTags(FileChannel ch) throws IOException {
        long at = Id3.skipTags(ch);
        if (at == 0) return false;
        byte[] magic = new byte[4];
        return Id3.readFully(ch, magic, at) == 4 && magic[0] == 'f' && magic[1] == 'L' && magic[2] == 'a' && magic[3] == 'C';
    }

    /**
     * Where the audio is, and what to trim: the first frame, whether it is a Xing/Info frame (not
     * audio; skipped), its frame count, and mpg123's gapless window {@code [begin, end)} in decoded
     * samples.
     */
    private static final class Layout {
        Mp3Frames frames;
        Mp3Frames.Header first;
        long trackFrames;
        long begin;
        long end = -1;
        long total = -1;

        static Layout read(Path file, FileChannel ch) throws IOException {
            Layout l = new Layout();
            long start = Id3.skipTags(ch);
            l.frames = new Mp3Frames(ch, start);
            if (!l.frames.findFirst()) {
                byte[] head = new byte[8];
                int n = Id3.readFully(ch, head, start);
                throw new AudioFormatException(file, "expected an MPEG audio Layer III frame header at byte " + start
                        + (start > 0 ? " (after the ID3v2 tag)" : "") + " or within " + Mp3Frames.RESYNC_LIMIT + " bytes after it, found "
                        + Id3.describe(head, n) + (n < 8 ? "" : " and no frame after it (free-format and Layer I/II streams are not read)"));
            }
            l.first = l.frames.first();
            byte[] frame = new byte[l.first.size()];
            int n = l.frames.read(l.frames.firstOffset(), frame, frame.length);
            if (n == frame.length && l.readInfoTag(frame)) l.frames.next();
            return l;
        }

        /**
         * Reads a Xing/Info tag (and its LAME extension) in the first frame as mpg123's
         * check_lame_tag does; true when there is one (the frame then holds no audio).
         */
        private boolean readInfoTag(byte[] f) {
            int body = 4;
            int frameSize = f.length - 4;
            int off = first.channels() == 2 ? (first.lsf() ? 17 : 32) : (first.lsf() ? 9 : 17);
            if (frameSize < off + 8) return false;
            for (int i = 2; i < off; i++) if (f[body + i] != 0) return false;
            String tag = new String(f, body + off, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!tag.equals("Info") && !tag.equals("Xing")) return false;
            off += 4;
            long flags = be32(f, body + off);
            off += 4;
            long frameCount = 0;
            int delay = -1;
            int padding = -1;
            parse:
            {
                if ((flags & 1) != 0) {
                    if (frameSize < off + 4) break parse;
                    frameCount = be32(f, body + off);
                    off += 4;
                }
                if ((flags & 2) != 0) {
                    if (frameSize < off + 4) break parse;
                    off += 4;
                }
                if ((flags & 4) != 0) {
                    if (frameSize < off + 100) break parse;
                    off += 100;
                }
                if ((flags & 8) != 0) {
                    if (frameSize < off + 4) break parse;
                    off += 4;
                }
                if (frameSize < off + 24) break parse;
                if (f[body + off] != 0) {
                    int a = f[body + off + 21] & 0xFF;
                    int b = f[body + off + 22] & 0xFF;
                    int c = f[body + off + 23] & 0xFF;
                    delay = (a << 4) | (b >> 4);
                    padding = ((b & 0x0F) << 8) | c;
                }
            }
            trackFrames = frameCount;
            if (frameCount > 0) {
                long spf = first.samplesPerFrame();
                long skipStart = delay >= 0 ? delay : 0;
                long skipEnd = padding >= 0 ? padding : 0;
                begin = skipStart + DECODER_DELAY;
                end = frameCount * spf - skipEnd + DECODER_DELAY;
                total = Math.max(0, Math.min(end, frameCount * spf) - begin);
            }
            return true;
        }

        private static long be32(byte[] b, int i) {
            return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        }
    }

    /** JLayer's output, kept as the synthesis filter's floats (JLayer scales by 32700, not 32768). */
    private static final class Capture extends Obuffer {
        private static final float SCALE = 1f / 32700f;
        final float[][] samples = new float[2][1152];
        final int[] count = new int[2];

        @Override
        public void append(int channel, short value) {
            if (channel > 1 || count[channel] >= 1152) return;
            samples[channel][count[channel]++] = value / 32768f;
        }

        @Override
        public void appendSamples(int channel, float[] f) {
            if (channel > 1) return;
            float[] to = samples[channel];
            int at = count[channel];
            int n = Math.min(f.length, Math.min(32, to.length - at));
            for (int i = 0; i < n; i++) to[at + i] = f[i] * SCALE;
            count[channel] = at + n;
        }

        @Override
        public void write_buffer(int val) {
        }

        @Override
        public void close() {
        }

        @Override
        public void clear_buffer() {
            count[0] = count[1] = 0;
        }

        @Override
        public void set_stop_flag() {
        }
    }

    /** The complete frames of the stream as one byte stream for JLayer's Bitstream; at most {@code limit} frames. */
    private static final class Feed extends InputStream {
        private final Mp3Frames frames;
        private long remaining;
        private final byte[] frame = new byte[2048];
        private int length;
        private int at;
        /** Offsets of the frames served and not yet decoded (JLayer reads a few KB ahead). */
        private final Deque<Long> offsets = new ArrayDeque<>();

        Feed(Mp3Frames frames, long limit) {
            this.frames = frames;
            this.remaining = limit;
        }

        /** Whether frames the decoder did not take are left in the stream (it stopped before them). */
        boolean hasMore() throws IOException {
            return at < length || !offsets.isEmpty() || (remaining > 0 && frames.next() != null);
        }

        /** One more frame decoded: the offset of the next one becomes current. */
        void decoded() {
            offsets.pollFirst();
        }

        /** The file offset of the frame being decoded, or -1 when unknown. */
        long offsetOfDecoding() {
            return offsets.isEmpty() ? -1 : offsets.peekFirst();
        }

        private boolean load() throws IOException {
            if (remaining <= 0) return false;
            Mp3Frames.Header h = frames.next();
            if (h == null) return false;
            remaining--;
            length = frames.copyLast(frame, h);
            at = 0;
            offsets.addLast(frames.lastOffset());
            return length > 0;
        }

        @Override
        public int read() throws IOException {
            if (at == length && !load()) return -1;
            return frame[at++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            if (at == length && !load()) return -1;
            int n = Math.min(len, length - at);
            System.arraycopy(frame, at, b, off, n);
            at += n;
            return n;
        }
    }
}

package dev.cochlea.codecs;

import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioEncoding;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads FLAC files (RFC 9639), with Cochlea's own decoder: STREAMINFO, frames with constant,
 * verbatim, fixed and LPC subframes, Rice-coded residuals (4- and 5-bit parameters, escaped
 * partitions), wasted bits, the three stereo decorrelations, 4 to 32 bits per sample. Every frame's
 * header CRC-8 and CRC-16 are checked; a corrupt or truncated frame is an
 * {@link AudioFormatException} naming its byte offset. Samples are scaled as libsndfile scales them
 * ({@code x / 2^(bits - 1)}), so the floats equal {@code soundfile.read(path, dtype='float32')} bit
 * for bit. Found by {@link dev.cochlea.audio.Audio} through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("take.flac"));                 // FlacDecoder, chosen from "fLaC"
 * AudioInfo i = Audio.info(Path.of("take.flac"));                 // from STREAMINFO: FLAC 44100 Hz, 2 ch, PCM 24 bits
 * AudioData second = Audio.read(Path.of("take.flac"), 44100, 44100); // 1 s from 1 s on (SEEKTABLE, else decoding forward)
 * }</pre>
 */
public final class FlacDecoder implements AudioDecoder {
    /** Creates the decoder (ServiceLoader needs a public constructor). */
    public FlacDecoder() {
    }

    @Override
    public String format() {
        return "FLAC";
    }

    @Override
    public boolean recognizes(byte[] head, int length) {
        return length >= 4 && head[0] == 'f' && head[1] == 'L' && head[2] == 'a' && head[3] == 'C';
    }

    /**
     * The stream's rate, channels, frames and bits per sample from STREAMINFO; when STREAMINFO
     * leaves the length unknown (0, as a FLAC encoder writing to a pipe leaves it), the frames are
     * counted from the frame headers (libsndfile reports an unknown length there).
     */
    @Override
    public AudioInfo info(Path file) throws IOException {
        try (FlacStream s = FlacStream.open(file)) {
            FlacStream.StreamInfo si = s.info();
            long frames = si.totalSamples() > 0 ? si.totalSamples() : s.countSamples();
            return new AudioInfo("FLAC", si.sampleRate(), si.channels(), frames, AudioEncoding.FLAC, si.bitsPerSample());
        }
    }

    @Override
    public AudioData read(Path file, long frameOffset, int frames) throws IOException {
        if (frameOffset < 0) throw new IllegalArgumentException("frameOffset must be >= 0, found " + frameOffset);
        try (FlacStream s = FlacStream.open(file)) {
            FlacStream.StreamInfo si = s.info();
            long total = si.totalSamples() > 0 ? si.totalSamples() : -1;
            long start = frames == 0 ? 0 : s.seekBefore(frameOffset);
            FrameSink sink = new FrameSink(file, si.channels(), frameOffset - start, frames, total < 0 ? -1 : total - start);
            while (!sink.full() && s.nextFrame()) {
                FlacStream.FrameHeader h = s.header();
                long[][] block = new long[si.channels()][];
                for (int c = 0; c < block.length; c++) block[c] = s.channel(c);
                sink.offerScaled(block, h.blockSize(), 1f / (1L << (h.bitsPerSample() - 1)));
            }
            return sink.result(si.sampleRate(), AudioEncoding.FLAC);
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AudioFormatException(file, "FLAC data the decoder cannot read (" + e + ")", e);
        }
    }
}

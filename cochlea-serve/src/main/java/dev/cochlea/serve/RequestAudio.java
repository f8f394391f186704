package dev.cochlea.serve;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioDecoder;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.AudioInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes the audio of a request body with the library's own readers (every format
 * {@link Audio} reads, recognised from the content): the body is read with a size limit into a
 * private temporary file (in {@code /dev/shm} when there is one), its header checked against the
 * duration limit before any sample is decoded, then read and deleted. Errors name the request body,
 * not the temporary file.
 *
 * <pre>{@code
 * RequestAudio reader = new RequestAudio(16 << 20, 30);
 * AudioData audio = reader.read(request.getInputStream(), request.getContentLengthLong());
 * }</pre>
 */
final class RequestAudio {
    /** Most samples (all channels) one request may decode: 30 s of stereo at 48 kHz. */
    static final long MAX_SAMPLES = 30L * 48_000 * 2;

    private final long maxBytes;
    private final double maxSeconds;
    private final Path dir;
    /** Decodes at once: each may hold {@link #MAX_SAMPLES} floats, so memory stays bounded under any load. */
    private final java.util.concurrent.Semaphore decodes = new java.util.concurrent.Semaphore(
            Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));

    RequestAudio(long maxBytes, double maxSeconds) {
        this.maxBytes = maxBytes;
        this.maxSeconds = maxSeconds;
        try {
            // /dev/shm only when it has room for many bodies (containers often give it 64 MiB).
            Path shm = Path.of("/dev/shm");
            boolean roomy = Files.isDirectory(shm) && Files.isWritable(shm) && Files.getFileStore(shm).getUsableSpace() >= (1L << 30);
            Path base = roomy ? shm : Path.of(System.getProperty("java.io.tmpdir"));
            this.dir = Files.createTempDirectory(base, "cochlea-serve-");
            dir.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for request bodies", e);
        }
    }

    /**
     * Reads at most the limit from {@code body} ({@code declared}: the Content-Length, or -1) and decodes
     * it; a body still arriving at {@code deadlineNanos} (System.nanoTime) is refused (slow senders).
     */
    AudioData read(InputStream body, long declared, long deadlineNanos) throws IOException {
        if (declared > maxBytes) throw tooLarge(declared);
        Path file = Files.createTempFile(dir, "body-", ".audio");
        try {
            long n = 0;
            byte[] buf = new byte[64 << 10];
            try (var out = Files.newOutputStream(file)) {
                while (true) {
                    int r;
                    try {
                        r = body.read(buf);
                    } catch (IOException e) {
                        // The client stopped sending: it closed the connection, or sent too slowly (idle timeout).
                        throw new ApiError(400, "incomplete_body", "the request body stopped after " + n + " bytes"
                                + (declared >= 0 ? " of the " + declared + " declared" : "") + " (" + e.getClass().getSimpleName() + ")");
                    }
                    if (r <= 0) break;
                    if (System.nanoTime() > deadlineNanos) {
                        throw new ApiError(408, "body_too_slow", "the request body was still arriving after " + n + " bytes when its time ran out"
                                + " (--timeout-ms)");
                    }
                    n += r;
                    if (n > maxBytes) throw tooLarge(n);
                    try {
                        out.write(buf, 0, r);
                    } catch (IOException e) {
                        throw new ApiError(503, "no_space", "the server has no room for the request body (" + e.getMessage() + ")", 5);
                    }
                }
            }
            if (n == 0) throw new ApiError(400, "empty_body", "the request body is empty; expected an audio file (WAV, FLAC, MP3, Ogg ...)");
            long wait = Math.max(0, deadlineNanos - System.nanoTime());
            try {
                if (!decodes.tryAcquire(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    throw new ApiError(503, "overloaded", "too many recordings are being decoded at once; try again shortly", 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiError.shuttingDown();
            }
            try {
                return decode(file);
            } finally {
                decodes.release();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private ApiError tooLarge(long n) {
        return new ApiError(413, "body_too_large", "the request body holds " + (n > maxBytes ? "more than " + maxBytes : n)
                + " bytes; the most accepted is " + maxBytes + " (--max-body-bytes)");
    }

    private AudioData decode(Path file) throws IOException {
        AudioDecoder decoder;
        try {
            decoder = Audio.decoderFor(file);
        } catch (AudioFormatException e) {
            throw new ApiError(415, "not_audio", "the request body: " + clean(e, file));
        }
        try {
            AudioInfo info = decoder.info(file);
            double seconds = info.frames() >= 0 ? (double) info.frames() / Math.max(1, info.sampleRate()) : -1;
            if (!dev.cochlea.audio.SampleRates.accepted(info.sampleRate())) {
                throw new ApiError(400, "bad_audio", "the request body's " + info.format() + " declares "
                        + dev.cochlea.audio.SampleRates.problem(info.sampleRate()));
            }
            if (info.frames() > 0 && info.frames() * Math.max(1, info.channels()) > MAX_SAMPLES) {
                throw new ApiError(413, "audio_too_large", "the recording holds " + info.frames() + " frames of " + info.channels()
                        + " channels; one request may decode at most " + MAX_SAMPLES + " samples in all (30 s of 48 kHz stereo)");
            }
            if (seconds > maxSeconds) {
                throw new ApiError(413, "audio_too_long", String.format(java.util.Locale.ROOT,
                        "the recording lasts %.1f s; the most accepted is %.1f s (--max-seconds)", seconds, maxSeconds));
            }
            AudioData audio = Audio.read(file);
            if (audio.frames() == 0) throw new ApiError(400, "no_samples", "the request body's " + info.format() + " holds no audio samples");
            if (audio.durationSeconds() > maxSeconds) {
                throw new ApiError(413, "audio_too_long", String.format(java.util.Locale.ROOT,
                        "the recording lasts %.1f s; the most accepted is %.1f s (--max-seconds)", audio.durationSeconds(), maxSeconds));
            }
            return audio;
        } catch (AudioFormatException e) {
            throw new ApiError(400, "bad_audio", "the request body: " + clean(e, file));
        }
    }

    /** The decoder's message without the temporary file's name (it starts with it). */
    private static String clean(Exception e, Path file) {
        String m = String.valueOf(e.getMessage());
        String f = file.toString();
        if (m.startsWith(f)) m = m.substring(f.length());
        m = m.replace(f, "the body");
        return m.startsWith(":") ? m.substring(1).trim() : m.trim();
    }
}

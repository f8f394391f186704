package dev.cochlea.cli;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Detection;
import dev.cochlea.train.FeatureExtractor;
import dev.cochlea.train.StreamingClassifier;
import dev.cochlea.train.StreamingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code cochlea listen}: streaming keyword spotting, one line per detection with its time, from the
 * default microphone, an audio file, or raw 16-bit little-endian mono PCM at the model's rate on
 * standard input.
 *
 * <pre>{@code
 * ./cochlea listen runs/fsdd                      # the microphone, until Ctrl-C
 * ./cochlea listen runs/fsdd --input long.wav
 * sox long.wav -t raw -r 8000 -e signed -b 16 -c 1 - | ./cochlea listen runs/fsdd --input -
 * }</pre>
 */
@Command(name = "listen", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Spot keywords in a stream: the microphone, an audio file, or raw 16-bit PCM on stdin (--input -).")
final class ListenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder (runs/<name>).")
    Path run;

    @Option(names = "--input", paramLabel = "FILE|-", description = "An audio file (any format Cochlea reads), or - for raw 16-bit "
            + "little-endian mono PCM at the model's rate on standard input. Default: the default microphone.")
    String input;

    @Option(names = "--threshold", description = "Probability a keyword needs. Default: 0.3.")
    Double threshold;

    @Option(names = "--suppression-ms", description = "No detection for this long after one. Default: 500.")
    Double suppressionMs;

    @Option(names = "--sliding", description = "Slide a window every --hop-ms over the audio (for models trained with time shifts) "
            + "instead of classifying each stretch of speech from its onset.")
    boolean sliding;

    @Option(names = "--hop-ms", description = "With --sliding: time between evaluations. Default: 100.")
    Double hopMs;

    @Option(names = "--gate-db", description = "Quietest level that can be speech, dBFS. Default: -60.")
    Double gateDb;

    @Option(names = "--json", description = "One JSON object per detection.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Classifier model = Classifier.load(run);
        StreamingOptions o = StreamingOptions.defaults();
        if (threshold != null) o = o.threshold(threshold);
        if (suppressionMs != null) o = o.suppressionMs(suppressionMs);
        if (sliding) o = o.align(StreamingOptions.Align.SLIDING);
        if (hopMs != null) o = o.hopMs(hopMs);
        if (gateDb != null) o = o.gateDb(gateDb);
        StreamingClassifier stream = new StreamingClassifier(model, o);
        int rate = stream.sampleRate();
        long t0 = System.nanoTime();
        if (input == null) {
            microphone(stream, rate);
        } else if (input.equals("-")) {
            pcm(System.in, stream);
        } else {
            Path file = Path.of(input);
            AudioData audio = Audio.read(file);
            float[] mono = new FeatureExtractor(model.config().features()).stream(audio).toFloatArray();
            for (int i = 0; i < mono.length; i += 4096) print(stream.accept(mono, i, Math.min(4096, mono.length - i)));
        }
        print(stream.finish());
        double secs = (System.nanoTime() - t0) / 1e9, audioSecs = (double) stream.samples() / rate;
        System.err.printf(Locale.ROOT, "listened to %.1f s of audio in %.2f s (real-time factor %.4f), %d evaluations%n",
                audioSecs, secs, secs / Math.max(1e-9, audioSecs), stream.evaluations());
        return 0;
    }

    private void pcm(InputStream in, StreamingClassifier stream) throws IOException {
        byte[] buf = new byte[8192];
        float[] x = new float[buf.length / 2];
        int have = 0;
        for (int r; (r = in.read(buf, have, buf.length - have)) > 0; ) {
            have += r;
            int n = s16le(buf, have / 2, x);
            print(stream.accept(x, 0, n));
            // An odd byte (half a sample) waits for the next read.
            if ((have & 1) == 1) buf[0] = buf[have - 1];
            have &= 1;
        }
    }

    /** Samples {@code 0 .. n} of 16-bit little-endian PCM in {@code b}, as floats in [-1, 1), into {@code out}; returns n. */
    private static int s16le(byte[] b, int n, float[] out) {
        for (int i = 0; i < n; i++) out[i] = (short) ((b[2 * i + 1] << 8) | (b[2 * i] & 0xff)) / 32768f;
        return n;
    }

    private void microphone(StreamingClassifier stream, int rate) throws LineUnavailableException {
        AudioFormat f = new AudioFormat(rate, 16, 1, true, false);
        TargetDataLine line;
        try {
            line = AudioSystem.getTargetDataLine(f);
            line.open(f, rate / 5 * 2);
        } catch (LineUnavailableException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no microphone at " + rate + " Hz, 16-bit mono (" + e.getMessage()
                    + "); use --input FILE or --input - to read a file or standard input");
        }
        line.start();
        System.err.println("listening on the default microphone at " + rate + " Hz; Ctrl-C stops");
        Runtime.getRuntime().addShutdownHook(new Thread(line::close));
        byte[] buf = new byte[rate / 10 * 2];
        float[] x = new float[buf.length / 2];
        while (line.isOpen()) {
            int r = line.read(buf, 0, buf.length);
            if (r <= 0) break;
            print(stream.accept(x, 0, s16le(buf, r / 2, x)));
        }
    }

    private void print(List<Detection> found) {
        for (Detection d : found) {
            if (json) {
                System.out.printf(Locale.ROOT, "{\"time\":%.3f,\"start\":%.3f,\"label\":\"%s\",\"score\":%.4f}%n", d.time(), d.start(),
                        d.label().replace("\\", "\\\\").replace("\"", "\\\""), d.score());
            } else {
                System.out.printf(Locale.ROOT, "%9.2f s  %-12s %.2f%n", d.time(), d.label(), d.score());
            }
            System.out.flush();
        }
    }
}

package dev.cochlea.cli;

import dev.cochlea.kernels.Machine;
import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.audio.StftOptions;
import dev.cochlea.audio.Audio;
import dev.cochlea.kernels.Parallel;
import dev.cochlea.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code cochlea bench audio}: the audio front end's throughput. For every audio file in a folder
 * (default: the FSDD recordings in {@code ../shared/data/fsdd/recordings}) it reads the file and
 * computes a mel spectrogram (8 kHz, n_fft 256, hop 128, 40 mels) in decibels
 * ({@code AmplitudeToDB("power", top_db=80)}), first on one thread, then with clips in parallel on
 * all cores. Prints clips per second, the median of several runs after a warm-up; for one thread
 * also clips per second of process CPU time ({@code cpu_clips_per_s}), which a busy machine
 * disturbs much less than wall-clock time. {@code bench/audio_torchaudio.py} does the same with
 * torchaudio.
 *
 * <pre>{@code
 * ./cochlea bench audio
 * ./cochlea bench audio --data /data/fsdd/recordings --json
 * }</pre>
 */
@Command(name = "audio", mixinStandardHelpOptions = true,
        description = "Clips/s of audio reading + MelSpectrogram + AmplitudeToDB, on one thread and on all cores.")
final class BenchAudioCommand implements Callable<Integer> {
    private static final long WARM_UP_NANOS = 4_000_000_000L;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data/fsdd/recordings",
            description = "folder of audio files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--json", description = "print one JSON object per result per line")
    boolean json;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs per setting; the median is reported (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--threads", split = ",", description = "thread counts to measure (default: 1 and all cores)")
    int[] threads;

    /** One worker's transforms (built once per worker). */
    private record Pipeline(MelSpectrogram mel, AmplitudeToDB db) {
        static Pipeline create() {
            return new Pipeline(new MelSpectrogram(MelSpectrogram.options().stft(StftOptions.of(256).hopLength(128))
                    .sampleRate(8000).nMels(40)), AmplitudeToDB.of(AmplitudeToDB.SType.POWER, 80.0));
        }

        /** Reads and transforms one clip; returns a value so that nothing is optimised away. */
        float run(Path file) {
            try {
                Tensor wave = Audio.read(file).waveform();
                Tensor f = db.forward(mel.forward(wave));
                return f.storage()[f.offset()];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("no folder " + data.toAbsolutePath() + " (pass --data DIR with audio files)");
        }
        if (runs < 1) throw new IllegalArgumentException("--runs must be >= 1");
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.filter(Audio::hasAudioExtension).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no audio files (" + String.join(", ", Audio.EXTENSIONS) + ") in " + data.toAbsolutePath());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int[] counts = threads != null ? threads : (cores > 1 ? new int[] {1, cores} : new int[] {1});
        int savedThreads = Parallel.threads();
        try {
            Parallel.setThreads(1); // clips run in parallel, each clip on one thread
            if (!json) System.out.println("machine: " + Machine.get().describe());
            for (int t : counts) {
                if (t < 1) throw new IllegalArgumentException("--threads must be >= 1, found " + t);
                double[][] rates = measure(files, t);
                double median = BenchCommand.median(rates[0]);
                double cpu = BenchCommand.median(rates[1]);
                if (json) {
                    String cpuField = t == 1 ? String.format(Locale.ROOT, ",\"cpu_clips_per_s\":%.1f", cpu) : "";
                    System.out.printf(Locale.ROOT, "{\"bench\":\"audio\",\"threads\":%d,\"clips\":%d,\"clips_per_s\":%.1f%s}%n",
                            t, files.size(), median, cpuField);
                } else {
                    String cpuText = t == 1 ? String.format(Locale.ROOT, "; %,.0f clips per CPU second", cpu) : "";
                    System.out.printf(Locale.ROOT, "audio: %d clips, %2d thread(s): %,.0f clips/s (median of %d runs; all: %s)%s%n",
                            files.size(), t, median, rates[0].length,
                            Arrays.toString(Arrays.stream(rates[0]).mapToLong(Math::round).toArray()), cpuText);
                }
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
        return 0;
    }

    /** Process CPU time in nanoseconds (all threads: work, JIT and GC), or -1 where the JVM cannot tell. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Clips per wall-clock second and per process CPU second of each timed run, after at least 4 s of warm-up. */
    private double[][] measure(List<Path> files, int threadCount) throws Exception {
        ExecutorService pool = threadCount > 1 ? Executors.newFixedThreadPool(threadCount, r -> {
            Thread th = new Thread(r, "bench-audio");
            th.setDaemon(true);
            return th;
        }) : null;
        try {
            Pipeline single = Pipeline.create();
            List<Pipeline> perWorker = new ArrayList<>();
            for (int i = 0; i < threadCount; i++) perWorker.add(Pipeline.create());
            double[] rates = new double[runs];
            double[] cpuRates = new double[runs];
            // The Vector API kernels run slowly until the JIT has compiled them all (seconds on a
            // busy machine), so warm up for a fixed time, not a fixed number of passes.
            long warmStart = System.nanoTime();
            for (int w = 0; w < 2 || System.nanoTime() - warmStart < WARM_UP_NANOS; w++) pass(files, pool, single, perWorker);
            for (int r = 0; r < runs; r++) {
                long c0 = processCpuNanos();
                long t0 = System.nanoTime();
                pass(files, pool, single, perWorker);
                double s = (System.nanoTime() - t0) / 1e9;
                double c = (processCpuNanos() - c0) / 1e9;
                rates[r] = files.size() / s;
                cpuRates[r] = c0 < 0 ? Double.NaN : files.size() / c;
            }
            return new double[][] {rates, cpuRates};
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    private static void pass(List<Path> files, ExecutorService pool, Pipeline single, List<Pipeline> perWorker) throws Exception {
        if (pool == null) {
            float sink = 0;
            for (Path f : files) sink += single.run(f);
            if (sink == 1234.5f) System.out.print("");
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> fs = new ArrayList<>();
        for (Pipeline p : perWorker) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < files.size(); ) p.run(files.get(i));
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
    }

}

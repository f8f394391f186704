// The streaming benchmark's recording (docs/benchmarks.md, "Streaming"): 100 spoken digits of the
// official test split (takes 0-4), shuffled with seed 1, each after 0.8-1.5 s of quiet, one second of
// quiet at the end, white noise at -70 dBFS over all of it. Writes OUT.wav (8 kHz, 16-bit) and OUT.csv
// (label, start and end in seconds, file) for bench/score_stream.py.
//
//   mvn -q -DskipTests package
//   java --add-modules jdk.incubator.vector -cp 'cochlea-cli/target/cochlea.jar:cochlea-cli/target/lib/*' \
//       bench/MakeStream.java ../shared/data/fsdd/recordings /tmp/digits100
import dev.cochlea.audio.Audio;
import dev.cochlea.audio.Wav;
import dev.cochlea.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

public class MakeStream {
    public static void main(String[] args) throws Exception {
        int rate = 8000;
        Path dir = Path.of(args[0]);
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("\\d_[a-z]+_[0-4]\\.wav")).sorted().forEach(files::add);
        }
        Random r = new Random(1);
        Collections.shuffle(files, r);
        files = files.subList(0, 100);
        List<float[]> parts = new ArrayList<>();
        StringBuilder truth = new StringBuilder("label,start,end,file\n");
        long pos = 0;
        for (Path f : files) {
            int gap = (int) ((0.8 + 0.7 * r.nextDouble()) * rate);
            parts.add(new float[gap]);
            pos += gap;
            float[] x = Audio.read(f).waveform().reshape(-1).toFloatArray();
            parts.add(x);
            truth.append(f.getFileName().toString().charAt(0)).append(',').append((double) pos / rate).append(',')
                    .append((double) (pos + x.length) / rate).append(',').append(f.getFileName()).append('\n');
            pos += x.length;
        }
        parts.add(new float[rate]);
        pos += rate;
        float[] all = new float[(int) pos];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        double noise = Math.pow(10, -70 / 20.0);
        for (int i = 0; i < all.length; i++) all[i] += (float) (noise * r.nextGaussian());
        Wav.write16(Path.of(args[1] + ".wav"), Tensor.wrap(all, 1, all.length), rate);
        Files.writeString(Path.of(args[1] + ".csv"), truth);
    }
}

package dev.cochlea.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Prediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cochlea predict}: labels recordings with a trained run, one line per file. A file that
 * cannot be read gets an error line and the others are still labelled; the exit code is 1 if any
 * file failed.
 *
 * <pre>{@code
 * ./cochlea predict runs/fsdd clip1.wav clip2.wav --top 3
 * ./cochlea predict kws.onnx clip1.wav --config runs/kws/config.json
 * }</pre>
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Label recordings with a trained run.")
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder (runs/<name>), or an ONNX model (.onnx) taking the "
            + "run's normalised features.")
    Path run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Audio files to label (WAV, AIFF, AU; FLAC, MP3, Ogg "
            + "with the codec module), recognised by their content.")
    List<Path> files;

    @Option(names = {"-k", "--top"}, defaultValue = "3", description = "How many labels to show per file. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--threshold", defaultValue = "0", description = "Answer 'unknown' when the best probability is below this "
            + "(0: always name a class). Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--crops", defaultValue = "1", description = "Average over this many time-shifted copies of each clip "
            + "(test-time augmentation; 1 is off). Default: ${DEFAULT-VALUE}.")
    int crops;

    @Option(names = "--json", description = "One JSON object per file, one per line.")
    boolean json;

    @Option(names = "--config", paramLabel = "CONFIG", description = "For an ONNX model: the feature settings and labels (a run folder or "
            + "its config.json). Default: the model's own metadata (Cochlea's exports), else a config.json beside it.")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new IllegalArgumentException("--top: expected >= 1, found " + top);
        Classifier classifier = Classifiers.open(run, config).withCrops(crops).withThreshold(threshold);
        ObjectMapper mapper = new ObjectMapper();
        int failed = 0;
        for (Path f : files) {
            try {
                Prediction p = classifier.predict(f);
                if (json) {
                    List<Map<String, Object>> ranked = new ArrayList<>();
                    for (Prediction.Ranked r : p.top(top)) ranked.add(Map.of("label", r.label(), "probability", r.probability()));
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("file", f.toString());
                    o.put("label", p.label());
                    o.put("probability", p.probability());
                    o.put("accepted", p.accepted());
                    o.put("top", ranked);
                    System.out.println(mapper.writeValueAsString(o));
                } else {
                    StringBuilder sb = new StringBuilder(f.toString()).append(": ");
                    if (!p.accepted()) sb.append(Prediction.UNKNOWN).append(" (best below ").append(threshold).append(") — ");
                    List<Prediction.Ranked> ranked = p.top(top);
                    for (int i = 0; i < ranked.size(); i++) {
                        if (i > 0) sb.append(", ");
                        sb.append(ranked.get(i).label()).append(String.format(Locale.ROOT, " (%.1f%%)", 100 * ranked.get(i).probability()));
                    }
                    System.out.println(sb);
                }
            } catch (Exception e) {
                failed++;
                String message = e instanceof AudioFormatException || e instanceof java.nio.file.FileSystemException ? e.getMessage()
                        : f + ": " + e.getMessage();
                if (json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("file", f.toString());
                    o.put("error", String.valueOf(e.getMessage()));
                    System.out.println(mapper.writeValueAsString(o));
                } else {
                    System.err.println("cochlea predict: " + message);
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}

package dev.cochlea.cli;

import dev.cochlea.serve.ModelServer;
import dev.cochlea.serve.ServeOptions;
import dev.cochlea.train.Classifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code cochlea serve}: trained runs behind an HTTP API, a page that listens, and streaming keyword
 * spotting over WebSocket, until Ctrl-C (which drains requests in flight). docs/serving.md has the API.
 *
 * <pre>{@code
 * ./cochlea serve runs/fsdd --port 8080
 * curl --data-binary @7_theo_3.wav http://127.0.0.1:8080/v1/models/fsdd/predict
 * }</pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve trained runs over HTTP: predictions, a page that listens at /, streaming over WebSocket.")
final class ServeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "Run folders or ONNX models (.onnx) to serve; each under its folder's "
            + "(or file's) name, or NAME=RUN.")
    List<String> runs;

    @Option(names = "--config", paramLabel = "CONFIG", description = "For ONNX models: the feature settings and labels (a run folder or its "
            + "config.json). Default: each model's own metadata (Cochlea's exports), else a config.json beside it.")
    Path config;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (0.0.0.0: every interface). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0: any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--max-batch", defaultValue = "32", description = "Most requests in one forward pass. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "2", description = "How long a request waits for others to share its pass. Default: ${DEFAULT-VALUE}.")
    double maxWaitMs;

    @Option(names = "--workers", defaultValue = "1", description = "Forward passes at once per model: 1 spreads each over the cores, "
            + "N runs N batches side by side, one core each (more throughput under load). Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--queue", defaultValue = "256", description = "Requests waiting per model before new ones get 503. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--max-body-bytes", defaultValue = "16777216", description = "Largest request body. Default: ${DEFAULT-VALUE}.")
    long maxBodyBytes;

    @Option(names = "--max-seconds", defaultValue = "30", description = "Longest recording accepted. Default: ${DEFAULT-VALUE}.")
    double maxSeconds;

    @Option(names = "--timeout-ms", defaultValue = "10000", description = "A request not answered within this gets 504. Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(names = "--threshold", description = "Streaming: the probability a keyword needs (default: the streaming default, 0.3).")
    Double threshold;

    /** Held so the levels stay set (java.util.logging keeps loggers weakly). */
    private static final List<java.util.logging.Logger> QUIET = List.of(java.util.logging.Logger.getLogger("org.eclipse.jetty"),
            java.util.logging.Logger.getLogger("io.javalin"));

    @Override
    public Integer call() throws Exception {
        for (var l : QUIET) l.setLevel(java.util.logging.Level.WARNING);
        Map<String, Classifier> models = new LinkedHashMap<>();
        for (String r : runs) {
            int eq = r.indexOf('=');
            Path dir = Path.of(eq > 0 ? r.substring(eq + 1) : r);
            String file = dir.toAbsolutePath().normalize().getFileName().toString();
            String name = eq > 0 ? r.substring(0, eq) : dev.cochlea.onnx.OnnxClassifier.isOnnx(dir) ? file.substring(0, file.length() - 5) : file;
            if (models.containsKey(name)) throw new IllegalArgumentException("RUN: two runs are named '" + name + "'; name them with NAME=RUN");
            models.put(name, dev.cochlea.onnx.OnnxClassifier.isOnnx(dir) ? Classifiers.open(dir, config) : Classifier.load(dir));
        }
        ServeOptions o = ServeOptions.defaults().host(host).port(port).maxBatch(maxBatch).maxWaitMs(maxWaitMs).workers(workers).queueCapacity(queue)
                .maxBodyBytes(maxBodyBytes).maxAudioSeconds(maxSeconds).timeoutMs(timeoutMs);
        if (threshold != null) o = o.streaming(o.streaming().threshold(threshold));
        ModelServer server = new ModelServer(models, o);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cochlea-serve-drain"));
        String shown = host.contains(":") ? "[" + host + "]" : host;
        System.out.println("serving " + String.join(", ", models.keySet()) + " on http://" + shown + ":" + server.port()
                + "/  (POST /v1/models/{name}/predict, WebSocket /v1/models/{name}/stream, GET /metrics; Ctrl-C stops)");
        server.awaitStop();
        return 0;
    }
}

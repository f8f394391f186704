package dev.cochlea.serve;

import dev.cochlea.train.Classifier;
import dev.cochlea.train.FeatureConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trained runs behind an HTTP API (Javalin on Jetty 12): one-shot predictions micro-batched into
 * shared forward passes, streaming keyword spotting over WebSocket, a page that listens at {@code /},
 * health and Prometheus metrics. Every refusal is a JSON object {@code {"error": kind, "message": ...}}
 * with the matching status (docs/serving.md lists them).
 *
 * <pre>{@code
 * try (ModelServer server = new ModelServer(Map.of("fsdd", Classifier.load(Path.of("runs/fsdd"))),
 *         ServeOptions.defaults().port(8080))) {
 *     server.start();
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class ModelServer implements AutoCloseable {
    private final Map<String, ServedModel> models = new LinkedHashMap<>();
    private final PredictEndpoint predictions;
    private final ServeOptions options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final StreamSockets sockets;
    private final Javalin app;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The longest warm-up of one model before the server listens. */
    static final long WARM_UP_MILLIS = Long.getLong("cochlea.serve.warmUpMillis", 1500);

    /** A server for {@code models} (name → classifier, names as they appear in URLs). */
    public ModelServer(Map<String, Classifier> models, ServeOptions options) {
        if (models.isEmpty()) throw new IllegalArgumentException("models: expected at least one run to serve");
        this.options = options;
        for (var e : models.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("model name '" + e.getKey() + "': expected 1-64 letters, digits, '.', '_' or '-'");
            }
            this.models.put(e.getKey(), new ServedModel(e.getKey(), e.getValue(), new MicroBatcher(e.getKey(), e.getValue(), options, metrics)));
        }
        this.predictions = new PredictEndpoint(this::served, new RequestAudio(options.maxBodyBytes(), options.maxAudioSeconds()), options,
                metrics, draining::get);
        Map<String, Classifier> classifiers = new LinkedHashMap<>(models);
        this.sockets = new StreamSockets(classifiers, options, metrics, draining::get);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.multipartConfig.maxFileSize(options.maxBodyBytes(), io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(options.maxBodyBytes() + 65536, io.javalin.config.SizeUnit.BYTES);
            config.jetty.modifyServer(server -> server.setStopTimeout(options.drainMs()));
            config.jetty.modifyHttpConfiguration(http -> http.setIdleTimeout(options.idleTimeoutMs()));
            config.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setIdleTimeout(Duration.ofMillis(options.idleTimeoutMs()));
                ws.setMaxBinaryMessageSize(StreamSockets.MAX_MESSAGE_BYTES);
                ws.setMaxTextMessageSize(4096);
            });
            config.staticFiles.add(web -> {
                web.hostedPath = "/";
                web.directory = "/dev/cochlea/serve/web";
                web.location = Location.CLASSPATH;
            });
            config.routes.get("/healthz", this::health);
            config.routes.get("/metrics", ctx -> {
                for (ServedModel m : this.models.values()) metrics.queueDepth(m.name(), m.batcher().depth());
                ctx.contentType(metrics.contentType()).result(metrics.scrape());
            });
            config.routes.get("/v1/models", ctx -> ctx.json(Map.of("models", describeAll())));
            config.routes.get("/v1/models/{name}", ctx -> ctx.json(describe(served(ctx.pathParam("name")))));
            config.routes.post("/v1/models/{name}/predict", predictions::handle);
            config.routes.ws("/v1/models/{name}/stream", sockets::configure);
            config.routes.exception(ApiError.class, (e, ctx) -> refuse(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                metrics.error("internal");
                ctx.status(500).json(Map.of("error", "internal", "message", e.getClass().getSimpleName() + ": " + e.getMessage()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || !ctx.result().startsWith("{")) {
                    metrics.error("not_found");
                    ctx.json(Map.of("error", "not_found", "message", "no such endpoint: " + ctx.method() + " " + ctx.path()
                            + " (GET /v1/models lists the models; POST /v1/models/{name}/predict labels a recording)"));
                }
            });
            config.routes.error(405, ctx -> {
                metrics.error("method_not_allowed");
                ctx.json(Map.of("error", "method_not_allowed", "message", ctx.method() + " is not accepted on " + ctx.path()));
            });
        });
    }

    /**
     * Runs each model on silence one clip at a time and in full batches ({@link Classifier#warmUp}, at
     * most 1.5 s a model), then starts listening; returns this server.
     */
    public ModelServer start() {
        for (ServedModel m : models.values()) m.classifier().warmUp(options.maxBatch(), WARM_UP_MILLIS);
        app.start(options.host(), options.port());
        return this;
    }

    /** The port it listens on (the one chosen when the options said 0). */
    public int port() {
        return app.port();
    }

    /** Blocks until {@link #close} has finished (e.g. from a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully: health turns 503 and new requests are refused, requests in flight are answered
     * (up to the drain time), open streams are closed with 1001, then the workers stop.
     */
    @Override
    public void close() {
        if (!draining.compareAndSet(false, true)) return;
        try {
            sockets.closeAll();
            app.stop();
        } finally {
            for (ServedModel s : models.values()) s.batcher().close();
            stopped.countDown();
        }
    }

    private void health(Context ctx) {
        if (draining.get()) {
            ctx.status(503).json(Map.of("status", "shutting_down"));
            return;
        }
        Map<String, Object> queues = new LinkedHashMap<>();
        for (ServedModel s : models.values()) queues.put(s.name(), s.batcher().depth());
        ctx.json(Map.of("status", "ok", "models", new ArrayList<>(models.keySet()), "queue_depth", queues));
    }

    private ServedModel served(String name) {
        ServedModel s = models.get(name);
        if (s == null) throw new ApiError(404, "unknown_model", "no model named '" + name + "'; served: " + String.join(", ", models.keySet()));
        return s;
    }

    private List<Map<String, Object>> describeAll() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ServedModel s : models.values()) out.add(describe(s));
        return out;
    }

    private static Map<String, Object> describe(ServedModel s) {
        FeatureConfig f = s.classifier().config().features();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("model", s.classifier().config().model());
        m.put("labels", s.classifier().labels());
        m.put("sample_rate", f.sampleRate());
        m.put("clip_seconds", (double) f.clipSamples() / f.sampleRate());
        m.put("input_shape", f.inputShape());
        Map<String, Object> feat = new LinkedHashMap<>();
        feat.put("kind", f.kind());
        feat.put("n_fft", f.nFft());
        feat.put("hop_length", f.hopLength());
        feat.put("bands", f.bands());
        feat.put("normalize", s.classifier().config().normalization().name().toLowerCase(java.util.Locale.ROOT));
        m.put("features", feat);
        return m;
    }

    private void refuse(Context ctx, ApiError e) {
        metrics.error(e.kind());
        if (e.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        ctx.status(e.status()).json(Map.of("error", e.kind(), "message", e.getMessage()));
    }
}

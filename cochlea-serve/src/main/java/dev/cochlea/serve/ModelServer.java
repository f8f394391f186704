package dev.cochlea.serve;

import dev.cochlea.audio.AudioData;
import dev.cochlea.tensor.Tensor;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.FeatureConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final Map<String, Served> models = new LinkedHashMap<>();
    private final ServeOptions options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final RequestAudio audio;
    private final StreamSockets sockets;
    private final Javalin app;
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    private record Served(String name, Classifier classifier, MicroBatcher batcher) {
    }

    /** A server for {@code models} (name → classifier, names as they appear in URLs). */
    public ModelServer(Map<String, Classifier> models, ServeOptions options) {
        if (models.isEmpty()) throw new IllegalArgumentException("models: expected at least one run to serve");
        this.options = options;
        for (var e : models.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("model name '" + e.getKey() + "': expected 1-64 letters, digits, '.', '_' or '-'");
            }
            this.models.put(e.getKey(), new Served(e.getKey(), e.getValue(), new MicroBatcher(e.getKey(), e.getValue(), options, metrics)));
        }
        this.audio = new RequestAudio(options.maxBodyBytes(), options.maxAudioSeconds());
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
                for (Served m : this.models.values()) metrics.queueDepth(m.name(), m.batcher().depth());
                ctx.contentType(metrics.contentType()).result(metrics.scrape());
            });
            config.routes.get("/v1/models", ctx -> ctx.json(Map.of("models", describeAll())));
            config.routes.get("/v1/models/{name}", ctx -> ctx.json(describe(served(ctx.pathParam("name")))));
            config.routes.post("/v1/models/{name}/predict", this::predict);
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

    /** Starts listening; returns this server. */
    public ModelServer start() {
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
            for (Served s : models.values()) s.batcher().close();
            stopped.countDown();
        }
    }

    private void health(Context ctx) {
        if (draining.get()) {
            ctx.status(503).json(Map.of("status", "shutting_down"));
            return;
        }
        Map<String, Object> queues = new LinkedHashMap<>();
        for (Served s : models.values()) queues.put(s.name(), s.batcher().depth());
        ctx.json(Map.of("status", "ok", "models", new ArrayList<>(models.keySet()), "queue_depth", queues));
    }

    private Served served(String name) {
        Served s = models.get(name);
        if (s == null) throw new ApiError(404, "unknown_model", "no model named '" + name + "'; served: " + String.join(", ", models.keySet()));
        return s;
    }

    private List<Map<String, Object>> describeAll() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Served s : models.values()) out.add(describe(s));
        return out;
    }

    private static Map<String, Object> describe(Served s) {
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

    private void predict(Context ctx) throws IOException {
        long t0 = System.nanoTime();
        String name = ctx.pathParam("name");
        int status = 200;
        try {
            if (draining.get()) throw ApiError.shuttingDown();
            Served s = served(name);
            int k = topK(ctx.queryParam("k"), s.classifier().labels().size());
            s.batcher().preparing();
            AudioData a;
            Tensor features;
            boolean ready = false;
            try {
                a = body(ctx, t0 + options.timeoutMs() * 1_000_000L);
                features = s.classifier().features(a);
                ready = true;
            } finally {
                if (!ready) s.batcher().abandoned();
            }
            float[] p = await(s, features, t0);
            ctx.json(answer(s, p, k, a, t0));
        } catch (ApiError e) {
            status = e.status();
            throw e;
        } catch (Exception | Error e) {
            status = 500;
            throw e;
        } finally {
            metrics.request(models.containsKey(name) ? name : "-", "predict", status, (System.nanoTime() - t0) / 1e9);
        }
    }

    private AudioData body(Context ctx, long deadline) throws IOException {
        String type = ctx.contentType();
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            UploadedFile f;
            List<UploadedFile> all;
            try {
                f = ctx.uploadedFile("file");
                all = f == null ? ctx.uploadedFiles() : List.of(f);
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                if (why.toLowerCase(java.util.Locale.ROOT).contains("size") || why.toLowerCase(java.util.Locale.ROOT).contains("max")) {
                    throw new ApiError(413, "body_too_large", "the multipart upload is larger than " + options.maxBodyBytes()
                            + " bytes (--max-body-bytes)");
                }
                throw new ApiError(400, "bad_multipart", "the multipart body cannot be read: " + why);
            }
            if (f == null) {
                if (all.isEmpty()) throw new ApiError(400, "no_file", "the multipart body holds no file; send the recording in a field named 'file'");
                f = all.get(0);
            }
            if (f.size() > options.maxBodyBytes()) {
                throw new ApiError(413, "body_too_large", "the uploaded file holds " + f.size() + " bytes; the most accepted is "
                        + options.maxBodyBytes() + " (--max-body-bytes)");
            }
            try (var in = f.content()) {
                return audio.read(in, f.size(), deadline);
            }
        }
        return audio.read(ctx.req().getInputStream(), ctx.req().getContentLengthLong(), deadline);
    }

    /** The probabilities, or 504 when the request (counted from its arrival at {@code t0}) outlives the timeout. */
    private float[] await(Served s, Tensor features, long t0) {
        long left = t0 + options.timeoutMs() * 1_000_000L - System.nanoTime();
        if (left <= 0) {
            s.batcher().abandoned();
            throw new ApiError(504, "timeout", "no answer within " + options.timeoutMs() + " ms (--timeout-ms); the server is busy", 1);
        }
        var future = s.batcher().submit(features);
        try {
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ApiError(504, "timeout", "no answer within " + options.timeoutMs() + " ms (--timeout-ms); the server is busy", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiError a) throw a;
            throw new IllegalStateException("the forward pass failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.shuttingDown();
        }
    }

    private static int topK(String k, int classes) {
        if (k == null) return Math.min(3, classes);
        try {
            int v = Integer.parseInt(k);
            if (v >= 1) return Math.min(v, classes);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiError(400, "bad_parameter", "k: expected a whole number >= 1, found '" + k + "'");
    }

    private static Map<String, Object> answer(Served s, float[] p, int k, AudioData a, long t0) {
        List<String> labels = s.classifier().labels();
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
        List<Map<String, Object>> top = new ArrayList<>(k);
        for (int i = 0; i < k; i++) top.add(Map.of("label", labels.get(order[i]), "probability", p[order[i]]));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.name());
        m.put("label", labels.get(order[0]));
        m.put("probability", p[order[0]]);
        m.put("top", top);
        m.put("duration_seconds", a.durationSeconds());
        m.put("sample_rate", a.sampleRate());
        m.put("channels", a.channels());
        m.put("took_ms", (System.nanoTime() - t0) / 1e6);
        return m;
    }

    private void refuse(Context ctx, ApiError e) {
        metrics.error(e.kind());
        if (e.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        ctx.status(e.status()).json(Map.of("error", e.kind(), "message", e.getMessage()));
    }
}

package dev.cochlea.serve;

import dev.cochlea.audio.AudioData;
import dev.cochlea.tensor.Tensor;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@code POST /v1/models/{name}/predict}: reads the recording (raw body or multipart {@code file}),
 * computes its features on the request's thread, hands them to the model's {@link MicroBatcher} and
 * answers with the top {@code k} labels, within the request's time. Every refusal is an
 * {@link ApiError}; every request is counted with its status.
 *
 * <pre>{@code
 * PredictEndpoint p = new PredictEndpoint(models::get, audio, options, metrics, draining::get);
 * config.routes.post("/v1/models/{name}/predict", p::handle);
 * }</pre>
 */
final class PredictEndpoint {
    private final Function<String, ServedModel> models;
    private final RequestAudio audio;
    private final ServeOptions options;
    private final ServerMetrics metrics;
    private final BooleanSupplier draining;

    /** {@code models} gives the served model of a name, or throws a 404 {@link ApiError}. */
    PredictEndpoint(Function<String, ServedModel> models, RequestAudio audio, ServeOptions options, ServerMetrics metrics,
                    BooleanSupplier draining) {
        this.models = models;
        this.audio = audio;
        this.options = options;
        this.metrics = metrics;
        this.draining = draining;
    }


    /** Answers {@code POST /v1/models/{name}/predict}. */
    void handle(Context ctx) throws IOException {
        long t0 = System.nanoTime();
        String name = ctx.pathParam("name");
        String counted = "-";
        int status = 200;
        try {
            if (draining.getAsBoolean()) throw ApiError.shuttingDown();
            ServedModel s = models.apply(name);
            counted = name;
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
            metrics.request(counted, "predict", status, (System.nanoTime() - t0) / 1e9);
        }
    }

    private AudioData body(Context ctx, long deadline) throws IOException {
        String type = ctx.contentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            UploadedFile f;
            List<UploadedFile> all;
            try {
                f = ctx.uploadedFile("file");
                all = f == null ? ctx.uploadedFiles() : List.of(f);
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                if (why.toLowerCase(Locale.ROOT).contains("size") || why.toLowerCase(Locale.ROOT).contains("max")) {
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
    private float[] await(ServedModel s, Tensor features, long t0) {
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

    private static Map<String, Object> answer(ServedModel s, float[] p, int k, AudioData a, long t0) {
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
}

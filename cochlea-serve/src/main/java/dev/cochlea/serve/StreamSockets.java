package dev.cochlea.serve;

import dev.cochlea.audio.StreamResampler;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Detection;
import dev.cochlea.train.StreamingClassifier;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Streaming keyword spotting over WebSocket at {@code /v1/models/{name}/stream}: the client sends
 * binary messages of mono PCM ({@code ?format=f32}, the default: little-endian 32-bit floats;
 * {@code ?format=s16}: little-endian 16-bit integers) at the model's sample rate, or at the one it
 * names ({@code ?rate=48000}: resampled on the way by a {@link StreamResampler}), and receives JSON
 * text messages: {@code ready} once (model, labels, sample rate), {@code detection} for each keyword
 * heard (label, score, time and start in seconds since the stream began), {@code speech} when the
 * voice gate opens or closes, and {@code error} before the server closes a stream it will not read
 * (1003: a message that is not whole samples, or text other than {@code end}; 1008: audio far ahead of
 * real time; 1013: too many streams). Jetty itself closes with 1009 a message over
 * {@value #MAX_MESSAGE_BYTES} bytes. The text message {@code {"type":"end"}} flushes a word still
 * being spoken. Each stream has its own {@link StreamingClassifier}; streams share nothing.
 *
 * <pre>{@code
 * ws = new WebSocket("ws://127.0.0.1:8080/v1/models/fsdd/stream?format=f32");
 * ws.onmessage = e => { const m = JSON.parse(e.data); if (m.type === "detection") show(m.label); };
 * ws.send(float32Array.buffer);
 * }</pre>
 */
final class StreamSockets {
    /** The largest binary message: 1 s of float samples at 48 kHz is 192 KB. */
    static final int MAX_MESSAGE_BYTES = 256 << 10;

    private final Map<String, Classifier> models;
    private final ServeOptions options;
    private final ServerMetrics metrics;
    private final Map<String, Stream> open = new ConcurrentHashMap<>();
    private final java.util.function.BooleanSupplier draining;

    private static final class Stream {
        final String model;
        final StreamingClassifier classifier;
        final boolean s16;
        final WsContext ctx;
        final StreamResampler resampler;
        final int inputRate;
        final long startNanos = System.nanoTime();
        boolean speaking;

        Stream(String model, StreamingClassifier classifier, boolean s16, WsContext ctx, StreamResampler resampler, int inputRate) {
            this.inputRate = inputRate;
            this.model = model;
            this.classifier = classifier;
            this.s16 = s16;
            this.ctx = ctx;
            this.resampler = resampler;
        }
    }

    StreamSockets(Map<String, Classifier> models, ServeOptions options, ServerMetrics metrics, java.util.function.BooleanSupplier draining) {
        this.draining = draining;
        this.models = models;
        this.options = options;
        this.metrics = metrics;
    }

    void configure(WsConfig ws) {
        ws.onConnect(ctx -> {
            if (draining.getAsBoolean()) {
                refuse(ctx, 1001, "shutting_down", "the server is shutting down");
                return;
            }
            if (open.size() >= options.maxStreams()) {
                refuse(ctx, 1013, "too_many_streams", open.size() + " streams are open, the most is " + options.maxStreams()
                        + "; try again later");
                return;
            }
            String name = ctx.pathParam("name");
            Classifier c = models.get(name);
            if (c == null) {
                refuse(ctx, 1008, "unknown_model", "no model named '" + name + "'; served: " + String.join(", ", models.keySet()));
                return;
            }
            String format = ctx.queryParam("format") == null ? "f32" : ctx.queryParam("format").toLowerCase(Locale.ROOT);
            if (!format.equals("f32") && !format.equals("s16")) {
                refuse(ctx, 1003, "bad_parameter", "format: expected f32 or s16, found '" + format + "'");
                return;
            }
            int rate = c.config().features().sampleRate();
            String asked = ctx.queryParam("rate");
            int input = rate;
            StreamResampler resampler = null;
            if (asked != null && !asked.equals(Integer.toString(rate))) {
                try {
                    input = Integer.parseInt(asked);
                    resampler = new StreamResampler(input, rate);
                } catch (IllegalArgumentException e) {
                    refuse(ctx, 1003, "bad_parameter", "rate: expected a sample rate in Hz, found '" + asked + "'"
                            + (e instanceof NumberFormatException ? "" : ": " + e.getMessage()));
                    return;
                }
            }
            Stream s = new Stream(name, new StreamingClassifier(c, options.streaming()), format.equals("s16"), ctx, resampler, input);
            open.put(ctx.sessionId(), s);
            metrics.streamOpened();
            ctx.send(json(Map.of("type", "ready", "model", name, "labels", c.labels(), "sample_rate", rate, "input_rate", input,
                    "format", format)));
        });
        ws.onBinaryMessage(ctx -> {
            Stream s = open.get(ctx.sessionId());
            if (s == null) return;
            ByteBuffer data = ctx.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int width = s.s16 ? 2 : 4;
            if (data.remaining() % width != 0) {
                refuse(ctx, 1003, "bad_stream", "a binary message of " + data.remaining() + " bytes is not whole "
                        + (s.s16 ? "16-bit" : "32-bit float") + " samples");
                return;
            }
            float[] pcm = new float[data.remaining() / width];
            for (int i = 0; i < pcm.length; i++) pcm[i] = s.s16 ? data.getShort() / 32768f : data.getFloat();
            double heard = (double) s.classifier.samples() / s.classifier.sampleRate() + (double) pcm.length / s.inputRate;
            double elapsed = (System.nanoTime() - s.startNanos) / 1e9;
            if (heard - elapsed > options.streamAheadSeconds()) {
                refuse(ctx, 1008, "too_fast", String.format(Locale.ROOT, "%.0f s of audio arrived in %.1f s; a stream may run at most %.0f s"
                        + " ahead of real time (send audio as it is recorded; POST files to /predict)", heard, elapsed, options.streamAheadSeconds()));
                return;
            }
            List<Detection> found;
            synchronized (s) {
                float[] x = s.resampler == null ? pcm : s.resampler.process(pcm, 0, pcm.length);
                found = s.classifier.accept(x, 0, x.length);
            }
            report(s, found);
        });
        ws.onMessage(ctx -> {
            Stream s = open.get(ctx.sessionId());
            if (s == null) return;
            if (isEnd(ctx.message())) {
                List<Detection> found;
                synchronized (s) {
                    if (s.resampler != null) {
                        float[] tail = s.resampler.flush();
                        found = new java.util.ArrayList<>(s.classifier.accept(tail, 0, tail.length));
                        found.addAll(s.classifier.finish());
                    } else {
                        found = s.classifier.finish();
                    }
                }
                report(s, found);
                ctx.send(json(Map.of("type", "end", "seconds", (double) s.classifier.samples() / s.classifier.sampleRate())));
                return;
            }
            refuse(ctx, 1003, "bad_stream", "text messages other than {\"type\":\"end\"} are not understood; send audio as binary messages");
        });
        ws.onClose(ctx -> {
            if (open.remove(ctx.sessionId()) != null) metrics.streamClosed();
        });
        ws.onError(ctx -> {
            metrics.error("stream_error");
            if (open.remove(ctx.sessionId()) != null) metrics.streamClosed();
        });
    }

    private static boolean isEnd(String message) {
        try {
            var node = JSON.readTree(message);
            return node != null && node.isObject() && "end".equals(node.path("type").asText(null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    private void report(Stream s, List<Detection> found) {
        boolean speaking = s.classifier.speaking();
        if (speaking != s.speaking) {
            s.speaking = speaking;
            s.ctx.send(json(Map.of("type", "speech", "active", speaking, "time", (double) s.classifier.samples() / s.classifier.sampleRate())));
        }
        for (Detection d : found) {
            metrics.detection(s.model);
            s.ctx.send(json(Map.of("type", "detection", "label", d.label(), "score", d.score(), "time", d.time(), "start", d.start())));
        }
    }

    private void refuse(WsContext ctx, int code, String kind, String message) {
        metrics.error(kind);
        ctx.send(json(Map.of("type", "error", "error", kind, "message", message)));
        ctx.closeSession(code, kind);
        if (open.remove(ctx.sessionId()) != null) metrics.streamClosed();
    }

    /** Closes every open stream with 1001 (going away). */
    void closeAll() {
        for (var e : open.entrySet()) {
            try {
                e.getValue().ctx.closeSession(1001, "server shutting down");
            } catch (RuntimeException ignored) {
                // already gone
            }
            if (open.remove(e.getKey()) != null) metrics.streamClosed();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

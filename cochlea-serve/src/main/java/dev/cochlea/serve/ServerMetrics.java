package dev.cochlea.serve;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's counters in Prometheus' text format ({@code GET /metrics}), kept by the Prometheus
 * Java client: requests by model, endpoint and status; request latency and batch size histograms;
 * errors by kind; queue depth and open streams.
 *
 * <pre>{@code
 * ServerMetrics m = new ServerMetrics();
 * m.request("fsdd", "predict", 200, 0.004);
 * String text = m.scrape();
 * }</pre>
 */
final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests = Counter.builder().name("cochlea_requests_total")
            .help("HTTP requests answered, by model, endpoint and status").labelNames("model", "endpoint", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("cochlea_request_duration_seconds")
            .help("Time from a request's arrival to its answer").labelNames("model", "endpoint").classicOnly()
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    private final Counter errors = Counter.builder().name("cochlea_errors_total")
            .help("Refused or failed requests and streams, by kind").labelNames("kind").register(registry);
    private final Gauge queue = Gauge.builder().name("cochlea_queue_depth")
            .help("Requests waiting for a forward pass").labelNames("model").register(registry);
    private final Histogram batch = Histogram.builder().name("cochlea_batch_size")
            .help("Requests per forward pass").labelNames("model").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024).register(registry);
    private final Gauge streams = Gauge.builder().name("cochlea_streams_open").help("Open WebSocket streams").register(registry);
    private final Counter detections = Counter.builder().name("cochlea_stream_detections_total")
            .help("Keywords detected on streams, by model").labelNames("model").register(registry);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    void request(String model, String endpoint, int status, double seconds) {
        requests.labelValues(model, endpoint, Integer.toString(status)).inc();
        latency.labelValues(model, endpoint).observe(seconds);
    }

    void error(String kind) {
        errors.labelValues(kind).inc();
    }

    void queueDepth(String model, int depth) {
        queue.labelValues(model).set(depth);
    }

    void batch(String model, int size) {
        batch.labelValues(model).observe(size);
    }

    void streamOpened() {
        streams.inc();
    }

    void streamClosed() {
        streams.dec();
    }

    void detection(String model) {
        detections.labelValues(model).inc();
    }

    /** Everything, in the text format version 0.0.4. */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            writer.write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    String contentType() {
        return writer.getContentType();
    }
}

package dev.cochlea.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.train.Classifier;
import dev.cochlea.train.Detection;
import dev.cochlea.train.StreamingClassifier;
import dev.cochlea.train.StreamingOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long recording of spoken digits with quiet between them, then a minute of silence, hum and
 * noise, replayed through the Java API and through the server's WebSocket: the digits are found in
 * order, soon after each ends, and nothing is found where nobody speaks.
 */
class StreamingDigitsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** How many words got a detection with their label, the latency of each, and detections matching no word. */
    record Score(int right, int wrong, int extra, List<Double> latencies) {
    }

    static Score score(List<Detection> found, List<SpokenDigits.Word> words) {
        boolean[] used = new boolean[words.size()];
        int right = 0, wrong = 0, extra = 0;
        List<Double> lat = new ArrayList<>();
        for (Detection d : found) {
            int hit = -1;
            for (int k = 0; k < words.size() && hit < 0; k++) {
                if (!used[k] && d.time() >= words.get(k).start() && d.time() <= words.get(k).end() + 1.0) hit = k;
            }
            if (hit < 0) {
                extra++;
                continue;
            }
            used[hit] = true;
            if (d.label().equals(words.get(hit).label())) {
                right++;
                lat.add(d.time() - words.get(hit).end());
            } else {
                wrong++;
            }
        }
        return new Score(right, wrong, extra, lat);
    }

    @Test
    void findsTheDigitsInOrderSoonAfterEachEnds() throws Exception {
        Classifier model = SpokenDigits.model();
        SpokenDigits.Recording rec = SpokenDigits.recording(40, 7);
        StreamingClassifier s = new StreamingClassifier(model, StreamingOptions.defaults());
        List<Detection> found = new ArrayList<>();
        float[] x = rec.samples();
        for (int i = 0; i < x.length; i += 512) found.addAll(s.accept(x, i, Math.min(512, x.length - i)));
        found.addAll(s.finish());
        Score sc = score(found, rec.words());
        assertTrue(sc.right() >= 30, "at least 30 of 40 digits heard right (a cnn of 8 epochs; the default model hears 94 of 100, docs/benchmarks.md): " + sc + " " + found);
        assertTrue(sc.extra() <= 1, "no detection between the digits: " + sc);
        for (double l : sc.latencies()) assertTrue(l >= 0 && l <= 0.3, "decided within 300 ms after the word: " + sc.latencies());
    }

    /** 20 s of silence, 20 s of a 50 Hz hum with its harmonics at -30 dBFS, 20 s of pink-ish noise at -45 dBFS. */
    static float[] nobodySpeaks() {
        int n = SpokenDigits.RATE * 20;
        float[] x = new float[3 * n];
        Random r = new Random(2);
        double b = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / SpokenDigits.RATE;
            x[n + i] = (float) (0.03 * (Math.sin(2 * Math.PI * 50 * t) + 0.5 * Math.sin(2 * Math.PI * 100 * t) + 0.25 * Math.sin(2 * Math.PI * 150 * t)));
            b = 0.98 * b + 0.02 * r.nextGaussian();
            x[2 * n + i] = (float) (0.0056 * 10 * b);
        }
        return x;
    }

    @Test
    void silenceHumAndSteadyNoiseGiveNoDetection() throws Exception {
        StreamingClassifier s = new StreamingClassifier(SpokenDigits.model(), StreamingOptions.defaults());
        float[] x = nobodySpeaks();
        List<Detection> found = new ArrayList<>(s.accept(x, 0, x.length));
        found.addAll(s.finish());
        assertEquals(List.of(), found);
    }

    @Test
    void aStreamAt48kHzIsResampledOnTheWay() throws Exception {
        Classifier model = SpokenDigits.model();
        SpokenDigits.Recording rec = SpokenDigits.recording(12, 13);
        float[] x48 = new dev.cochlea.audio.Resample(8000, 48000).apply(dev.cochlea.tensor.Tensor.wrap(rec.samples(), rec.samples().length))
                .toFloatArray();
        List<Detection> direct = new ArrayList<>();
        StreamingClassifier s = new StreamingClassifier(model, StreamingOptions.defaults());
        direct.addAll(s.accept(rec.samples(), 0, rec.samples().length));
        direct.addAll(s.finish());
        try (ModelServer server = new ModelServer(Map.of("fsdd", model), ServeOptions.defaults().port(0)).start()) {
            List<String> messages = stream(server.port(), "rate=48000", x48, 4800);
            assertTrue(messages.get(0).contains("\"input_rate\":48000"), messages.get(0));
            List<Detection> heard = new ArrayList<>();
            for (String m : messages) {
                JsonNode j = JSON.readTree(m);
                if (j.get("type").asText().equals("detection")) {
                    heard.add(new Detection(j.get("label").asText(), (float) j.get("score").asDouble(), j.get("time").asDouble(),
                            j.get("start").asDouble()));
                }
            }
            Score viaServer = score(heard, rec.words()), alone = score(direct, rec.words());
            assertTrue(viaServer.right() >= alone.right() - 1, "48 kHz over the socket: " + viaServer + " against " + alone + " at 8 kHz");
            assertTrue(viaServer.extra() <= alone.extra(), viaServer + " " + heard);
        }
    }

    /**
     * Sends {@code x} in messages of {@code chunk} samples (16-bit when the query says {@code format=s16},
     * else 32-bit floats) with the query {@code query}, then "end"; every text message received.
     */
    static List<String> stream(int port, String query, float[] x, int chunk) throws Exception {
        boolean s16 = query.contains("format=s16");
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/v1/models/fsdd/stream?" + query), new WebSocket.Listener() {
                    @Override
                    public CompletableFuture<?> onText(WebSocket w, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        if (data.toString().contains("\"type\":\"end\"")) ended.complete(null);
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < x.length; i += chunk) {
            int n = Math.min(chunk, x.length - i);
            ByteBuffer b = ByteBuffer.allocate((s16 ? 2 : 4) * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < n; k++) {
                if (s16) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(x[i + k] * 32768f))));
                else b.putFloat(x[i + k]);
            }
            ws.sendBinary(b.flip(), true).get(5, TimeUnit.SECONDS);
        }
        ws.sendText("{\"type\":\"end\"}", true).get(5, TimeUnit.SECONDS);
        ended.get(30, TimeUnit.SECONDS);
        ws.abort();
        return messages;
    }

    @Test
    void theServerStreamsTheSameDetections() throws Exception {
        Classifier model = SpokenDigits.model();
        SpokenDigits.Recording rec = SpokenDigits.recording(12, 11);
        List<Detection> direct = new ArrayList<>();
        StreamingClassifier s = new StreamingClassifier(model, StreamingOptions.defaults());
        direct.addAll(s.accept(rec.samples(), 0, rec.samples().length));
        direct.addAll(s.finish());
        try (ModelServer server = new ModelServer(Map.of("fsdd", model), ServeOptions.defaults().port(0)).start()) {
            List<String> messages = stream(server.port(), "format=s16&rate=8000", rec.samples(), 1600);
            List<String> labels = new ArrayList<>();
            for (String m : messages) {
                JsonNode j = JSON.readTree(m);
                if (j.get("type").asText().equals("detection")) labels.add(j.get("label").asText());
            }
            List<String> expected = new ArrayList<>();
            for (Detection d : direct) expected.add(d.label());
            assertEquals(expected, labels, "16-bit over the socket hears what the API hears: " + messages);
            assertTrue(messages.get(0).contains("\"ready\""));
        }
    }
}

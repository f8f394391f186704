package dev.cochlea.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cochlea.serve.ModelServer;
import dev.cochlea.serve.ServeOptions;
import dev.cochlea.train.Classifier;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} with an ONNX model: what {@code ./cochlea serve kws=cnn2d.onnx --config cnn2d.config.json}
 * builds (the PyTorch-exported CNN of cochlea-onnx's tests, make_models.py, with a run's feature
 * settings) answers predictions over HTTP like a run folder does, with the same numbers as the
 * classifier called directly.
 */
class OnnxServeTest {
    static final Path DIR = Path.of("cochlea-onnx/src/test/resources/onnx");

    @Test
    void anOnnxModelIsServedLikeARun() throws Exception {
        Classifier c = Classifiers.open(DIR.resolve("cnn2d.onnx"), DIR.resolve("cnn2d.config.json"));
        Path wav = Path.of("../shared/data/fsdd/recordings/3_theo_0.wav");
        try (ModelServer server = new ModelServer(Map.of("kws", c), ServeOptions.defaults().port(0)).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode(), models.body());
            assertTrue(models.body().contains("\"kws\""), models.body());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models/kws/predict"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(wav))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            JsonNode o = new ObjectMapper().readTree(r.body());
            String direct = c.predict(wav).label();
            assertEquals(direct, o.path("label").asText(), r.body());
        }
    }
}

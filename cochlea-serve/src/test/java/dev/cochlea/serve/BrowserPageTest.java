package dev.cochlea.serve;

import dev.cochlea.train.Classifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listening page in headless Chromium, whose fake microphone plays five spoken digits from the
 * test split of the Free Spoken Digit Dataset (a {@link FakeMicrophone} recording, looped): the page
 * streams them to a {@link ModelServer} serving a CNN trained here and must show the five digits, in
 * the order spoken; a recording sent through the page's form must come back labelled. A screenshot of
 * the page is saved to docs/img/serve-page.png.
 * <p>
 * Needs Chromium and its driver from the system ({@code apt-get install chromium chromium-driver};
 * nothing is downloaded) and {@code ../shared/data/fsdd}: without them the class is skipped, or
 * fails under {@code CI=true}.
 */
@DisabledIfSystemProperty(named = "cochlea.kernels", matches = "scalar",
        disabledReason = "tests the page and the browser's audio path; the kernels' choice does not change them")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserPageTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final List<String> DIGITS = List.of("3", "1", "4", "5", "9");
    static final Duration HEARING_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static FakeMicrophone.Recording microphone;
    static ModelServer server;
    static WebDriver browser;

    @BeforeAll
    static void start() throws IOException {
        TestEnvironment.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "BrowserPageTest needs Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                        + ": apt-get install chromium chromium-driver");
        Path recordings = SpokenDigitModel.recordings();
        Classifier digits = SpokenDigitModel.model();
        ServeOptions options = ServeOptions.defaults().port(0);
        microphone = FakeMicrophone.build(digits, recordings, DIGITS, options.streaming(), dir.resolve("microphone.wav"));
        System.out.println("BrowserPageTest: the fake microphone says " + microphone.labels() + " from "
                + microphone.takes().stream().map(p -> p.getFileName().toString()).toList());
        server = new ModelServer(Map.of("fsdd", digits), options).start();
        browser = chromium(microphone.wav());
        browser.get("http://127.0.0.1:" + server.port() + "/");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .withMessage(() -> "the page did not get ready; #status says '" + text("status") + "'")
                .until(b -> text("status").startsWith("ready"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    @Test
    @Order(1)
    void theFormLabelsAnUploadedRecordingAndShowsARefusal() throws IOException {
        Path take = microphone.takes().get(0);
        browser.findElement(By.id("upload-file")).sendKeys(take.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        String label = new WebDriverWait(browser, Duration.ofSeconds(20))
                .withMessage(() -> "no answer to the upload; #upload-result says '" + text("upload-result") + "'")
                .until(b -> b.findElement(By.id("upload-result")).getDomAttribute("data-label"));
        assertEquals(microphone.labels().get(0), label, "the label shown for " + take.getFileName() + ": " + text("upload-result"));

        Path notAudio = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(notAudio, "these are words, not a recording");
        browser.findElement(By.id("upload-file")).sendKeys(notAudio.toAbsolutePath().toString());
        browser.findElement(By.id("upload-button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .withMessage(() -> "no refusal shown for a text file; #upload-result says '" + text("upload-result") + "'")
                .until(b -> String.valueOf(b.findElement(By.id("upload-result")).getDomAttribute("class")).contains("error"));
        String shown = text("upload-result");
        assertTrue(shown.contains("notes.txt") && shown.contains("not_audio"), "the server's refusal, named: " + shown);
        assertEquals(null, browser.findElement(By.id("upload-result")).getDomAttribute("data-label"), "no label left from before");
    }

    @Test
    @Order(2)
    void showsTheDigitsSpokenIntoTheMicrophoneInOrder() throws IOException {
        browser.findElement(By.id("listen")).click();
        List<String> heard = new WebDriverWait(browser, HEARING_TIMEOUT)
                .withMessage(() -> "fewer than " + DIGITS.size() + " detections within " + HEARING_TIMEOUT.toSeconds()
                        + " s: " + detections() + "; #status says '" + text("status") + "'")
                .until(b -> {
                    List<String> d = detections();
                    return d.size() >= DIGITS.size() ? d : null;
                });
        assertEquals(DIGITS, heard.subList(0, DIGITS.size()),
                "the first detections on the page, in order of arrival (the microphone said " + DIGITS + ", taken from "
                        + microphone.takes().stream().map(p -> p.getFileName().toString()).toList() + ")");
        // The picture in docs/serving.md is taken on purpose (-Dcochlea.docs.screenshot=true); a plain run keeps its own in target/.
        screenshot(Boolean.getBoolean("cochlea.docs.screenshot") ? TestEnvironment.repositoryRoot().resolve("docs/img/serve-page.png")
                : TestEnvironment.repositoryRoot().resolve("cochlea-serve/target/serve-page.png"));
        browser.findElement(By.id("stop")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .withMessage(() -> "Stop did not stop; #status says '" + text("status") + "'")
                .until(b -> text("status").equals("stopped"));
    }

    private static WebDriver chromium(Path microphoneWav) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1000,1400",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath(),
                "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    /** The labels of the page's {@code .detection} items in order of arrival (the list shows the newest first). */
    @SuppressWarnings("unchecked")
    private static List<String> detections() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('.detection')]"
                        + ".sort((a, b) => Number(a.dataset.seq) - Number(b.dataset.seq)).map(e => e.dataset.label);");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The whole page: the window is made as tall as the page first. */
    private static void screenshot(Path png) throws IOException {
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight;");
        long chrome = (Long) ((JavascriptExecutor) browser).executeScript("return window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(1000, (int) (height + chrome)));
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(png.getParent());
        Files.copy(shot.toPath(), png, StandardCopyOption.REPLACE_EXISTING);
    }
}

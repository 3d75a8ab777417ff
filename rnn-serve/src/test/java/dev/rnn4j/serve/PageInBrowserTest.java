package dev.rnn4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page at {@code /} driven by a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}). Without them the test fails saying how to install them, unless the
 * environment variable {@code RNN4J_BROWSER_TESTS=off} is set: then it is skipped. Screenshots go
 * to {@code target/screenshots/}.
 */
class PageInBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static ModelServer server;
  static WebDriver browser;
  static Path profile;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      Assumptions.assumeFalse("off".equals(System.getenv("RNN4J_BROWSER_TESTS")),
          "RNN4J_BROWSER_TESTS=off: browser tests skipped");
      throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + DRIVER
          + ": apt-get install -y chromium chromium-driver (or set RNN4J_BROWSER_TESTS=off to skip)");
    }
    server = ModelServer.start(Map.of("words", TestModels.words()), TestModels.PLUGINS,
        new ServeOptions("127.0.0.1", 0, 2, 8, Duration.ofSeconds(5), 1 << 20));
    profile = Files.createTempDirectory("rnn4j-chromium");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1200,1400");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, o);
    browser.get(server.uri().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.stop(Duration.ofSeconds(5));
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  private static void type(String text) {
    WebElement box = browser.findElement(By.id("text"));
    box.clear();
    box.sendKeys(text);
  }

  @Test
  void typingAPrefixShowsTheProbabilitiesTheApiReturns() throws Exception {
    type("the cat sat");
    waiting().until(d -> "the cat sat".equals(
        d.findElement(By.cssSelector("#next tbody")).getDomAttribute("data-prefix")));
    List<String> shown = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#next tbody tr"))) {
      shown.add(row.findElement(By.className("token")).getText() + " "
          + row.findElement(By.className("probability")).getText().trim());
    }
    ModelServerTest.Reply api = post("/v1/next", "{\"prefix\":\"the cat sat\",\"top_k\":10}");
    List<String> expected = new ArrayList<>();
    for (Object o : (List<?>) api.json().get("next")) {
      Map<?, ?> c = (Map<?, ?>) o;
      expected.add(c.get("token") + " " + String.format(Locale.ROOT, "%.4f", (Double) c.get("probability")));
    }
    assertEquals(expected, shown);
    screenshot("serve-next.png");
  }

  @Test
  void aCompletionStreamsIntoThePage() throws Exception {
    type("the cat");
    browser.findElement(By.id("mode-sample")).click();
    browser.findElement(By.id("generate")).click();
    WebElement out = browser.findElement(By.id("output"));
    waiting().until(d -> "true".equals(out.getDomAttribute("data-done")));
    String shown = out.findElement(By.className("generated")).getText();
    ModelServerTest.Reply api = post("/v1/completions", "{\"prompt\":\"the cat\",\"max_tokens\":30,"
        + "\"temperature\":0.8,\"top_k\":0,\"top_p\":1,\"seed\":1}");
    String expected = (String) ((Map<?, ?>) ((List<?>) api.json().get("choices")).get(0)).get("text");
    assertEquals(expected.strip(), shown.strip());
    int events = Integer.parseInt(out.getDomAttribute("data-events"));
    assertTrue(events >= expected.strip().split(" ").length, "one event per token: " + events);
    browser.findElement(By.id("mode-greedy")).click();
    browser.findElement(By.id("generate")).click();
    waiting().until(d -> "true".equals(out.getDomAttribute("data-done")));
    assertEquals("sat on the mat", out.findElement(By.className("generated")).getText().strip());
    screenshot("serve-generate.png");
  }

  @Test
  void theExplainViewsRender() throws Exception {
    type("the dog sat on the log");
    browser.findElement(By.id("explain-button")).click();
    waiting().until(d -> !d.findElements(By.cssSelector("svg.gradients rect")).isEmpty());
    List<WebElement> heatmaps = browser.findElements(By.cssSelector("svg.heatmap"));
    assertEquals(2, heatmaps.size(), "LSTM: h and c");
    assertEquals(16 * 7, heatmaps.get(0).findElements(By.tagName("rect")).size(), "units x steps");
    assertEquals(7 * 8 / 2, browser.findElements(By.cssSelector("svg.gradients rect")).size(), "k <= t");
    assertEquals(8, browser.findElements(By.cssSelector("table.next-table tr")).size());
    Object foreign = ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(n => !n.startsWith(location.origin)).length");
    assertEquals(0L, foreign, "nothing fetched from elsewhere");
    screenshot("serve-explain.png");
    ((JavascriptExecutor) browser).executeScript(
        "document.querySelector('svg.gradients').scrollIntoView()");
    screenshot("serve-gradients.png");
  }

  private static ModelServerTest.Reply post(String path, String body) throws Exception {
    ModelServer saved = ModelServerTest.server;
    ModelServerTest.server = server;
    try {
      return ModelServerTest.post(path, body);
    } finally {
      ModelServerTest.server = saved;
    }
  }

  private static void screenshot(String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name), png);
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.cli.CommandLineTest.Run;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn4j serve} in its own JVM: it serves, and SIGTERM stops it gracefully. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void servesTheNamedModelsOnLoopbackAndStopsOnSigterm() throws Exception {
    Path model = ExplainCommandTest.model(dir, "elman");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
        "--model", "small=" + model, "--port", "0", "--workers", "1", "--backend", "scalar")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String first = out.readLine();
      Matcher m = Pattern.compile("serving small on (http://127\\.0\\.0\\.1:\\d+/) \\(Ctrl-C stops\\)").matcher(first);
      assertTrue(m.matches(), first);
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "v1/models")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, models.statusCode());
      assertTrue(models.body().contains("\"id\":\"small\""), models.body());
      // SIGTERM without Process.destroy(), which would also close our end of its output
      assertEquals(0, new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor());
      assertEquals("stopped", out.readLine());
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server stops");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badFlagsAreOneLineAndExitOne() {
    Path model = ExplainCommandTest.model(dir, "elman");
    for (String[] args : new String[][] {
        {"serve", "--model", model.toString(), "--port", "70000"},
        {"serve", "--model", "bad name=" + model},
        {"serve", "--model", dir.resolve("missing.safetensors").toString()},
        {"serve", "--model", "a=" + model, "--model", "a=" + model}}) {
      Run r = CommandLineTest.run(args);
      assertEquals(1, r.exit(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
    }
  }
}

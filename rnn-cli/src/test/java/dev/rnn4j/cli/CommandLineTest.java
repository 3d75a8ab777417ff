package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.check.FixtureComparison;
import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Drives the real commands: exit codes, outputs, files written, errors. */
class CommandLineTest {

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Rnn4jCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void gradsPrintsEverythingTheFixtureRecordsAndMatchesIt(@TempDir Path dir) throws IOException {
    Path fixture = dir.resolve("f.json");
    try (InputStream in = getClass().getResourceAsStream("/rnn_small_grads.json")) {
      Files.write(fixture, in.readAllBytes());
    }
    Run r = run("grads", "--fixture", fixture.toString(), "--backend", "scalar");
    assertEquals(0, r.exit(), r.err());
    Map<String, Object> ours = (Map<String, Object>) Json.parse(r.out().trim());
    Map<String, Object> expected = (Map<String, Object>) Json.parse(Files.readString(fixture));
    assertEquals(FixtureComparison.FIELDS, java.util.List.copyOf(ours.keySet()));
    assertTrue(FixtureComparison.compare(expected, ours, 1e-10).isEmpty());
    Run f32 = run("grads", "--fixture", fixture.toString(), "--dtype", "f32");
    assertTrue(FixtureComparison.compare(expected,
        (Map<String, Object>) Json.parse(f32.out().trim()), 1e-4).isEmpty());
  }

  @Test
  void userMistakesExitWithOneAndAClearMessage(@TempDir Path dir) {
    Run unknownBackend = run("grads", "--fixture", "x.json", "--backend", "cuda");
    assertEquals(1, unknownBackend.exit());
    Run missing = run("grads", "--fixture", dir.resolve("nope.json").toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    assertFalse(missing.err().contains("Exception"), missing.err());
    Run badFlag = run("train", "--no-such-flag");
    assertEquals(1, badFlag.exit());
    assertTrue(badFlag.err().contains("--help"), badFlag.err());
  }

  @Test
  void unknownBackendListsTheAvailableOnes(@TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("c.txt");
    Files.writeString(corpus, "a b c\nb c d\n", StandardCharsets.UTF_8);
    Run r = run("train", "--corpus", corpus.toString(), "--backend", "cuda", "--output",
        dir.resolve("m.safetensors").toString(), "--runs", dir.resolve("runs").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("unknown backend 'cuda'; available:"), r.err());
    assertTrue(r.err().contains("scalar"), r.err());
  }

  @Test
  void trainThenGenerateWritesAModelAndReproducesWithASeed(@TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("c.txt");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append("the cat sat on the mat\nthe dog sat on the log\n");
    }
    Files.writeString(corpus, text, StandardCharsets.UTF_8);
    Path model = dir.resolve("m.safetensors");
    Run train = run("train", "--corpus", corpus.toString(), "--output", model.toString(),
        "--hidden", "16", "--epochs", "15", "--lr", "0.05", "--backend", "scalar",
        "--runs", dir.resolve("runs").toString());
    assertEquals(0, train.exit(), train.err());
    assertTrue(Files.size(model) > 0);
    assertTrue(train.out().contains("epoch  15/15"), train.out());
    Run greedy = run("generate", "--model", model.toString(), "--prefix", "the dog");
    assertEquals(0, greedy.exit(), greedy.err());
    assertTrue(greedy.out().startsWith("the dog sat on the"), greedy.out());
    try (java.util.stream.Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      Path folder = runs.findFirst().orElseThrow();
      Run fromFolder = run("generate", "--model", folder.toString(), "--prefix", "the dog");
      assertEquals(greedy.out(), fromFolder.out(), fromFolder.err());
    }
    Run s1 = run("generate", "-m", model.toString(), "-t", "1.0", "-n", "3", "--seed", "7");
    Run s2 = run("generate", "-m", model.toString(), "-t", "1.0", "-n", "3", "--seed", "7");
    assertEquals(s1.out(), s2.out());
    assertEquals(3, s1.out().lines().count());
  }

  @Test
  void emptyCorpusIsAClearError(@TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("empty.txt");
    Files.writeString(corpus, "\n\n", StandardCharsets.UTF_8);
    Run r = run("train", "--corpus", corpus.toString(), "--output", dir.resolve("m.safetensors").toString(),
        "--runs", dir.resolve("runs").toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("has no text"), r.err());
    assertFalse(Files.exists(dir.resolve("m.safetensors")));
  }

  @Test
  void demoTrainsExplainsAndGenerates() {
    Run r = run("demo", "--epochs", "3", "--hidden", "16", "--samples", "2", "--backend", "scalar");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("epoch   3/3"), r.out());
    assertTrue(r.out().contains("迟到       了"), r.out());
    assertTrue(r.out().contains("我昨天上学迟到了 -> 我 昨天 上学 迟到 了"), r.out());
    assertTrue(r.out().contains("Greedy"), r.out());
    assertTrue(r.out().contains("Sampled"), r.out());
  }

  @Test
  void envListsEveryKindOfPlugin() {
    Run r = run("env");
    assertEquals(0, r.exit(), r.err());
    for (String kind : new String[] {"backend", "cell", "optimizer", "loss", "tokenizer"}) {
      assertTrue(r.out().contains(kind + " (selected: "), r.out());
    }
    assertTrue(r.out().contains("scalar"), r.out());
    // the processor, so that a figure pasted from this machine says where it comes from
    assertTrue(r.out().contains("\ncpu   " + HostCpu.describe() + "\n"), r.out());
  }

  static Path sampleCorpus(Path dir) throws IOException {
    Path corpus = dir.resolve("c.txt");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      text.append("the cat sat on the mat\nthe dog sat on the log\na cat saw a dog\n");
    }
    Files.writeString(corpus, text, StandardCharsets.UTF_8);
    return corpus;
  }

  @Test
  void aConfigurationFileIsReadFlagsOverrideItAndPrintConfigShowsTheResult(@TempDir Path dir) throws IOException {
    Path cfg = dir.resolve("cfg.json");
    Files.writeString(cfg, "{\"corpus\": \"c.txt\", \"hidden\": 12, \"epochs\": 3}");
    Run r = run("train", "--config", cfg.toString(), "--epochs", "5", "--print-config");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\"hidden\": 12"), r.out());
    assertTrue(r.out().contains("\"epochs\": 5"), r.out());
    assertTrue(r.out().contains("\"learning_rate\": null"), r.out());
  }

  @Test
  void badConfigurationNamesTheKeyAndTheAllowedValues(@TempDir Path dir) throws IOException {
    Path cfg = dir.resolve("cfg.json");
    Files.writeString(cfg, "{\"corpus\": \"c.txt\", \"hiden\": 12}");
    Run r = run("train", "--config", cfg.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("unknown setting 'hiden'; allowed:"), r.err());
    assertTrue(r.err().contains("hidden"), r.err());
    Files.writeString(cfg, "{\"corpus\": \"c.txt\", \"mode\": \"words\"}");
    Run r2 = run("train", "--config", cfg.toString());
    assertEquals(1, r2.exit());
    assertTrue(r2.err().contains("'mode' must be sentences or stream"), r2.err());
    Run r3 = run("train", "--corpus", "c.txt", "--hidden", "0");
    assertEquals(1, r3.exit());
    assertTrue(r3.err().contains("'hidden' must be at least 1"), r3.err());
  }

  @Test
  void aRunFolderHoldsConfigLogCheckpointAndModelAndResumesToTheSameModel(@TempDir Path dir) throws IOException {
    Path corpus = sampleCorpus(dir);
    Path runs = dir.resolve("runs");
    Run r = run("train", "--corpus", corpus.toString(), "--hidden", "8", "--epochs", "3",
        "--validation-fraction", "0.2", "--runs", runs.toString(), "--name", "t", "--backend", "scalar");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("validation loss/token"), r.out());
    Path run;
    try (var s = Files.list(runs)) {
      run = s.findFirst().orElseThrow();
    }
    for (String f : new String[] {"config.json", "train.log", "checkpoint.safetensors", "model.safetensors",
        "metrics.csv", "loss.png", "perplexity.png"}) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    Run finished = run("train", "--resume", run.toString());
    assertEquals(1, finished.exit());
    assertTrue(finished.err().contains("has already trained all 3 epochs; give --epochs N with N > 3"),
        finished.err());
    Run more = run("train", "--resume", run.toString(), "--epochs", "4");
    assertEquals(0, more.exit(), more.err());
    assertTrue(more.out().contains("epoch   4/4"), more.out());
    Run refused = run("train", "--resume", run.toString(), "--epochs", "5", "--hidden", "9", "--cell", "gru");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("cannot change --cell, --hidden"), refused.err());
    Run notARun = run("train", "--resume", dir.toString());
    assertEquals(1, notARun.exit());
    assertTrue(notARun.err().contains("not a run folder"), notARun.err());
  }

  @Test
  void evalPrintsThePerplexityOnItsLastLineAndGenerateSupportsEveryStrategy(@TempDir Path dir) throws IOException {
    Path corpus = sampleCorpus(dir);
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, run("train", "--corpus", corpus.toString(), "--hidden", "16", "--epochs", "10",
        "--lr", "0.05", "--output", model.toString(), "--runs", dir.resolve("runs").toString()).exit());
    Run e = run("eval", "--model", model.toString(), "--corpus", corpus.toString());
    assertEquals(0, e.exit(), e.err());
    String last = e.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertTrue(last.matches("perplexity: [0-9.]+"), last);
    assertTrue(Double.parseDouble(last.substring(12)) < 10, last);
    for (String[] args : new String[][] {{"--beam", "3"}, {"-t", "0.7", "--top-k", "3"}, {"-t", "1", "--top-p", "0.8"}}) {
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("generate", "-m", model.toString(), "-p", "the"));
      a.addAll(java.util.List.of(args));
      Run g = run(a.toArray(new String[0]));
      assertEquals(0, g.exit(), g.err());
      assertTrue(g.out().startsWith("the "), g.out());
    }
    Run both = run("generate", "-m", model.toString(), "--beam", "2", "-t", "1");
    assertEquals(1, both.exit());
    java.io.InputStream stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream("the dog\na cat\n\n".getBytes(StandardCharsets.UTF_8)));
      Run interactive = run("generate", "-m", model.toString(), "--interactive");
      assertEquals(0, interactive.exit(), interactive.err());
      java.util.List<String> lines = interactive.out().lines().filter(l -> !l.isBlank()).toList();
      // standard input is not a terminal here: no "> " prompts in the output
      assertTrue(lines.get(0).startsWith("the dog "), interactive.out());
      assertTrue(lines.get(1).startsWith("a cat "), interactive.out());
    } finally {
      System.setIn(stdin);
    }
  }
}

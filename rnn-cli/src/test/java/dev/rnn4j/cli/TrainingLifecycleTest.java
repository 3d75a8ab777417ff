package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user relies on around a training run, checked through the real command line. */
class TrainingLifecycleTest {
  private static CommandLineTest.Run run(String... args) {
    return CommandLineTest.run(args);
  }

  static Path corpus(Path dir) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append("the cat sat on the mat\nthe dog sat on the log\na cat saw a dog\n");
    }
    return Files.writeString(dir.resolve("c.txt"), text, StandardCharsets.UTF_8);
  }

  /** Every early mistake: exit 1, one line without a stack trace, and no run folder. */
  @Test
  void nothingIsCreatedWhenTheConfigurationOrTheCorpusIsBad(@TempDir Path dir) throws IOException {
    Path good = corpus(dir);
    Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'a', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    Path empty = Files.writeString(dir.resolve("empty.txt"), "\n \n");
    Path runs = dir.resolve("runs");
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"--corpus", dir.resolve("missing.txt").toString()});
    cases.add(new String[] {"--corpus", bad.toString()});
    cases.add(new String[] {"--corpus", empty.toString()});
    cases.add(new String[] {"--corpus", good.toString(), "--tokenizer", "nope"});
    cases.add(new String[] {"--corpus", good.toString(), "--cell", "nope"});
    cases.add(new String[] {"--corpus", good.toString(), "--optimizer", "nope"});
    cases.add(new String[] {"--corpus", good.toString(), "--backend", "nope"});
    cases.add(new String[] {"--corpus", good.toString(), "--cell-option", "colour=red"});
    cases.add(new String[] {"--corpus", good.toString(), "--cell", "elman", "--cell-option", "activation=cube"});
    cases.add(new String[] {"--corpus", good.toString(), "--optimizer-option", "beta2=2"});
    cases.add(new String[] {"--corpus", good.toString(), "--tokenizer-option", "colour=red"});
    cases.add(new String[] {"--corpus", good.toString(), "--schedule", "sometimes"});
    cases.add(new String[] {"--corpus", good.toString(), "--threads", "1000"});
    cases.add(new String[] {"--corpus", good.toString(), "--mode", "stream", "--batch", "5000"});
    cases.add(new String[] {"--corpus", good.toString(), "--validation", dir.resolve("nope.txt").toString()});
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("train", "--runs", runs.toString()));
      args.addAll(List.of(c));
      CommandLineTest.Run r = run(args.toArray(new String[0]));
      String what = String.join(" ", c) + " -> " + r.err();
      assertEquals(1, r.exit(), what);
      assertEquals(1, r.err().strip().lines().count(), what);
      assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), what);
      assertFalse(Files.exists(runs), "a run folder was created for " + what);
    }
  }

  @Test
  void aConfigurationFileIsCheckedStrictlyWithTheKeyNamed(@TempDir Path dir) throws IOException {
    Path good = corpus(dir);
    Path runs = dir.resolve("runs");
    String[][] cases = {
      {"{\"hidden\": 1.5}", "'hidden' must be an integer, got 1.5"},
      {"{\"hidden\": \"64\"}", "'hidden' must be an integer, got the string \"64\""},
      {"{\"epochs\": 2, \"epochs\": 3}", "duplicate key 'epochs'"},
      {"{\"hiden\": 12}", "unknown setting 'hiden'; allowed:"},
      {"{\"learning_rate\": -1}", "'learning_rate' must be a positive number"},
      {"[1, 2]", "must hold one JSON object"},
      {"{\"hidden\": 12", "is not valid JSON"},
    };
    for (String[] c : cases) {
      Path cfg = Files.writeString(dir.resolve("cfg.json"), c[0]);
      CommandLineTest.Run r = run("train", "--config", cfg.toString(), "--corpus", good.toString(), "--runs", runs.toString());
      assertEquals(1, r.exit(), c[0] + " -> " + r.err());
      assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
      assertFalse(Files.exists(runs));
    }
  }

  @Test
  void aLockedRunFolderIsRefusedWithItsHolderAndAStaleLockDoesNotBlock(@TempDir Path dir) throws IOException {
    Path runs = dir.resolve("runs");
    CommandLineTest.Run first = run("train", "--corpus", corpus(dir).toString(), "--hidden", "8", "--epochs", "1",
        "--runs", runs.toString(), "--backend", "scalar");
    assertEquals(0, first.exit(), first.err());
    Path folder = only(runs);
    Path lock = folder.resolve(".lock");
    Files.writeString(lock, "process 4242 on elsewhere since 2026-12-05T10:00\n");
    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
         FileLock held = ch.lock()) {
      CommandLineTest.Run second = run("train", "--resume", folder.toString(), "--epochs", "2");
      assertEquals(1, second.exit(), second.err());
      assertTrue(second.err().contains("is in use by process 4242 on elsewhere"), second.err());
      assertTrue(held.isValid());
    }
    // the holder is gone (as after kill -9): its lock file stays but does not block
    assertTrue(Files.exists(lock));
    CommandLineTest.Run resumed = run("train", "--resume", folder.toString(), "--epochs", "2");
    assertEquals(0, resumed.exit(), resumed.err());
    assertFalse(Files.exists(lock), "the lock is removed when the run ends");
  }

  @Test
  void resumeTakesTheOverridesThatMakeSenseAndAChangedCorpusOnlyWhenAskedFor(@TempDir Path dir)
      throws IOException {
    Path corpus = corpus(dir);
    Path runs = dir.resolve("runs");
    assertEquals(0, run("train", "--corpus", corpus.toString(), "--hidden", "8", "--epochs", "1",
        "--optimizer", "sgd", "--lr", "0.05", "--runs", runs.toString(), "--backend", "scalar").exit());
    Path folder = only(runs);
    CommandLineTest.Run lr = run("train", "--resume", folder.toString(), "--epochs", "2", "--lr", "0.01", "--patience", "3",
        "--checkpoint-every", "5", "--threads", "1");
    assertEquals(0, lr.exit(), lr.err());
    List<String> rows = Files.readAllLines(folder.resolve("metrics.csv"));
    assertTrue(rows.get(rows.size() - 1).startsWith("2,") && rows.get(rows.size() - 1).contains(",0.01,"),
        rows.get(rows.size() - 1));
    assertTrue(Files.readString(folder.resolve("config.json")).contains("\"learning_rate\": 0.01"));
    CommandLineTest.Run refused = run("train", "--resume", folder.toString(), "--epochs", "3", "--seed", "7", "--batch", "4");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("cannot change --batch, --seed"), refused.err());
    Files.writeString(corpus, "a different text\n", StandardOpenOption.APPEND);
    CommandLineTest.Run changed = run("train", "--resume", folder.toString(), "--epochs", "3");
    assertEquals(1, changed.exit());
    assertTrue(changed.err().contains("the corpus changed"), changed.err());
    CommandLineTest.Run allowed = run("train", "--resume", folder.toString(), "--epochs", "3", "--allow-changed-corpus");
    assertEquals(0, allowed.exit(), allowed.err());
  }

  @Test
  void divergenceStopsWithExitOneAndTheLastGoodWeightsInALoadableCheckpoint(@TempDir Path dir)
      throws IOException {
    Path corpus = corpus(dir);
    Path runs = dir.resolve("runs");
    CommandLineTest.Run r = run("train", "--corpus", corpus.toString(), "--tokenizer", "char", "--optimizer", "sgd",
        "--lr", "1e9", "--clip-norm", "0", "--epochs", "3", "--runs", runs.toString(), "--backend", "scalar");
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("training diverged") && r.err().contains("lower the learning rate"), r.err());
    Path folder = only(runs);
    Path checkpoint = folder.resolve("checkpoint.safetensors");
    assertTrue(r.err().contains(checkpoint.toString()), r.err());
    CommandLineTest.Run generate = run("generate", "--model", checkpoint.toString(), "-n", "1", "--max-tokens", "5");
    assertEquals(0, generate.exit(), generate.err());
    CommandLineTest.Run eval = run("eval", "--model", checkpoint.toString(), "--corpus", corpus.toString());
    assertEquals(0, eval.exit(), eval.err());
    CommandLineTest.Run resumed = run("train", "--resume", folder.toString(), "--lr", "0.01");
    assertEquals(0, resumed.exit(), resumed.err());
    assertTrue(Files.exists(folder.resolve("model.safetensors")));
  }

  @Test
  void withValidationTheModelIsTheBestEpochAndLastIsTheLast(@TempDir Path dir) throws IOException {
    Path corpus = corpus(dir);
    Path runs = dir.resolve("runs");
    // a learning rate so high that validation gets worse after the first epochs
    CommandLineTest.Run r = run("train", "--corpus", corpus.toString(), "--validation-fraction", "0.3", "--hidden", "16",
        "--optimizer", "adam", "--lr", "0.3", "--clip-norm", "0", "--epochs", "8", "--runs", runs.toString(),
        "--backend", "scalar");
    assertEquals(0, r.exit(), r.err());
    Path folder = only(runs);
    List<String> epochs = Files.readAllLines(folder.resolve("metrics.csv")).stream()
        .filter(l -> l.matches("^\\d+,,.*")).toList();
    int best = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (String row : epochs) {
      String[] f = row.split(",", -1);
      if (Double.parseDouble(f[5]) < bestLoss) {
        bestLoss = Double.parseDouble(f[5]);
        best = Integer.parseInt(f[0]);
      }
    }
    assertTrue(Files.exists(folder.resolve("last.safetensors")));
    CommandLineTest.Run evalBest = run("eval", "--model", folder.resolve("model.safetensors").toString(), "--corpus", corpus.toString());
    CommandLineTest.Run evalLast = run("eval", "--model", folder.resolve("last.safetensors").toString(), "--corpus", corpus.toString());
    assertEquals(0, evalBest.exit(), evalBest.err());
    assertTrue(r.out().contains("(epoch " + best + ")"), best + "\n" + r.out());
    if (best != epochs.size()) {
      assertFalse(evalBest.out().equals(evalLast.out()), "best and last differ");
    }
  }

  @Test
  void evalAndStreamTrainingReadATextWithoutNewlinesInBoundedMemory(@TempDir Path dir) throws IOException {
    StringBuilder line = new StringBuilder();
    while (line.length() < 3_000_000) {
      line.append("the cat sat on the mat and the dog sat on the log ");
    }
    Path oneLine = Files.writeString(dir.resolve("one-line.txt"), line);
    Path runs = dir.resolve("runs");
    CommandLineTest.Run sentences = run("train", "--corpus", oneLine.toString(), "--runs", runs.toString());
    assertEquals(1, sentences.exit());
    assertTrue(sentences.err().contains("line 1 of") && sentences.err().contains("--mode stream"), sentences.err());
    assertFalse(Files.exists(runs));
    Path small = corpus(dir);
    Path model = dir.resolve("m.safetensors");
    assertEquals(0, run("train", "--corpus", small.toString(), "--mode", "stream", "--hidden", "8",
        "--epochs", "1", "--runs", runs.toString(), "--output", model.toString()).exit());
    CommandLineTest.Run eval = run("eval", "--model", model.toString(), "--corpus", oneLine.toString());
    assertEquals(0, eval.exit(), eval.err());
    assertTrue(eval.out().contains("perplexity: "), eval.out());
    CommandLineTest.Run evalSentences = run("eval", "--model", model.toString(), "--corpus", oneLine.toString(),
        "--mode", "sentences");
    assertEquals(1, evalSentences.exit());
    assertTrue(evalSentences.err().contains("--mode stream"), evalSentences.err());
  }

  static Path only(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      List<Path> all = s.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }
}

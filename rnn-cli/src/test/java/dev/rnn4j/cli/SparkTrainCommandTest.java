package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import dev.rnn4j.core.plugin.Plugins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --spark local[2]}: the same model as {@code train}, and clear mistakes. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkTrainCommandTest {

  @Test
  void trainOnSparkWritesTheModelATrainWithoutSparkWrites(@TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    SplittableRandom r = new SplittableRandom(2);
    String[] words = "the cat sat on a mat and ran to the red sun".split(" ");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      StringBuilder b = new StringBuilder(words[r.nextInt(words.length)]);
      for (int j = r.nextInt(7); j >= 0; j--) {
        b.append(' ').append(words[r.nextInt(words.length)]);
      }
      lines.add(b.toString());
    }
    Files.write(corpus, lines);
    String[] common = {"--corpus", corpus.toString(), "--batch", "8", "--shards", "4", "--epochs",
        "2", "--hidden", "12", "--backend", "scalar", "--threads", "1", "-q"};
    CommandLineTest.Run local = CommandLineTest.run(concat(new String[] {"train", "--runs",
        dir.resolve("local").toString(), "-o", dir.resolve("local.safetensors").toString()}, common));
    assertEquals(0, local.exit(), local.err());
    CommandLineTest.Run spark = CommandLineTest.run(concat(new String[] {"train", "--spark",
        "local[2]", "--partitions", "3", "--runs", dir.resolve("spark").toString(), "-o",
        dir.resolve("spark.safetensors").toString()}, common));
    assertEquals(0, spark.exit(), spark.err());
    LanguageModel a = ModelFile.load(dir.resolve("local.safetensors"), ScalarTensorOpsProvider.reference(),
        Plugins.defaults());
    LanguageModel b = ModelFile.load(dir.resolve("spark.safetensors"), ScalarTensorOpsProvider.reference(),
        Plugins.defaults());
    List<Parameter> pa = a.network().parameters();
    for (int i = 0; i < pa.size(); i++) {
      assertTrue(pa.get(i).value().contentEquals(b.network().parameters().get(i).value()),
          pa.get(i).name());
    }
  }

  @Test
  void sparkMistakesAreOneLineAndExitOne(@TempDir Path dir) throws IOException {
    CommandLineTest.Run noSpark = CommandLineTest.run("train", "--partitions", "2", "--corpus", "x");
    assertEquals(1, noSpark.exit());
    assertTrue(noSpark.err().contains("--partitions only goes with --spark"), noSpark.err());
    Path runs = dir.resolve("runs");
    CommandLineTest.Run missing = CommandLineTest.run("train", "--spark", "local[1]", "--corpus",
        dir.resolve("absent.txt").toString(), "--runs", runs.toString());
    assertOneLine(missing, "absent.txt");
    assertFalse(Files.exists(runs), "no run folder");

    Files.writeString(dir.resolve("blank.txt"), "\n   \n\t\n");
    CommandLineTest.Run blank = CommandLineTest.run("train", "--spark", "local[2]",
        "--partitions", "3", "--corpus", dir.resolve("blank.txt").toString(), "--runs",
        runs.toString());
    assertOneLine(blank, "has no text");
    assertFalse(Files.exists(runs), "no run folder");

    long start = System.nanoTime();
    CommandLineTest.Run unreachable = CommandLineTest.run("train", "--spark",
        "spark://127.0.0.1:1", "--corpus", dir.resolve("blank.txt").toString(), "--runs",
        runs.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertOneLine(unreachable, "cannot reach the Spark master spark://127.0.0.1:1");
    assertTrue(seconds < 10, "refused after " + seconds + " s");
    assertFalse(Files.exists(runs), "no run folder");
    try (var left = Files.list(dir)) {
      assertEquals(List.of("blank.txt"), left.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** Exit 1, one line naming the problem, no stack trace. */
  private static void assertOneLine(CommandLineTest.Run run, String problem) {
    assertEquals(1, run.exit(), run.err());
    assertEquals(1, run.err().lines().filter(l -> l.contains(problem)).count(), run.err());
    assertFalse(run.err().contains("\tat "), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

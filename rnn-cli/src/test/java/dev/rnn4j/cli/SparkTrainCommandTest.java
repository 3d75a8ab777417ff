package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void sparkMistakesAreOneLineAndExitOne(@TempDir Path dir) {
    CommandLineTest.Run noSpark = CommandLineTest.run("train", "--partitions", "2", "--corpus", "x");
    assertEquals(1, noSpark.exit());
    assertTrue(noSpark.err().contains("--partitions only goes with --spark"), noSpark.err());
    CommandLineTest.Run missing = CommandLineTest.run("train", "--spark", "local[1]", "--corpus",
        dir.resolve("absent.txt").toString(), "--runs", dir.toString());
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("absent.txt"), missing.err());
    assertEquals(1, missing.err().strip().lines().filter(l -> l.contains("absent.txt")).count(),
        missing.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
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

/**
 * {@code train --shards N} with several threads computes the shards at once, each thread on a
 * network of its own: the weights are those of the same run on one thread, bit for bit.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ThreadedShardsCommandTest {

  @Test
  void twoThreadsGiveTheWeightsOfOneThreadInSentenceAndStreamMode(@TempDir Path dir)
      throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    SplittableRandom r = new SplittableRandom(5);
    String[] words = "a small red fox ran over the old wall and sat in the sun".split(" ");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      StringBuilder b = new StringBuilder(words[r.nextInt(words.length)]);
      for (int j = r.nextInt(9); j >= 0; j--) {
        b.append(' ').append(words[r.nextInt(words.length)]);
      }
      lines.add(b.toString());
    }
    Files.write(corpus, lines);
    String[][] runs = {
      {"--cell", "elman", "--hidden", "40"},
      {"--cell", "lstm", "--hidden", "24", "--mode", "stream", "--seq-length", "12",
          "--dropout", "0.2"},
    };
    for (int k = 0; k < runs.length; k++) {
      Path one = train(dir, corpus, runs[k], "1", "one" + k);
      Path two = train(dir, corpus, runs[k], "2", "two" + k);
      LanguageModel a = ModelFile.load(one, ScalarTensorOpsProvider.reference(), Plugins.defaults());
      LanguageModel b = ModelFile.load(two, ScalarTensorOpsProvider.reference(), Plugins.defaults());
      List<Parameter> pa = a.network().parameters();
      for (int i = 0; i < pa.size(); i++) {
        assertTrue(pa.get(i).value().contentEquals(b.network().parameters().get(i).value()),
            String.join(" ", runs[k]) + ": " + pa.get(i).name() + " differs");
      }
      assertTrue(b.provenance().get("threads").equals("2"), b.provenance().toString());
    }
  }

  private static Path train(Path dir, Path corpus, String[] extra, String threads, String name) {
    Path model = dir.resolve(name + ".safetensors");
    List<String> args = new ArrayList<>(List.of("train", "--corpus", corpus.toString(), "--batch",
        "8", "--shards", "4", "--epochs", "2", "--backend", "simd", "--threads", threads, "-q",
        "--runs", dir.resolve("runs").toString(), "-o", model.toString()));
    args.addAll(List.of(extra));
    CommandLineTest.Run run = CommandLineTest.run(args.toArray(new String[0]));
    assertEquals(0, run.exit(), run.err());
    return model;
  }
}

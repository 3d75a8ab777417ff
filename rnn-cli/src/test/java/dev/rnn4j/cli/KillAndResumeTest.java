package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunListener;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped at an update chosen at random (as by kill -9: the folder is left as it was) and
 * resumed ends with the weights and the metrics.csv rows of the run that was never stopped.
 */
class KillAndResumeTest {
  /** Thrown by the listener to stop a run at a chosen update. */
  static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @ParameterizedTest(name = "{0} mode, batch {1}, seed {2}")
  @CsvSource({"sentences, 1, 3", "stream, 4, 5", "sentences, 3, 11"})
  void aKilledRunResumesToTheSameWeightsAndMetrics(String mode, int batch, long seed, @TempDir Path dir)
      throws IOException {
    Path corpus = TrainingLifecycleTest.corpus(dir);
    RunConfig config = RunConfig.builder().corpus(corpus.toString()).mode(mode).seqLength(8)
        .batch(batch).hidden(8).epochs(3).checkpointEvery(7).validationFraction(0.2)
        .backend("scalar").runs(dir.resolve("whole").toString()).build();
    Path whole = TrainingRun.create(config).run().folder();

    RunConfig stopped = config.toBuilder().runs(dir.resolve("killed").toString()).build();
    int updates = countUpdates(whole);
    int killAt = 1 + new SplittableRandom(seed).nextInt(updates - 1);
    int[] seen = {0};
    assertThrows(Killed.class, () -> TrainingRun.create(stopped).listener(new RunListener() {
      @Override
      public void onStep(int epoch, int step, int stepsPerEpoch, double loss, int tokens) {
        if (++seen[0] == killAt) {
          throw new Killed();
        }
      }
    }).run());
    Path killed = only(dir.resolve("killed"));
    TrainingRun.resume(killed, Map.of(), Plugins.defaults()).run();

    assertEquals(withoutTiming(whole), withoutTiming(killed), "metrics.csv after a stop at update " + killAt);
    assertSameWeights(whole.resolve("model.safetensors"), killed.resolve("model.safetensors"));
    assertSameWeights(whole.resolve("last.safetensors"), killed.resolve("last.safetensors"));
  }

  private static int countUpdates(Path run) throws IOException {
    return (int) Files.readAllLines(run.resolve("metrics.csv")).stream()
        .filter(l -> !l.startsWith("epoch") && !l.split(",", -1)[1].isEmpty()).count();
  }

  /** The rows without tokens_per_s and elapsed_s (the last two columns). */
  private static List<String> withoutTiming(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).stream()
        .map(l -> String.join(",", Arrays.copyOf(l.split(",", -1), 8))).toList();
  }

  private static void assertSameWeights(Path a, Path b) {
    Plugins plugins = Plugins.defaults();
    LanguageModel x = ModelFile.load(a, plugins.backend("scalar", dev.rnn4j.api.Options.empty()), plugins);
    LanguageModel y = ModelFile.load(b, plugins.backend("scalar", dev.rnn4j.api.Options.empty()), plugins);
    List<Parameter> px = x.network().parameters();
    List<Parameter> py = y.network().parameters();
    for (int i = 0; i < px.size(); i++) {
      assertArrayEquals(px.get(i).value().f32(), py.get(i).value().f32(), px.get(i).name());
    }
  }

  private static Path only(Path runs) throws IOException {
    try (Stream<Path> s = Files.list(runs)) {
      return s.findFirst().orElseThrow();
    }
  }
}

package dev.rnn4j.serve;

import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import java.util.ArrayList;
import java.util.List;

/** Small models trained in memory, once per JVM. */
final class TestModels {
  static final Plugins PLUGINS = Plugins.defaults();
  private static LanguageModel words;

  private TestModels() {}

  /** An LSTM on a few English sentences, whitespace tokens. */
  static synchronized LanguageModel words() {
    if (words == null) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        lines.add("the cat sat on the mat");
        lines.add("the dog sat on the log");
        lines.add("a cat saw a dog on the mat");
      }
      RunConfig c = RunConfig.builder().tokenizer("whitespace").cell("lstm").hidden(16)
          .optimizer("adam").learningRate(0.02).epochs(15).seed(3).backend("scalar").build();
      words = TrainingRun.create(c, PLUGINS).text(TextSource.ofLines(lines)).withoutFolder().run().model();
    }
    return words;
  }
}

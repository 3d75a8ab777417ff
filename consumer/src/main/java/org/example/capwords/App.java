package org.example.capwords;

import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A third-party application: its settings (the backend among them) come from a JSON file, its
 * tokenizer is its own plugin, and rnn4j trains and generates.
 *
 * <p>Usage: {@code App CONFIG.json}; prints the backend and tokenizer used and three sentences.
 */
public final class App {
  private App() {}

  static final List<String> SENTENCES = List.of(
      "The cat sat on the mat.", "The dog sat on the log.", "A cat saw the dog.",
      "The dog saw a cat.", "Anna fed the cat.", "Ben walked the dog.");

  /** Trains on {@link #SENTENCES} with the configuration file and returns three generated lines. */
  static List<String> run(Path config) throws IOException {
    RunConfig c = RunConfig.fromJson(Files.readString(config, StandardCharsets.UTF_8), config.toString(),
        RunConfig.defaults());
    RunResult r = TrainingRun.create(c).text(TextSource.ofLines(SENTENCES)).withoutFolder().run();
    TextGenerator g = TextGenerator.of(r.model(), Plugins.defaults());
    SplittableRandom random = new SplittableRandom(c.seed());
    return List.of(
        "backend " + r.model().network().ops().name() + ", tokenizer " + r.model().tokenizer(),
        g.text(withPrompt(g, "The")), g.text(g.sample("", 12, 0.8, random)));
  }

  private static List<String> withPrompt(TextGenerator g, String prompt) {
    List<String> tokens = new java.util.ArrayList<>(g.tokenizer().tokenize(prompt));
    tokens.addAll(g.greedy(prompt, 12));
    return tokens;
  }

  /** @param args the configuration file */
  public static void main(String[] args) throws IOException {
    run(Path.of(args[0])).forEach(System.out::println);
  }
}

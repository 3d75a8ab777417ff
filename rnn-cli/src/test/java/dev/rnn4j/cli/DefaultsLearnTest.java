package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With nothing but a text and a tokenizer, the first epoch already ends well below the loss of a
 * uniform guess, at batch 1 and 32, in both modes, on English and Chinese text.
 */
class DefaultsLearnTest {
  /** "Well below": at most this fraction of the uniform guess's loss, ln(vocabulary size). */
  static final double WELL_BELOW = 0.8;

  @ParameterizedTest(name = "{0}, batch {1}, {2}")
  @CsvSource({
    "char, 1, sentences", "char, 1, stream", "char, 32, sentences", "char, 32, stream",
    "whitespace, 1, sentences", "whitespace, 1, stream", "whitespace, 32, sentences", "whitespace, 32, stream",
    "chinese, 1, sentences", "chinese, 1, stream", "chinese, 32, sentences", "chinese, 32, stream"})
  void theFirstEpochEndsWellBelowAUniformGuess(String tokenizer, int batch, String mode) throws IOException {
    List<String> text = tokenizer.equals("chinese") ? chinese() : english(tokenizer.equals("char") ? 2_500 : 12_000);
    RunConfig config = RunConfig.builder().tokenizer(tokenizer).batch(batch).mode(mode).epochs(1).build();
    RunResult r = TrainingRun.create(config).text(TextSource.ofLines(text)).withoutFolder().run();
    double loss = r.history().get(0).meanLoss();
    double uniform = Math.log(r.model().vocabulary().size());
    assertTrue(loss < WELL_BELOW * uniform, String.format("loss %.3f, uniform %.3f", loss, uniform));
  }

  /** English from a small grammar, seeded: text nobody wrote by hand. */
  static List<String> english(int sentences) {
    String[] subjects = {"the old man", "a small dog", "my sister", "the teacher", "our neighbours", "a red bird"};
    String[] verbs = {"walked to", "looked at", "talked about", "ran past", "painted", "sang near"};
    String[] objects = {"the river", "a quiet house", "the market", "an open window", "the tall trees", "the sea"};
    String[] ends = {"yesterday", "in the morning", "after dinner", "every day", "last winter", "again"};
    SplittableRandom r = new SplittableRandom(2026);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < sentences; i++) {
      lines.add(pick(subjects, r) + " " + pick(verbs, r) + " " + pick(objects, r) + " " + pick(ends, r) + ".");
    }
    return lines;
  }

  /** The bundled Chinese sentences, as raw text, shuffled and repeated to about 60,000 words. */
  static List<String> chinese() throws IOException {
    List<String> base;
    try (InputStream in = DefaultsLearnTest.class.getResourceAsStream("/dev/rnn4j/cli/demo/zh-daily.txt")) {
      base = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).map(l -> l.replace(" ", "")).toList();
    }
    SplittableRandom r = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20 * base.size(); i++) {
      lines.add(base.get(r.nextInt(base.size())));
    }
    return lines;
  }

  private static String pick(String[] words, SplittableRandom r) {
    return words[r.nextInt(words.length)];
  }
}

package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.cli.report.TrainingProgress;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunData;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j demo}: the classic Elman language model on everyday Chinese sentences. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains the classic Elman RNN language model on the bundled corpus of 430 everyday "
        + "Chinese sentences written for rnn4j, given as raw text and split into words by the "
        + "chinese tokenizer (HanLP); shows the loss falling, explains what it learned with the "
        + "table of P(next word | words so far) along one sentence, and generates new sentences "
        + "greedily and by sampling. Takes a few seconds.")
final class DemoCommand implements Callable<Integer> {
  static final String CORPUS = "/dev/rnn4j/cli/demo/zh-daily.txt";
  static final String EXPLAINED = "我昨天上学迟到了";

  @Spec CommandSpec spec;

  @Option(names = "--explain", defaultValue = EXPLAINED, paramLabel = "SENTENCE",
      description = "The sentence whose next-word table is printed (default: ${DEFAULT-VALUE}).")
  String explain;

  @Option(names = "--samples", defaultValue = "5", paramLabel = "N",
      description = "Sentences to sample (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--temperature", defaultValue = "0.8", paramLabel = "T",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  /** The settings {@code demo} takes: the model and its training, not data or folders. */
  static final java.util.Set<String> SETTINGS = java.util.Set.of("cell", "cell_options", "layers",
      "hidden", "dtype", "dropout", "variational_dropout", "tied_weights", "optimizer",
      "optimizer_options", "learning_rate", "schedule", "clip_value", "clip_norm", "bptt", "batch",
      "epochs", "backend", "threads", "seed");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RunConfig.Builder b = RunConfig.builder().tokenizer("chinese").optimizer("sgd").epochs(30);
    RunOptions.given(spec.commandLine().getParseResult()).forEach(b::set);
    RunConfig c = b.build();
    Plugins plugins = Plugins.defaults();
    List<String> lines = bundledCorpus();
    TrainingRun run = TrainingRun.create(c, plugins).text(TextSource.ofLines(lines)).withoutFolder();
    LanguageModel model;
    try (RunReporter reporter = new RunReporter(out, c.epochs(), TrainingProgress.Verbosity.NORMAL) {
      @Override
      public void onData(RunData data) {
        out.printf("Segmented by the chinese tokenizer: %s -> %s%n", lines.get(0),
            String.join(" ", data.tokenizer().tokenize(lines.get(0))));
        out.printf("Training an Elman RNN language model on %d everyday Chinese sentences "
            + "(%d words, vocabulary %d, hidden %d, %s lr %s, %d epochs).%n%n",
            data.sequences(), data.tokens(), data.vocabulary().size(), c.hidden(), c.optimizer(),
            c.effectiveLearningRate(), c.epochs());
        out.flush();
      }
    }) {
      model = run.listener(reporter).run().model();
    }
    TextGenerator gen = TextGenerator.of(model, plugins);

    out.printf("%nWhat the model expects after each word of  <s> %s </s>%n",
        String.join(" ", gen.tokenizer().tokenize(explain)));
    out.printf("%-8s %-8s %8s   %s%n", "word", "next", "P(next)", "most likely next words");
    for (TextGenerator.NextToken row : gen.explain(explain, 3)) {
      List<String> alts = new ArrayList<>();
      for (TextGenerator.Candidate cand : row.alternatives()) {
        alts.add(String.format(Locale.ROOT, "%s %.2f", cand.token(), cand.probability()));
      }
      out.printf(Locale.ROOT, "%-8s %-8s %8.3f   %s%n", row.current(), row.actual(),
          row.probability(), String.join(", ", alts));
    }

    out.printf("%nGreedy (always the most likely next word):%n");
    for (String prefix : List.of("", "我", "他明天", "妈妈")) {
      List<String> tokens = new ArrayList<>(gen.tokenizer().tokenize(prefix));
      tokens.addAll(gen.greedy(prefix, 20));
      out.printf("  %-10s -> %s%n", prefix.isEmpty() ? "<s>" : prefix, gen.text(tokens));
    }
    out.printf("%nSampled (temperature %s, seed %d):%n", temperature, c.seed());
    SplittableRandom random = new SplittableRandom(c.seed());
    for (int i = 0; i < samples; i++) {
      out.printf("  %s%n", gen.text(gen.sample("", 20, temperature, random)));
    }
    out.flush();
    return 0;
  }

  static List<String> bundledCorpus() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(CORPUS)) {
      if (in == null) {
        throw new RnnException("the bundled demo corpus is missing from the class path");
      }
      // the file is segmented with spaces (for readers); the demo feeds raw text to the segmenter
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).map(l -> l.replace(" ", "")).toList();
    } catch (IOException e) {
      throw new RnnException("cannot read the bundled demo corpus: " + e.getMessage(), e);
    }
  }
}

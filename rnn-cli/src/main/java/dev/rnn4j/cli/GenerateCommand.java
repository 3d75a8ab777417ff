package dev.rnn4j.cli;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.generate.TextGenerator;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j generate}: text from a saved model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generates text from a saved model: greedily (the most probable next token each "
        + "time), by sampling with a temperature (and top-k / top-p), or by beam search. Each output "
        + "line is one generated sequence; --interactive continues what you type.")
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, required = true, paramLabel = "FILE",
      description = "The model file written by 'rnn4j train' (.safetensors), or the run folder it is in.")
  Path model;

  @Option(names = {"-p", "--prefix"}, defaultValue = "", paramLabel = "TEXT",
      description = "Text the generated sequence continues (tokenized with the model's tokenizer); "
          + "default: start from <s>.")
  String prefix;

  @Option(names = "--greedy", description = "Always take the most probable next token (the default "
      + "when no --temperature is given).")
  boolean greedy;

  @Option(names = {"-t", "--temperature"}, paramLabel = "T",
      description = "Sample with this temperature (> 0; below 1 safer, above 1 more adventurous).")
  Double temperature;

  @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
      description = "With --temperature (required): draw only among the K most probable tokens; 0 = all (default).")
  int topK;

  @Option(names = "--top-p", defaultValue = "1", paramLabel = "P",
      description = "With --temperature (required): draw only among the most probable tokens whose probabilities sum to P (default 1 = all).")
  double topP;

  @Option(names = "--beam", paramLabel = "WIDTH",
      description = "Beam search of this width (1.." + MAX_BEAM + ", at most the vocabulary size): the most "
          + "probable whole sequence instead of step-by-step choices; with -n N the N best distinct ones (N <= WIDTH).")
  Integer beam;

  @Option(names = {"-i", "--interactive"},
      description = "Read prefixes from standard input, one per line, and generate a continuation for each "
          + "(empty line or EOF ends); the '> ' prompt is shown only on a terminal.")
  boolean interactive;

  @Option(names = {"-n", "--count"}, defaultValue = "1", paramLabel = "N",
      description = "How many sequences to generate, 1.." + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--max-tokens", defaultValue = "50", paramLabel = "N",
      description = "Stop a sequence after this many tokens if </s> has not come (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
      description = "Seed of the sampling (default: ${DEFAULT-VALUE}); the same seed gives the same text.")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME", description = "Math backend (default: the best available).")
  String backend;

  /** The widest beam {@code --beam} accepts (the work grows with its square). */
  static final int MAX_BEAM = 100;
  /** The most sequences {@code -n} asks for in one call. */
  static final int MAX_COUNT = 10_000;
  /** The longest sequence {@code --max-tokens} asks for. */
  static final int MAX_TOKENS = 100_000;
  /** The longest prefix, in characters ({@code --prefix} or a line in {@code --interactive}). */
  static final int MAX_PREFIX = 100_000;

  private List<String> generate(TextGenerator gen, String text, Generator.Sampling sampling,
      SplittableRandom random) {
    if (text.length() > MAX_PREFIX) {
      throw new RnnException("the prefix has " + text.length() + " characters; the limit is " + MAX_PREFIX);
    }
    List<List<String>> sequences = new ArrayList<>();
    if (beam != null) {
      sequences.addAll(gen.beams(text, maxTokens, beam, count));
    }
    for (int i = 0; beam == null && i < count; i++) {
      sequences.add(sampling == null ? gen.greedy(text, maxTokens) : gen.sample(text, maxTokens, sampling, random));
    }
    List<String> lines = new ArrayList<>();
    for (List<String> tokens : sequences) {
      List<String> all = new ArrayList<>(gen.tokenizer().tokenize(text));
      all.addAll(tokens);
      lines.add(gen.text(all));
    }
    return lines;
  }

  private void checkOptions() {
    if (count < 1 || count > MAX_COUNT) {
      throw new RnnException("--count must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (maxTokens < 1 || maxTokens > MAX_TOKENS) {
      throw new RnnException("--max-tokens must be between 1 and " + MAX_TOKENS + ", got " + maxTokens);
    }
    if ((greedy ? 1 : 0) + (temperature != null ? 1 : 0) + (beam != null ? 1 : 0) > 1) {
      throw new RnnException("choose one of --greedy, --temperature and --beam");
    }
    if (temperature == null && (topK != 0 || topP != 1)) {
      throw new RnnException("--top-k and --top-p apply to sampling: add --temperature T"
          + " (--temperature 1 samples from the model's own probabilities)");
    }
    if (beam != null && (beam < 1 || beam > MAX_BEAM)) {
      throw new RnnException("--beam must be between 1 and " + MAX_BEAM + ", got " + beam);
    }
    if (beam != null && count > beam) {
      throw new RnnException("--count " + count + " is more than the beam width " + beam
          + ": beam search gives at most WIDTH distinct sequences");
    }
  }

  @Override
  public Integer call() {
    checkOptions();
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(backend, Options.empty());
    LanguageModel lm = ModelFile.load(model, ops, plugins);
    if (beam != null && beam > lm.vocabulary().size()) {
      throw new RnnException("--beam " + beam + " is wider than the model's vocabulary of "
          + lm.vocabulary().size() + " tokens");
    }
    TextGenerator gen = TextGenerator.of(lm, plugins);
    PrintWriter out = spec.commandLine().getOut();
    SplittableRandom random = new SplittableRandom(seed);
    Generator.Sampling sampling = temperature == null ? null : new Generator.Sampling(temperature, topK, topP);
    if (interactive) {
      interact(gen, sampling, random, out, onTerminal());
    } else {
      generate(gen, prefix, sampling, random).forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /**
   * @return whether standard input and output are a terminal: a console exists and, on Java 22+
   *     (where a console may exist for redirected streams), {@code Console.isTerminal()} holds
   */
  static boolean onTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (NoSuchMethodException e) {
      return true; // before Java 22 a console means a terminal
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Reads prefixes from stdin; writes the {@code > } prompt only when {@code prompt} (a terminal). */
  private void interact(TextGenerator gen, Generator.Sampling sampling, SplittableRandom random,
      PrintWriter out, boolean prompt) {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (true) {
      if (prompt) {
        out.print("> ");
        out.flush();
      }
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        throw new RnnException("cannot read standard input: " + e.getMessage());
      }
      if (line == null || line.isBlank()) {
        return;
      }
      generate(gen, line, sampling, random).forEach(out::println);
      out.flush();
    }
  }
}

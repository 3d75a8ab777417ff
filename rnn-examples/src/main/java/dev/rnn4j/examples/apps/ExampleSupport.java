package dev.rnn4j.examples.apps;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunListener;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.core.train.EpochStats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** What both example applications share: command-line handling, corpus checks, training, loading. */
final class ExampleSupport {
  /** Exit code for the user's mistakes (missing corpus, bad option). */
  static final int USER_ERROR = 1;
  /** Exit code for internal errors. */
  static final int INTERNAL_ERROR = 2;
  /** System property naming the directory that relative default paths are resolved against. */
  static final String HOME_PROPERTY = "rnn4j.home";

  private ExampleSupport() {}

  /** The model and training options of both examples (a picocli mixin). */
  static final class TrainingOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Where the trained model is written (and read with --generate-only).")
    Path output;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the selected text.")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
        description = "Seed of the initial weights, the shuffling and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden units of the Elman layer.")
    Integer hidden;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate of SGD.")
    Double learningRate;

    @Option(names = "--lr-decay", paramLabel = "F",
        description = "The learning rate is multiplied by F after every epoch.")
    Double learningRateDecay;

    @Option(names = "--clip-norm", defaultValue = "5", paramLabel = "V",
        description = "Scale the gradients down when their global L2 norm exceeds V; 0 = off "
            + "(default: ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--backend", paramLabel = "NAME",
        description = "Math backend (default: the best available; see 'rnn4j env').")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
        description = "Threads the backend may use (default: all processors).")
    Integer threads;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0.8", paramLabel = "T",
        description = "Sampling temperature, > 0; lower is safer (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--generate-only",
        description = "Skip training: load the model from --output and only generate.")
    boolean generateOnly;

    /** Rejects impossible settings with one message. */
    void check() {
      if (epochs != null && epochs < 1) {
        throw new RnnException("--epochs must be at least 1, got " + epochs);
      }
      if (!(temperature > 0) || !Double.isFinite(temperature)) {
        throw new RnnException("--temperature must be a positive number, got " + temperature);
      }
      if (learningRateDecay != null && !(learningRateDecay > 0 && learningRateDecay <= 1)) {
        throw new RnnException("--lr-decay must lie in (0, 1], got " + learningRateDecay);
      }
    }

    Options backendOptions() {
      return threads == null ? Options.empty() : Options.of("threads", String.valueOf(threads));
    }
  }

  /** The hyper-parameters one training run uses, after defaults were applied. */
  record Hyper(int hidden, double learningRate, double learningRateDecay, int epochs, long seed,
      double clipNorm) {}

  /**
   * @return a command line for an example: a parameter mistake or an {@link RnnException} is one
   *     message on stderr and exit code 1, anything else exit code 2
   */
  static CommandLine commandLine(Object command, String name) {
    CommandLine cl = new CommandLine(command);
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println(name + ": " + ex.getMessage());
      err.println("Try '" + name + " --help'.");
      return USER_ERROR;
    });
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof RnnException) {
        err.println(name + ": " + ex.getMessage());
        return USER_ERROR;
      }
      err.println(name + ": internal error: " + ex);
      ex.printStackTrace(err);
      return INTERNAL_ERROR;
    });
    return cl;
  }

  /** @return {@code given}, or {@code fallback} resolved against {@value #HOME_PROPERTY} if set */
  static Path pathOrDefault(Path given, String fallback) {
    if (given != null) {
      return given;
    }
    String home = System.getProperty(HOME_PROPERTY);
    return home == null || home.isBlank() ? Path.of(fallback) : Path.of(home).resolve(fallback);
  }

  /**
   * @param corpus the corpus directory or file the user named (or the default)
   * @param file the file expected inside a directory, or {@code null} for any
   * @param fetchName the argument of {@code scripts/fetch-corpus} that fetches it
   * @return the file to read
   * @throws RnnException telling the user to fetch the corpus when it is not there
   */
  static Path requireCorpus(Path corpus, String file, String fetchName) {
    Path p = corpus;
    if (Files.isDirectory(corpus) && file != null) {
      p = corpus.resolve(file);
    }
    if (!Files.isRegularFile(p)) {
      throw new RnnException("corpus '" + p + "' not found: run scripts/fetch-corpus " + fetchName
          + " first (or pass --corpus with the folder or file)");
    }
    return p;
  }

  /**
   * Trains a single-layer float32 Elman model with SGD on {@code lines} with the library's
   * training run (no run folder), printing one line per epoch.
   *
   * @param tokenizer the tokenizer plugin's name
   * @param tokenizerOptions its options
   * @param minCount tokens seen fewer times become {@code <unk>}
   * @param maxVocab keep at most this many tokens (0 = all)
   */
  static LanguageModel train(List<String> lines, String tokenizer, Map<String, String> tokenizerOptions,
      int minCount, int maxVocab, Hyper h, TrainingOptions options, PrintWriter out) {
    RunConfig.Builder config = RunConfig.builder().tokenizer(tokenizer).tokenizerOptions(tokenizerOptions)
        .minCount(minCount).maxVocab(maxVocab).cell("elman").hidden(h.hidden()).optimizer("sgd")
        .learningRate(h.learningRate()).schedule("step:every=1,gamma=" + h.learningRateDecay())
        .clipNorm(h.clipNorm()).epochs(h.epochs()).seed(h.seed()).backend(options.backend)
        .threads(options.threads);
    long start = System.nanoTime();
    RunResult result = TrainingRun.create(config.build()).text(TextSource.ofLines(lines))
        .withoutFolder().listener(new RunListener() {
          @Override
          public void onEpoch(EpochStats s) {
            out.printf(Locale.ROOT, "epoch %2d/%d  lr %.4f  loss/token %.3f  perplexity %8.2f  %6.1f s  %,.0f tokens/s%n",
                s.epoch(), h.epochs(), s.learningRate(), s.meanLoss(), s.perplexity(), s.seconds(),
                s.tokensPerSecond());
            out.flush();
          }
        }).run();
    out.printf(Locale.ROOT, "trained in %.1f s (backend %s)%n", (System.nanoTime() - start) / 1e9,
        result.model().network().ops().name());
    return result.model();
  }

  /** Saves the model, creating the parent directory, and says where. */
  static void save(LanguageModel model, Path output, PrintWriter out) {
    Path parent = output.toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new RnnException("cannot create the directory of '" + output + "': " + e.getMessage(), e);
    }
    ModelFile.save(model, output);
    out.println("model saved to " + output);
    out.flush();
  }

  /** Loads a model saved before, with a clear message when it is missing. */
  static LanguageModel load(Path model, TensorOps ops, Plugins plugins) {
    if (!Files.isRegularFile(model)) {
      throw new RnnException("model '" + model + "' not found: train it first (without --generate-only)");
    }
    return ModelFile.load(model, ops, plugins);
  }
}

package dev.rnn4j.examples.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.io.AtomicFile;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.train.EpochStats;
import dev.rnn4j.examples.report.TrainingProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j train}: a model from a text corpus, in a run folder, resumable. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains a recurrent language model on a corpus (UTF-8 text, one sentence per line; a "
        + "file or a directory). Settings come from --config FILE (JSON) overridden by flags; see "
        + "the effective ones with --print-config. Each run gets a folder (runs/NAME-DATE) with "
        + "config.json, train.log, metrics.csv, loss and perplexity plots, checkpoint.safetensors "
        + "and model.safetensors; --resume FOLDER continues an interrupted run exactly.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE.json", description = "Configuration file (JSON, snake_case keys; see README).")
  Path config;

  @Option(names = "--print-config", description = "Print the effective configuration as JSON and exit.")
  boolean printConfig;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "Continue the run in this folder from its last checkpoint, with its saved configuration.")
  Path resume;

  @Option(names = {"-c", "--corpus"}, paramLabel = "PATH", description = "The corpus: a UTF-8 file or a directory of .txt files.")
  String corpus;

  @Option(names = "--validation", paramLabel = "PATH", description = "Held-out corpus for validation perplexity.")
  String validation;

  @Option(names = "--validation-fraction", paramLabel = "F",
      description = "Hold out this fraction of the lines instead (seeded; default 0).")
  Double validationFraction;

  @Option(names = "--mode", paramLabel = "sentences|stream",
      description = "sentences: each line a sequence (default); stream: the text as one stream in windows of --seq-length, state carried.")
  String mode;

  @Option(names = "--seq-length", paramLabel = "T", description = "Window length in stream mode (default 50).")
  Integer seqLength;

  @Option(names = "--tokenizer", paramLabel = "NAME",
      description = "whitespace (default), char, pattern, chinese, bpe, or a plugin; see 'rnn4j env'.")
  String tokenizer;

  @Option(names = "--tokenizer-option", paramLabel = "KEY=VALUE",
      description = "A tokenizer setting, repeatable (graphemes=true, lowercase=true, vocab-size=2000 ...).")
  Map<String, String> tokenizerOptions;

  @Option(names = "--min-count", paramLabel = "N", description = "Tokens seen fewer times become <unk> (default 1).")
  Integer minCount;

  @Option(names = "--max-vocab", paramLabel = "N", description = "Keep at most N tokens, specials included; 0 = all (default 0).")
  Integer maxVocab;

  @Option(names = "--patience", paramLabel = "N",
      description = "Stop when the validation loss has not improved for N epochs; 0 = never (default 0).")
  Integer patience;

  @Option(names = "--checkpoint-every", paramLabel = "N",
      description = "Also checkpoint every N updates (a checkpoint is always written after each epoch; default 0).")
  Integer checkpointEvery;

  @Option(names = "--runs", paramLabel = "DIR", description = "Where run folders are created (default runs).")
  String runs;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of the run folder (default train).")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Also copy the final model here (it is always in the run folder as model.safetensors).")
  Path output;

  @Option(names = {"-q", "--quiet"}, description = "Print only errors and the final paths.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Also print informational log lines.")
  boolean verbose;

  @Mixin TrainSettings settings;

  @Override
  public Integer call() {
    Logging.console(verbose, quiet);
    PrintWriter out = spec.commandLine().getOut();
    TrainConfig effective = resume != null ? resumedConfig() : effectiveConfig();
    if (printConfig) {
      out.println(effective.toJson());
      out.flush();
      return 0;
    }
    Path runDir = resume != null ? resume : newRunFolder(effective);
    out.println("run folder: " + runDir.toAbsolutePath());
    out.flush();
    FileAppender<ILoggingEvent> log = Logging.toFile(runDir.resolve("train.log"));
    try {
      if (resume == null) {
        AtomicFile.write(runDir.resolve("config.json"), o -> o.write(
            effective.toJson().getBytes(StandardCharsets.UTF_8)));
      }
      Plugins plugins = Plugins.defaults();
      CorpusTraining.Prepared data = CorpusTraining.prepare(effective, plugins);
      if (!quiet) {
        out.printf("corpus %s: %d sequences, %d tokens, vocabulary %d (tokenizer %s)%s%n",
            effective.corpus, data.sequences(), data.tokens(), data.vocabulary().size(),
            data.tokenizerName(), data.validation() != null ? ", with validation data" : "");
        out.flush();
      }
      CorpusTraining.Session session = CorpusTraining.session(data, effective, plugins);
      Path checkpoint = runDir.resolve("checkpoint.safetensors");
      session.trainer().checkpoints(checkpoint, effective.checkpointEvery);
      if (resume != null && !Files.exists(checkpoint)) {
        throw new RnnException(runDir + " has no checkpoint.safetensors to resume from");
      }
      List<EpochStats> history;
      try (RunReporter reporter = new RunReporter(runDir, out, effective.epochs,
          quiet ? TrainingProgress.Verbosity.QUIET
              : verbose ? TrainingProgress.Verbosity.VERBOSE : TrainingProgress.Verbosity.NORMAL,
          session.optimizer()::learningRate)) {
        history = resume != null
            ? session.trainer().resume(checkpoint, data.train(), reporter)
            : session.trainer().fit(data.train(), reporter);
      }
      LanguageModel model = CorpusTraining.result(data, session, effective, history);
      Path modelFile = runDir.resolve("model.safetensors");
      ModelFile.save(model, modelFile);
      if (output != null) {
        ModelFile.save(model, output);
      }
      out.println("model saved to " + modelFile.toAbsolutePath()
          + (output != null ? " and " + output.toAbsolutePath() : ""));
      out.println("run folder: " + runDir.toAbsolutePath());
      out.flush();
      return 0;
    } finally {
      Logging.detach(log);
    }
  }

  private TrainConfig effectiveConfig() {
    TrainConfig flags = new TrainConfig();
    flags.corpus = corpus;
    flags.validation = validation;
    flags.validationFraction = validationFraction;
    flags.mode = mode;
    flags.seqLength = seqLength;
    flags.tokenizer = tokenizer;
    flags.tokenizerOptions = tokenizerOptions;
    flags.minCount = minCount;
    flags.maxVocab = maxVocab;
    flags.patience = patience;
    flags.checkpointEvery = checkpointEvery;
    flags.runs = runs;
    flags.name = name;
    settings.applyTo(flags);
    TrainConfig base = TrainConfig.defaults();
    if (config != null) {
      base = base.overriddenBy(TrainConfig.read(config));
    }
    TrainConfig effective = base.overriddenBy(flags);
    effective.validate();
    return effective;
  }

  private TrainConfig resumedConfig() {
    Path file = resume.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new RnnException(resume + " is not a run folder (no config.json); give the folder "
          + "printed as 'run folder:' by the run to resume");
    }
    TrainConfig c = TrainConfig.defaults().overriddenBy(TrainConfig.read(file));
    c.validate();
    return c;
  }

  private static Path newRunFolder(TrainConfig c) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path base = Path.of(c.runs);
    try {
      Files.createDirectories(base);
      for (int i = 1; ; i++) {
        Path dir = base.resolve(c.name + "-" + stamp + (i == 1 ? "" : "-" + i));
        try {
          return Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // try the next suffix
        }
      }
    } catch (IOException e) {
      throw new RnnException("cannot create a run folder under " + base + ": " + e.getMessage());
    }
  }
}

package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.cli.report.TrainingProgress;
import dev.rnn4j.core.io.ModelFile;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rnn4j train}: a model from a text corpus, in a run folder, resumable. The settings are
 * the core's {@link RunConfig}, bound as options by {@link RunOptions}; the run is the core's
 * {@link TrainingRun}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains a recurrent language model on a corpus (UTF-8 text, one sentence per line; a "
        + "file or a directory). Settings come from --config FILE (JSON) overridden by flags; see "
        + "the effective ones with --print-config. Each run gets a folder (runs/NAME-DATE) with "
        + "config.json, provenance.json, train.log, metrics.csv, loss and perplexity plots, "
        + "checkpoint.safetensors and model.safetensors; --resume FOLDER continues a run exactly.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE.json", description = "Configuration file (JSON, snake_case keys; see README).")
  Path config;

  @Option(names = "--print-config", description = "Print the effective configuration as JSON and exit.")
  boolean printConfig;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "Continue the run in this folder from its last checkpoint, with its saved configuration; "
          + "--epochs, --lr, --patience, --checkpoint-every, --threads and --backend may change "
          + "(with --spark also an address such as hdfs://host/runs/NAME).")
  String resume;

  @Option(names = "--allow-changed-corpus",
      description = "With --resume: train on the corpus even though its files changed since the run started.")
  boolean allowChangedCorpus;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Also copy the final model here (it is always in the run folder as model.safetensors).")
  Path output;

  @Option(names = {"-q", "--quiet"}, description = "Print only errors and the final paths.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Also print informational log lines.")
  boolean verbose;

  @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1",
      fallbackValue = SparkSession.FROM_SUBMIT,
      description = "Compute the gradients on Apache Spark (local[2], spark://host:7077, yarn; bare "
          + "--spark under spark-submit: its master). Same weights as a local run with the same --shards.")
  String sparkMaster;

  @Option(names = "--partitions", paramLabel = "N",
      description = "With --spark: partitions each update's shards are spread over (default: Spark's parallelism).")
  Integer partitions;

  @Override
  public Integer call() {
    if (sparkMaster == null) {
      if (partitions != null) {
        throw new RnnException("--partitions only goes with --spark");
      }
      return train(null);
    }
    SparkSession spark = SparkSession.start(sparkMaster, partitions);
    try {
      return train(spark);
    } catch (Exception e) { // Spark's IOExceptions arrive undeclared, through Scala
      throw spark.explain(e);
    } finally {
      spark.close();
    }
  }

  /** @param spark the Spark session to train on, or null to train locally */
  private Integer train(SparkSession spark) {
    Logging.console(verbose, quiet);
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Object> given = RunOptions.given(spec.commandLine().getParseResult());
    TrainingRun run;
    if (resume != null) {
      if (config != null) {
        throw new RnnException("--config cannot be combined with --resume: a resumed run keeps "
            + "the configuration in " + resume + "/config.json");
      }
      run = spark != null ? spark.resume(resume, given)
          : TrainingRun.resume(Path.of(resume), given, Plugins.defaults());
      if (allowChangedCorpus) {
        run.allowChangedCorpus();
      }
    } else {
      if (allowChangedCorpus) {
        throw new RnnException("--allow-changed-corpus only goes with --resume");
      }
      RunConfig.Builder b = (config == null ? RunConfig.defaults() : readConfig(config)).toBuilder();
      given.forEach(b::set);
      RunConfig c = b.build();
      if (printConfig) {
        out.print(c.toJson());
        out.flush();
        return 0;
      }
      c.corpusPath();
      run = spark != null ? spark.create(c) : TrainingRun.create(c);
    }
    if (printConfig) {
      out.print(run.config().toJson());
      out.flush();
      return 0;
    }
    if (output != null && output.toAbsolutePath().getParent() != null
        && !Files.isDirectory(output.toAbsolutePath().getParent())) {
      throw new RnnException("cannot write the model to " + output + ": its folder does not exist");
    }
    RunResult result;
    try (RunReporter reporter = new RunReporter(out, run.config().epochs(),
        quiet ? TrainingProgress.Verbosity.QUIET
            : verbose ? TrainingProgress.Verbosity.VERBOSE : TrainingProgress.Verbosity.NORMAL)) {
      result = run.listener(reporter).run();
    }
    if (output != null) {
      ModelFile.save(result.model(), output);
    }
    out.println("model saved to " + (result.modelFile() != null
        ? result.modelFile().toAbsolutePath().toString() : result.location() + "/model.safetensors")
        + (output != null ? " and " + output.toAbsolutePath() : "")
        + (result.history().isEmpty() ? "" : " (epoch " + result.bestEpoch() + ")"));
    out.println("run folder: " + result.location());
    out.flush();
    return 0;
  }

  /** @return the configuration file over the defaults */
  static RunConfig readConfig(Path file) {
    try {
      return RunConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8), file.toString(),
          RunConfig.defaults());
    } catch (NoSuchFileException e) {
      throw new RnnException("configuration file " + file + " does not exist");
    } catch (IOException e) {
      throw new RnnException("cannot read " + file + ": " + e.getMessage());
    }
  }
}

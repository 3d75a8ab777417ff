package dev.rnn4j.spark;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training runs whose gradients Apache Spark computes: the core's {@link TrainingRun} (the same
 * configuration, run folder, checkpoints, metrics and model files as a local run) with a {@link
 * SparkGradientEngine}. A run gives the same weights, bit for bit, as a local run with the same
 * configuration (in particular the same {@link RunConfig#shards()}), for any partition count.
 *
 * <pre>{@code
 * RunResult r = new SparkTraining(sc, 8).create(RunConfig.builder()
 *     .corpus("hdfs:///corpora/text.txt").shards(8).batch(64).build()).run();
 * }</pre>
 *
 * <p>The text is read through Hadoop's file systems ({@code file://}, {@code hdfs://}, ...) or
 * taken from a {@link JavaRDD} of lines, and encoded on the executors, where the training
 * sequences stay (see {@link SparkText}): the driver holds their shapes, the vocabulary, the
 * tokenizer and the validation ids only (a BPE tokenizer's merges are learned on the driver from
 * the training lines, streamed one partition at a time). The run folder is written by the driver on its own
 * file system, or, when {@link RunConfig#runs()} is an address ({@code hdfs://...}, {@code
 * file://...}), through Hadoop's file system API: staged locally, every file copied there
 * atomically when complete (see {@link HadoopRunOutput}). Blank lines are skipped, as in a local run. The caller owns the context.
 */
public final class SparkTraining {
  private static final Logger LOG = LoggerFactory.getLogger(SparkTraining.class);
  private final JavaSparkContext sc;
  private final int partitions;

  /**
   * @param sc the Spark context
   * @param partitions the partitions each update's shards are spread over (at least 1)
   */
  public SparkTraining(JavaSparkContext sc, int partitions) {
    if (partitions < 1) {
      throw new RnnException("partitions must be at least 1, got " + partitions);
    }
    this.sc = sc;
    this.partitions = partitions;
  }

  /**
   * @return a run of {@code config} on the text at {@link RunConfig#corpus()}, a file or folder
   *     on any Hadoop file system (of a folder, its {@code *.txt} files in order of their
   *     relative paths, hidden ones skipped, as a local run reads it)
   * @throws RnnException when the configuration is invalid or the corpus cannot be read
   */
  public TrainingRun create(RunConfig config) {
    if (config.corpus() == null) {
      throw new RnnException("no corpus: give the text's path (file://, hdfs://, ...)");
    }
    return create(config, SparkCorpus.lines(sc, config.corpus(), partitions), config.corpus());
  }

  /**
   * @return a run of {@code config} on {@code lines} (the configuration's corpus is ignored)
   * @throws RnnException when the configuration is invalid or the lines cannot be read
   */
  public TrainingRun create(RunConfig config, JavaRDD<String> lines) {
    return create(config, lines, "the text");
  }

  /**
   * Encodes the text on the executors ({@link SparkText}) now, so that a missing corpus or one
   * without tokens fails before the run starts.
   */
  private TrainingRun create(RunConfig config, JavaRDD<String> lines, String what) {
    TrainingRun run = TrainingRun.create(config);
    if (HadoopRunOutput.isUri(config.runs())) {
      run.output(HadoopRunOutput.under(sc.hadoopConfiguration(), config.runs()));
    }
    SparkText text = new SparkText(sc, config, lines, what, partitions);
    return engine(run, text).encoded(text.encode(null, null));
  }

  /**
   * @return the continuation of the run in {@code folder} (see {@link TrainingRun#resume}), its
   *     text read again from its corpus through Hadoop and encoded on the executors with the
   *     checkpoint's tokenizer and vocabulary
   */
  public TrainingRun resume(Path folder, Map<String, Object> changes) {
    TrainingRun run = TrainingRun.resume(folder, changes, Plugins.defaults());
    String corpus = run.config().corpus();
    SparkText text = new SparkText(sc, run.config(), SparkCorpus.lines(sc, corpus, partitions),
        corpus, partitions);
    return engine(run, text).encodedBy(text);
  }

  /**
   * @param folder a run folder: a local path, or an address on a Hadoop file system ({@code
   *     hdfs://...}, {@code file://...}), whose files are copied to a local staging folder and
   *     written back as the run goes
   * @return the continuation of the run in {@code folder} (see {@link TrainingRun#resume})
   */
  public TrainingRun resume(String folder, Map<String, Object> changes) {
    if (!HadoopRunOutput.isUri(folder)) {
      return resume(Path.of(folder), changes);
    }
    HadoopRunOutput output = HadoopRunOutput.resume(sc.hadoopConfiguration(), folder);
    try {
      return resume(output.stagedFolder(), changes).output(output);
    } catch (RuntimeException e) {
      output.close();
      throw e;
    }
  }

  private TrainingRun engine(TrainingRun run, SparkText text) {
    LOG.info("training on Spark {} ({} partitions, {} shards per batch)", sc.master(), partitions,
        run.config().shards());
    return run.gradients(spec -> new SparkGradientEngine(sc, spec, partitions)
        .given(text.placed(), text::release));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse("");
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.TrainingRun;
import java.nio.file.Path;
import java.util.List;
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
 * taken from a {@link JavaRDD} of lines, and collected to the driver, which encodes it and sends
 * each update's token ids with the weights; the run folder is written by the driver on its own
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
   *     on any Hadoop file system
   * @throws RnnException when the configuration is invalid or the corpus cannot be read
   */
  public TrainingRun create(RunConfig config) {
    if (config.corpus() == null) {
      throw new RnnException("no corpus: give the text's path (file://, hdfs://, ...)");
    }
    return create(config, sc.textFile(config.corpus(), partitions), config.corpus());
  }

  /**
   * @return a run of {@code config} on {@code lines} (the configuration's corpus is ignored)
   * @throws RnnException when the configuration is invalid or the lines cannot be read
   */
  public TrainingRun create(RunConfig config, JavaRDD<String> lines) {
    return create(config, lines, "the text");
  }

  /**
   * When the whole text is training text and the tokenizer needs no training, counts the
   * vocabulary on Spark and, in sentence mode, encodes the sentences on the executors, where they
   * stay ({@link SparkSentences}); else (and for streams) the driver reads and encodes the text as
   * a local run does.
   */
  private TrainingRun create(RunConfig config, JavaRDD<String> lines, String what) {
    TrainingRun run = engine(TrainingRun.create(config));
    if (HadoopRunOutput.isUri(config.runs())) {
      run.output(HadoopRunOutput.under(sc.hadoopConfiguration(), config.runs()));
    }
    Plugins plugins = Plugins.defaults();
    if (config.validation() != null || config.validationFraction() != 0
        || plugins.select(plugins.tokenizers(), config.tokenizer()).isTrainable()) {
      return run.text(TextSource.ofLines(collect(lines, what)));
    }
    try {
      Vocabulary vocabulary = SparkVocabulary.count(lines, config.tokenizer(),
          config.tokenizerOptions(), config.minCount(), config.maxVocab());
      if (config.isStream()) {
        return run.vocabulary(vocabulary).text(TextSource.ofLines(collect(lines, what)));
      }
      SparkSentences.Encoded encoded = SparkSentences.encode(sc, lines, config, vocabulary,
          partitions, what);
      return run.encoded(encoded.data()).gradients(spec ->
          new SparkGradientEngine(sc, spec, partitions).sentences(encoded.placed()));
    } catch (RnnException e) {
      throw e;
    } catch (Exception e) { // Hadoop's IOExceptions arrive undeclared, through Scala
      throw new RnnException("cannot read " + what + " on Spark: " + rootMessage(e));
    }
  }

  /**
   * @return the continuation of the run in {@code folder} (see {@link TrainingRun#resume}), its
   *     text read again from its corpus through Hadoop
   */
  public TrainingRun resume(Path folder, Map<String, Object> changes) {
    TrainingRun run = TrainingRun.resume(folder, changes, Plugins.defaults());
    return engine(run).text(TextSource.ofLines(readLines(run.config().corpus())));
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

  private TrainingRun engine(TrainingRun run) {
    LOG.info("training on Spark {} ({} partitions, {} shards per batch)", sc.master(), partitions,
        run.config().shards());
    return run.gradients(spec -> new SparkGradientEngine(sc, spec, partitions));
  }

  private List<String> readLines(String corpus) {
    return collect(sc.textFile(corpus, partitions), corpus);
  }

  private static List<String> collect(JavaRDD<String> lines, String what) {
    List<String> all;
    try {
      all = lines.collect();
    } catch (Exception e) { // Hadoop's IOExceptions arrive undeclared, through Scala
      throw new RnnException("cannot read " + what + " on Spark: " + rootMessage(e));
    }
    if (all.stream().allMatch(String::isBlank)) {
      throw new RnnException("corpus '" + what + "' has no text (" + lines.getNumPartitions()
          + " partition" + (lines.getNumPartitions() == 1 ? "" : "s") + ", all empty or blank)");
    }
    return all;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse("");
  }
}

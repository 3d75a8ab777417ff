package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextPieces;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunData;
import dev.rnn4j.core.run.RunListener;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import dev.rnn4j.core.train.TrainingData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/**
 * The text is encoded on the executors in every case (streams, validation splits, BPE, resumed
 * runs): the driver holds shapes, never the training ids, and the weights are a local run's.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkEncodingTest {
  static JavaSparkContext sc;
  static final List<String> LINES = withBlanks(SparkTestContext.lines(120, 3));
  static final AtomicLong RESULT_BYTES = new AtomicLong();

  @BeforeAll
  static void start() {
    sc = SparkTestContext.start();
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          RESULT_BYTES.addAndGet(end.taskMetrics().resultSize());
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.close();
    }
  }

  private static List<String> withBlanks(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    out.add(17, "");
    out.add(60, "   ");
    return out;
  }

  private static RunResult local(RunConfig config) {
    return TrainingRun.create(config).withoutFolder().text(TextSource.ofLines(LINES)).run();
  }

  /** A local run on the corpus as a file, as {@code rnn4j train --corpus FILE} runs it. */
  private static RunResult localFromFile(RunConfig config, Path dir) throws Exception {
    Path file = dir.resolve("corpus.txt");
    Files.write(file, LINES);
    return TrainingRun.create(config.toBuilder().corpus(file.toString()).build()).withoutFolder()
        .run();
  }

  /** Trains on Spark; {@code held} receives the driver's training data. */
  private static RunResult spark(RunConfig config, int partitions, int lineParts,
      TrainingData[] held) {
    return new SparkTraining(sc, partitions).create(config, sc.parallelize(LINES, lineParts))
        .withoutFolder().listener(new RunListener() {
          @Override
          public void onData(RunData data) {
            held[0] = data.train();
          }
        }).run();
  }

  private static void assertSameRun(RunResult local, RunResult spark, String what) {
    assertTrue(SparkTestContext.sameWeights(local, spark), what);
    for (int e = 0; e < local.history().size(); e++) {
      assertEquals(local.history().get(e).meanLoss(), spark.history().get(e).meanLoss(), what);
      assertEquals(local.history().get(e).validationLoss(),
          spark.history().get(e).validationLoss(), what);
    }
  }

  /** A local run's data read from {@code lines} written to {@code file}, as the CLI reads a corpus. */
  private static RunData readFromFile(Path file, List<String> lines, RunConfig config)
      throws Exception {
    Files.write(file, lines);
    Plugins plugins = Plugins.defaults();
    return RunData.read(TextSource.of(file), null, config,
        plugins.select(plugins.tokenizers(), config.tokenizer()));
  }

  /** Asserts each parallel stream built on the executors, and the token count, equal the local run's. */
  private static void assertStreamsAreLocal(RunData local, SparkStream.Encoded e, int batch,
      String what) {
    for (Tuple2<Integer, Column> c : e.columns().collect()) {
      assertArrayEquals(local.train().sequence(c._1(), batch), c._2().ids(),
          "parallel stream " + c._1() + what);
    }
    assertEquals(local.tokens(), e.tokens());
  }

  @Test
  void theParallelStreamsBuiltOnTheExecutorsAreTheLocalOnes(@TempDir Path dir) throws Exception {
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(5).tokenizer("char")
        .build();
    RunData local = readFromFile(dir.resolve("corpus.txt"), LINES, config);
    Vocabulary v = local.vocabulary();
    assertEquals(v.tokens(), SparkVocabulary.count(sc.parallelize(LINES, 3), "char", Map.of(), 1,
        0, true).tokens(), "the spaces of a blank line count in a stream");
    var tokens = sc.broadcast(new ArrayList<>(v.tokens()));
    LineEncoding encoding = new LineEncoding("char", new HashMap<>(), tokens);
    for (int[] shape : new int[][] {{1, 1, 8}, {7, 3, 8}, {4, 8, 5}, {130, 2, 3}}) {
      int batch = shape[2];
      SparkStream.Encoded e = SparkStream.encode(sc, sc.parallelize(LINES, shape[0]), encoding,
          batch, 5, shape[1]);
      assertEquals(batch, e.columns().count());
      assertStreamsAreLocal(local, e, batch, " of " + java.util.Arrays.toString(shape));
      assertEquals(local.sequences(), e.sequences());
      e.columns().unpersist(false);
    }
    tokens.destroy();
  }

  @Test
  void aStreamLineLongerThanAPieceIsCutAsALocalPassCutsIt(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>(LINES.subList(0, 30));
    // cut at MAX_PIECE (the space is not in the second half), so "x..." becomes two words
    lines.add(5, "y " + "x".repeat(70_000));
    lines.add(9, "word ".repeat(20_000)); // cut at a space
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(5).build();
    RunData local = readFromFile(dir.resolve("long.txt"), lines, config);
    Vocabulary v = local.vocabulary();
    assertTrue(v.tokens().contains("x".repeat(70_000 - TextPieces.MAX_PIECE + 2)), "cut locally");
    assertEquals(v.tokens(), SparkVocabulary.count(sc.parallelize(lines, 3), "whitespace",
        Map.of(), 1, 0, true).tokens());
    var tokens = sc.broadcast(new ArrayList<>(v.tokens()));
    LineEncoding encoding = new LineEncoding("whitespace", new HashMap<>(), tokens);
    int batch = 4;
    SparkStream.Encoded e = SparkStream.encode(sc, sc.parallelize(lines, 3), encoding, batch, 5, 2);
    assertStreamsAreLocal(local, e, batch, "");
    e.columns().unpersist(false);
    tokens.destroy();
  }

  @Test
  void aStreamEncodedOnTheExecutorsTrainsToTheLocalWeights(@TempDir Path dir) throws Exception {
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(6).shards(3).cell("gru")
        .build();
    RunResult local = localFromFile(config, dir);
    assertSameRun(local(config), local, "a file and its lines, locally");
    for (int[] p : new int[][] {{2, 5}, {3, 1}}) {
      TrainingData[] held = new TrainingData[1];
      RunResult spark = spark(config, p[0], p[1], held);
      assertTrue(held[0].isStream() && held[0].isShapeOnly(), "the driver holds the length only");
      assertThrows(IllegalStateException.class, () -> held[0].sequence(0, 8));
      assertSameRun(local, spark, p[0] + " partitions, " + p[1] + " line partitions");
    }
  }

  @Test
  void validationSplitsPickTheLocalLinesAndGiveTheLocalValidationLoss(@TempDir Path dir)
      throws Exception {
    for (String mode : new String[] {"sentences", "stream"}) {
      RunConfig config = SparkTestContext.config().mode(mode).seqLength(7).shards(4)
          .validationFraction(0.25).build();
      RunResult local = localFromFile(config, dir);
      TrainingData[] held = new TrainingData[1];
      RunResult spark = spark(config, 3, 4, held);
      assertTrue(held[0].isShapeOnly(), mode + ": the driver holds shapes only");
      assertTrue(Double.isFinite(spark.history().get(0).validationLoss()));
      assertSameRun(local, spark, mode + " with a validation split");
    }
    Path held = dir.resolve("held.txt");
    Files.write(held, SparkTestContext.lines(30, 9));
    RunConfig withFile = SparkTestContext.config().shards(4).epochs(1)
        .validation(held.toString()).build();
    TrainingData[] train = new TrainingData[1];
    assertSameRun(localFromFile(withFile, dir), spark(withFile, 2, 3, train), "validation file");
    assertTrue(train[0].isShapeOnly());
  }

  @Test
  void aBpeTokenizerLearnedFromTheExecutorsLinesEncodesThereToTheLocalModel(@TempDir Path dir)
      throws Exception {
    RunConfig config = SparkTestContext.config().tokenizer("bpe")
        .tokenizerOptions(Map.of("vocab-size", "300")).epochs(1).build();
    RunResult local = localFromFile(config, dir);
    TrainingData[] held = new TrainingData[1];
    RunResult spark = spark(config, 3, 4, held);
    assertTrue(held[0].isShapeOnly());
    assertEquals(local.model().vocabulary().tokens(), spark.model().vocabulary().tokens());
    assertEquals(local.model().tokenizerSettings().asMap(),
        spark.model().tokenizerSettings().asMap(), "the same merges");
    assertSameRun(local, spark, "bpe");
  }

  @Test
  void aResumedStreamRunWithBpeAndValidationEncodesOnTheExecutors(@TempDir Path dir)
      throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.write(corpus, LINES);
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(6).shards(4)
        .tokenizer("bpe").tokenizerOptions(Map.of("vocab-size", "280")).validationFraction(0.2)
        .corpus(corpus.toString()).runs(dir.resolve("runs").toString()).epochs(3).build();
    RunResult uninterrupted = TrainingRun.create(config).withoutFolder().run();
    RunResult first = new SparkTraining(sc, 2).create(config.toBuilder().epochs(2).build()).run();
    TrainingData[] held = new TrainingData[1];
    RunResult resumed = new SparkTraining(sc, 3).resume(first.folder(), Map.of("epochs", 3L))
        .listener(new RunListener() {
          @Override
          public void onData(RunData data) {
            held[0] = data.train();
          }
        }).run();
    assertTrue(held[0].isShapeOnly(), "the resumed run's driver holds the stream's length only");
    assertTrue(SparkTestContext.sameWeights(uninterrupted, resumed), "resumed on Spark");
    assertEquals(uninterrupted.history().get(2).validationLoss(),
        resumed.history().get(resumed.history().size() - 1).validationLoss());
  }

  @Test
  void aCorpusFolderIsReadAsLocallyItsTxtFilesInOrder(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("corpus");
    Files.createDirectories(folder.resolve("a"));
    Files.createDirectories(folder.resolve(".hidden"));
    Files.write(folder.resolve("b.txt"), LINES.subList(0, 50));
    Files.write(folder.resolve("a/x.txt"), LINES.subList(50, 90));
    Files.writeString(folder.resolve("c.txt"), "\uFEFF" + String.join("\n", LINES.subList(90,
        LINES.size())), java.nio.charset.StandardCharsets.UTF_8); // a BOM, no final line feed
    Files.write(folder.resolve("README.md"), List.of("zebra yak not text"));
    Files.write(folder.resolve(".hidden/y.txt"), List.of("xenon quark hidden"));
    for (String mode : new String[] {"sentences", "stream"}) {
      RunConfig config = SparkTestContext.config().mode(mode).seqLength(6).shards(4).epochs(1)
          .corpus(folder.toString()).build();
      RunResult local = TrainingRun.create(config).withoutFolder().run();
      RunResult spark = new SparkTraining(sc, 2).create(config.toBuilder()
          .corpus(folder.toUri().toString()).build()).withoutFolder().run();
      assertEquals(local.model().vocabulary().tokens(), spark.model().vocabulary().tokens(), mode);
      assertSameRun(local, spark, mode + ": a folder of files");
    }
  }

  @Test
  void theDriverCollectsFarLessThanTheCorpusWhileEncoding() throws Exception {
    List<String> words = SparkTestContext.lines(24000, 11);
    List<String> big = new ArrayList<>();
    for (int i = 0; i < words.size(); i += 3) { // lines of about 60 characters
      big.add(String.join(" ", words.subList(i, i + 3)));
    }
    long corpusBytes = big.stream().mapToLong(l -> l.length() + 1).sum();
    for (String mode : new String[] {"sentences", "stream"}) {
      RunConfig config = SparkTestContext.config().mode(mode).seqLength(20).batch(16)
          .validationFraction(0.01).build();
      sc.sc().listenerBus().waitUntilEmpty();
      long before = RESULT_BYTES.get();
      TrainingRun run = new SparkTraining(sc, 2).create(config, sc.parallelize(big, 4));
      sc.sc().listenerBus().waitUntilEmpty();
      long collected = RESULT_BYTES.get() - before;
      assertTrue(collected < corpusBytes / 4, mode + ": " + collected + " bytes collected from a "
          + corpusBytes + "-byte corpus");
      org.slf4j.LoggerFactory.getLogger(SparkEncodingTest.class).info("{}: {} bytes of task results "
          + "while encoding a {}-byte corpus", mode, collected, corpusBytes);
      assertTrue(run != null);
    }
  }
}

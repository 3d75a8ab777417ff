package dev.rnn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.run.RunConfig;
import dev.rnn4j.core.run.RunResult;
import dev.rnn4j.core.run.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkTrainingTest {
  static JavaSparkContext sc;
  static final AtomicInteger FAILED_TASKS = new AtomicInteger();
  static final List<String> LINES = SparkTestContext.lines(120, 3);
  static final dev.rnn4j.core.plugin.Plugins PLUGINS = dev.rnn4j.core.plugin.Plugins.defaults();
  static final dev.rnn4j.api.token.Tokenizer WORDS = PLUGINS.select(PLUGINS.tokenizers(),
      "whitespace").create(dev.rnn4j.api.Options.empty());

  @BeforeAll
  static void start() {
    sc = SparkTestContext.start();
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().failed()) {
          FAILED_TASKS.incrementAndGet();
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

  private static RunResult local(RunConfig config) {
    return TrainingRun.create(config).withoutFolder().text(TextSource.ofLines(LINES)).run();
  }

  @Test
  void sparkRunsWith1Or3Or8PartitionsEndWithTheLocalRunsWeights(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.txt");
    Files.write(corpus, LINES);
    RunConfig config = SparkTestContext.config().corpus(corpus.toUri().toString()).build();
    RunResult local = TrainingRun.create(config.toBuilder().corpus(corpus.toString()).build())
        .withoutFolder().run();
    assertTrue(SparkTestContext.sameWeights(local, local(config)), "file and lines differ locally");
    RunResult fromFile = new SparkTraining(sc, 1).create(config).withoutFolder().run();
    assertTrue(SparkTestContext.sameWeights(local, fromFile), "1 partition, text via Hadoop");
    for (int partitions : new int[] {3, 8}) {
      boolean[] onExecutors = {false};
      RunResult spark = new SparkTraining(sc, partitions)
          .create(config, sc.parallelize(LINES, 4)).withoutFolder()
          .listener(new dev.rnn4j.core.run.RunListener() {
            @Override
            public void onData(dev.rnn4j.core.run.RunData data) {
              onExecutors[0] = data.train().isShapeOnly();
            }
          }).run();
      assertTrue(onExecutors[0], "the driver holds the sentences' lengths only");
      assertTrue(SparkTestContext.sameWeights(local, spark), partitions + " partitions");
      for (int e = 0; e < local.history().size(); e++) {
        assertEquals(local.history().get(e).meanLoss(), spark.history().get(e).meanLoss());
      }
    }
    RunResult oneShard = local(SparkTestContext.config().shards(1).build());
    assertFalse(SparkTestContext.sameWeights(local, oneShard), "the shards count, not the partitions");
  }

  @Test
  void streamsCarryTheirStatesOnSparkAsLocallyAndSentencesSplitIntoChunks() {
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(6).shards(3).cell("gru")
        .build();
    RunResult spark = new SparkTraining(sc, 2).create(config, sc.parallelize(LINES, 3))
        .withoutFolder().run();
    assertTrue(SparkTestContext.sameWeights(local(config), spark));
    RunConfig chunks = SparkTestContext.config().bptt(3).shards(4).epochs(1).build();
    RunResult chunked = new SparkTraining(sc, 3).create(chunks, sc.parallelize(LINES, 2))
        .withoutFolder().run();
    assertTrue(SparkTestContext.sameWeights(local(chunks), chunked), "sentences in BPTT chunks");
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndTheResultIsUnchanged() throws Exception {
    RunConfig config = SparkTestContext.config().epochs(1).build();
    int before = FAILED_TASKS.get();
    RunResult spark = TrainingRun.create(config).withoutFolder().text(TextSource.ofLines(LINES))
        .gradients(spec -> new SparkGradientEngine(sc, spec, 3).faults(new FaultInjection(2, 1)))
        .run();
    assertTrue(SparkTestContext.sameWeights(local(config), spark));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (FAILED_TASKS.get() == before && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(before + 1, FAILED_TASKS.get(), "the injected failure happened once");
  }

  @Test
  void carriedStatesStayOnTheExecutorsBetweenUpdatesWithTheSameWeights() {
    RunConfig config = SparkTestContext.config().mode("stream").seqLength(5).shards(4).epochs(2)
        .build();
    SparkGradientEngine[] engine = new SparkGradientEngine[1];
    RunResult spark = TrainingRun.create(config).withoutFolder().text(TextSource.ofLines(LINES))
        .gradients(spec -> engine[0] = new SparkGradientEngine(sc, spec, 2)
            .faults(new FaultInjection(3, 1))).run();
    assertTrue(SparkTestContext.sameWeights(local(config), spark));
    long updates = engine[0].statesUpdates();
    long fetches = engine[0].stateFetches();
    assertTrue(updates >= 20, updates + " updates");
    assertTrue(fetches <= 2 * 2, fetches + " fetches of the states in " + updates + " updates: "
        + "only an epoch's first update (2 partitions) reads them from the driver");
  }

  @Test
  void theVocabularyCountedOnSparkIsTheLocalBuildersOne() {
    List<String> lines = new java.util.ArrayList<>(LINES);
    lines.add("zebra zebra yak yak xenon   ");
    lines.add("");
    for (int[] limits : new int[][] {{1, 0}, {2, 0}, {1, 9}, {3, 7}}) {
      dev.rnn4j.core.data.VocabularyBuilder local = new dev.rnn4j.core.data.VocabularyBuilder()
          .minCount(limits[0]);
      if (limits[1] > 0) {
        local.maxSize(limits[1]);
      }
      for (String line : lines) {
        if (!line.isBlank()) {
          local.add(WORDS.tokenize(line));
        }
      }
      dev.rnn4j.api.token.Vocabulary spark = SparkVocabulary.count(sc.parallelize(lines, 5),
          "whitespace", java.util.Map.of(), limits[0], limits[1]);
      assertEquals(local.build().tokens(), spark.tokens(), java.util.Arrays.toString(limits));
    }
  }

  @Test
  void aCorpusThatDoesNotExistIsOneClearMessage(@TempDir Path dir) {
    String missing = dir.resolve("nothing-here.txt").toUri().toString();
    RnnException e = assertThrows(RnnException.class, () ->
        new SparkTraining(sc, 2).create(SparkTestContext.config().corpus(missing).build()));
    assertTrue(e.getMessage().contains("nothing-here.txt"), e.getMessage());
  }
}

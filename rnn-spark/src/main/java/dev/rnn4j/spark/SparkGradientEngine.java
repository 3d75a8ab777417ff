package dev.rnn4j.spark;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.run.NetworkSpec;
import dev.rnn4j.core.train.BatchPosition;
import dev.rnn4j.core.train.DataLocalGradientEngine;
import dev.rnn4j.core.train.ShardBatch;
import dev.rnn4j.core.train.ShardSum;
import dev.rnn4j.core.train.ShardTree;
import dev.rnn4j.core.train.TrainingData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A {@link DataLocalGradientEngine} on Apache Spark: synchronous data parallelism with the
 * training sequences kept on the executors. {@link #place} sends the encoded sequences once into
 * a cached RDD: a stream's parallel streams (a column each) in the partition that owns the
 * column's shard ({@link Blocks} over the shards), sentences in blocks by global index. Each
 * update the driver broadcasts the weights with the update's {@link BatchPosition} (the batch's
 * sequence indices and rows, no token ids); each partition lays out its shards' columns from the
 * sequences it holds (sentences first go, as ids, from the partition holding them to the one
 * computing their shard: a shuffle of the batch's ids between executors), computes its shards'
 * sums on a network of its own (built once per executor thread from the {@link NetworkSpec}),
 * and adds them to a {@link ShardTree}; the partial trees are merged in whatever order Spark
 * returns them, which gives the same root as the local trainer (see {@link ShardTree}). The
 * broadcast is destroyed after the update. Spark retries a failed task; a retried task computes
 * the same sums.
 *
 * <p>Bytes moved per update: the weights once per executor (broadcast) and 4 bytes per column;
 * the carried states only to tasks that do not hold them already ({@link CarriedStates}: they
 * go in a broadcast of their own, read only then); for sentences the batch's ids between
 * executors; from each partition one gradient per pending tree node (at most about {@code
 * log2(shards) + 1} model-sized arrays, usually one or two) and its shards' final states. Without {@link #place}, {@link #compute(RnnLanguageModel, ShardBatch)}
 * ships the batch's ids with the weights. Used by one driver thread, once per update; {@link
 * #close} releases the cached sequences (the caller owns the context).
 */
public final class SparkGradientEngine implements DataLocalGradientEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SparkGradientEngine.class);
  private final JavaSparkContext sc;
  private final NetworkSpec spec;
  private final int partitions;
  private final String runId = UUID.randomUUID().toString();
  private JavaPairRDD<Integer, Column> placed;
  private JavaPairRDD<Integer, Column> given;
  private Runnable releaseGiven = () -> {};
  private JavaPairRDD<Integer, Column> none;
  private Blocks placedBlocks;
  private boolean stream;
  private int bos;
  private int eos;
  private long updates;
  private boolean warned;
  private FaultInjection faults = FaultInjection.NONE;
  private final TrafficMeter traffic = new TrafficMeter(runId);
  private long broadcastBytes = -1;
  private long statesBytes = -1;
  private long statesUpdates;
  private Tensor[] lastStates;
  private final org.apache.spark.util.LongAccumulator stateFetches;

  /**
   * @param sc the Spark context (not closed by this engine)
   * @param spec how executors build the run's network
   * @param partitions the partitions the shards of each update are spread over (at least 1)
   */
  public SparkGradientEngine(JavaSparkContext sc, NetworkSpec spec, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    this.sc = sc;
    this.spec = spec;
    this.partitions = partitions;
    sc.sc().addSparkListener(traffic);
    this.stateFetches = sc.sc().longAccumulator("rnn4j carried-state fetches " + runId);
  }

  /**
   * Uses sequences already encoded and cached on the executors, for training data that holds
   * their shapes only ({@link TrainingData#shapes}, {@link TrainingData#streamShape}): sentences
   * by global index, or a stream's parallel streams by column, each keyed by that number and
   * placed by {@link Blocks} over the {@link TrainingData#sequenceCount}; released by {@link
   * #close}, which then runs {@code release} (what the sequences' lineage needs, such as a
   * broadcast).
   */
  SparkGradientEngine given(JavaPairRDD<Integer, Column> encoded, Runnable release) {
    this.given = encoded;
    this.releaseGiven = release;
    return this;
  }

  /** @return the updates that started from carried states */
  long statesUpdates() {
    return statesUpdates;
  }

  /** @return the tasks that read the carried states from the driver's broadcast */
  long stateFetches() {
    return stateFetches.value();
  }

  /** For tests: makes the first attempt of a task fail as described. */
  SparkGradientEngine faults(FaultInjection faults) {
    this.faults = faults;
    return this;
  }

  @Override
  public void place(TrainingData data, int batch, int bos, int eos) {
    release();
    this.stream = data.isStream();
    this.bos = bos;
    this.eos = eos;
    int count = data.sequenceCount(batch);
    if (data.isShapeOnly()) {
      if (given == null) {
        throw new IllegalStateException("shape-only data, and no encoded sequences were given");
      }
      placed = given;
      placedBlocks = new Blocks(partitions, count);
      return;
    }
    List<Tuple2<Integer, Column>> sequences = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sequences.add(new Tuple2<>(i, new Column(i, data.sequence(i, batch))));
    }
    // a stream's columns are fixed: each goes to the partition owning its shard at once (keyed
    // by shard once the shard count is known, in compute); sentences go in blocks by index
    placedBlocks = new Blocks(partitions, count);
    placed = sc.parallelizePairs(sequences, partitions).partitionBy(placedBlocks)
        .persist(StorageLevel.MEMORY_AND_DISK());
    LOG.info("placed {} {} on {} partitions", placed.count(), stream ? "parallel streams" : "sentences",
        partitions);
  }

  @Override
  public ShardSum compute(RnnLanguageModel model, ShardBatch batch, BatchPosition at) {
    if (placed == null) {
      return compute(model, batch);
    }
    Blocks owners = owners(batch);
    JavaPairRDD<Integer, Column> columns;
    if (stream) {
      if (!placedBlocks.equals(owners)) { // once: the columns go to their shards' partitions
        ShardLayoutKey key = new ShardLayoutKey(batch.layout().batch(), batch.layout().shards());
        JavaPairRDD<Integer, Column> byShard = placed.mapToPair(c -> new Tuple2<>(
            key.shardOf(c._2().index()), c._2())).partitionBy(owners)
            .persist(StorageLevel.MEMORY_AND_DISK());
        byShard.count();
        placed.unpersist(false);
        placed = byShard;
        placedBlocks = owners;
      }
      columns = placed;
    } else {
      Broadcast<int[]> wanted = sc.broadcast(at.columns());
      ShardLayoutKey key = new ShardLayoutKey(batch.layout().batch(), batch.layout().shards());
      columns = placed.mapPartitionsToPair(it -> emit(it, wanted.value(), key)).partitionBy(owners);
      return run(model, withoutIds(batch), at, columns, owners, wanted);
    }
    return run(model, withoutIds(batch), at, columns, owners, null);
  }

  @Override
  public ShardSum compute(RnnLanguageModel model, ShardBatch batch) {
    Blocks owners = owners(batch);
    if (none == null || none.getNumPartitions() != partitions) {
      none = sc.parallelizePairs(new ArrayList<Tuple2<Integer, Column>>(), partitions);
    }
    return run(model, batch, null, none, owners, null);
  }

  private Blocks owners(ShardBatch batch) {
    int shards = batch.layout().shards();
    if (shards < partitions && !warned) {
      warned = true;
      LOG.warn("{} shards per batch keep only {} of the {} partitions busy; set --shards to at "
          + "least the partitions (the weights depend on the shards, not the partitions)",
          shards, shards, partitions);
    }
    return new Blocks(partitions, shards);
  }

  private ShardSum run(RnnLanguageModel model, ShardBatch batch, BatchPosition at,
      JavaPairRDD<Integer, Column> columns, Blocks owners, Broadcast<int[]> extra) {
    List<Parameter> params = model.parameters();
    Tensor[] weights = new Tensor[params.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = params.get(i).value();
    }
    Tensor[] initial = batch.initialStates();
    long statesAfter = initial != null && sameStates(initial, lastStates) ? updates - 1 : -1;
    Broadcast<Tensor[]> states = initial == null ? null : sc.broadcast(initial);
    if (initial != null) {
      batch = new ShardBatch(batch.steps(), batch.inputs(), batch.targets(), batch.layout(),
          batch.lossScale(), null, batch.dropoutSeed(), batch.step());
      statesBytes = statesBytes >= 0 ? statesBytes : serializedSize(initial, Tensor[].class);
      statesUpdates++;
    }
    ShardTask.Update payload = new ShardTask.Update(runId, updates++, weights, batch, at, bos, eos);
    if (broadcastBytes < 0) {
      broadcastBytes = serializedSize(payload, ShardTask.Update.class);
    }
    Broadcast<ShardTask.Update> update = sc.broadcast(payload);
    sc.setLocalProperty(TrafficMeter.PROPERTY, runId);
    try {
      ShardTree tree = columns.mapPartitionsWithIndex(new ShardTask(spec, update, owners, faults,
          states, statesAfter, stateFetches), false).reduce(ShardTree::merge);
      ShardSum root = tree.root();
      lastStates = copy(root.states());
      return root;
    } finally {
      sc.setLocalProperty(TrafficMeter.PROPERTY, null);
      update.destroy();
      if (states != null) {
        states.destroy();
      }
      if (extra != null) {
        extra.destroy();
      }
    }
  }

  private static long serializedSize(Object o, Class<?> type) {
    return org.apache.spark.SparkEnv.get().serializer().newInstance()
        .serialize(o, scala.reflect.ClassTag$.MODULE$.apply(type)).remaining();
  }

  private static boolean sameStates(Tensor[] a, Tensor[] b) {
    if (b == null || a.length != b.length) {
      return false;
    }
    for (int l = 0; l < a.length; l++) {
      if (!a[l].contentEquals(b[l])) {
        return false;
      }
    }
    return true;
  }

  private static Tensor[] copy(Tensor[] states) {
    Tensor[] out = new Tensor[states.length];
    for (int l = 0; l < out.length; l++) {
      out[l] = states[l].copy();
    }
    return out;
  }

  private static ShardBatch withoutIds(ShardBatch b) {
    return new ShardBatch(b.steps(), new int[0], new int[0], b.layout(), b.lossScale(),
        b.initialStates(), b.dropoutSeed(), b.step());
  }

  /** On the partition holding sentences: those in the batch, keyed by shard, as their column. */
  private static Iterator<Tuple2<Integer, Column>> emit(Iterator<Tuple2<Integer, Column>> held,
      int[] columns, ShardLayoutKey key) {
    Map<Integer, Integer> columnOf = new HashMap<>();
    for (int b = 0; b < columns.length; b++) {
      if (columns[b] >= 0) {
        columnOf.put(columns[b], b);
      }
    }
    List<Tuple2<Integer, Column>> out = new ArrayList<>();
    while (held.hasNext()) {
      Column c = held.next()._2();
      Integer column = columnOf.get(c.index());
      if (column != null) {
        out.add(new Tuple2<>(key.shardOf(column), new Column(column, c.ids())));
      }
    }
    return out.iterator();
  }

  private void release() {
    if (placed != null && placed != given) {
      placed.unpersist(false);
    }
    placed = null;
  }

  /** Releases the sequences cached on the executors. */
  @Override
  public void close() {
    release();
    if (given != null) {
      given.unpersist(false);
    }
    releaseGiven.run();
    sc.sc().removeSparkListener(traffic);
    if (updates > 0) {
      LOG.info("moved per update (mean of {}): weights and batch broadcast {} bytes (serialized, "
          + "once per executor), task results to the driver {} bytes, shuffle between executors "
          + "{} bytes", updates, broadcastBytes, traffic.results.get() / updates,
          traffic.shuffle.get() / updates);
    }
    if (statesUpdates > 0) {
      LOG.info("carried states: {} bytes (serialized) in each of {} updates, read from the "
          + "driver's broadcast by {} tasks, kept on the executors otherwise", statesBytes,
          statesUpdates, stateFetches.value());
    }
  }

  /** The shard of a column (as {@link dev.rnn4j.core.train.ShardLayout}), serializable. */
  record ShardLayoutKey(int batch, int shards) implements java.io.Serializable {
    int shardOf(int column) {
      dev.rnn4j.core.train.ShardLayout layout = new dev.rnn4j.core.train.ShardLayout(batch, shards);
      int s = (int) ((long) column * shards / batch);
      while (s + 1 < shards && layout.from(s + 1) <= column) {
        s++;
      }
      while (s > 0 && layout.from(s) > column) {
        s--;
      }
      return s;
    }
  }
}

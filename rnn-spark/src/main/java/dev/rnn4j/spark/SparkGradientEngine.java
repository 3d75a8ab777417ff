package dev.rnn4j.spark;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.run.NetworkSpec;
import dev.rnn4j.core.train.GradientEngine;
import dev.rnn4j.core.train.ShardBatch;
import dev.rnn4j.core.train.ShardSum;
import dev.rnn4j.core.train.ShardTree;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GradientEngine} on Apache Spark: synchronous data parallelism. Each update the driver
 * broadcasts the current weights with the update's batch; the canonical shards are spread over
 * {@code partitions} partitions; each task computes its shards' sums on a network of its own
 * (built once per executor thread from the {@link NetworkSpec}) and adds them to a {@link
 * ShardTree}; the partial trees are merged in whatever order Spark returns them, which gives the
 * same root as the local trainer (see {@link ShardTree}). The broadcast is destroyed after the
 * update. Spark retries a failed task; a retried task computes the same sums.
 *
 * <p>Bytes moved per update: the weights once per executor (broadcast), and from each partition
 * one gradient per pending tree node (at most about {@code log2(shards) + 1} model-sized arrays,
 * usually one or two). Used by one driver thread, once per update; holds no resources between
 * updates (the caller owns the context), so closing it is a no-op.
 */
public final class SparkGradientEngine implements GradientEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SparkGradientEngine.class);
  private final JavaSparkContext sc;
  private final NetworkSpec spec;
  private final int partitions;
  private final String runId = UUID.randomUUID().toString();
  private JavaRDD<Integer> shardIds;
  private int shardCount;
  private long updates;
  private FaultInjection faults = FaultInjection.NONE;

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
  }

  /** For tests: makes the first attempt of a task fail as described. */
  SparkGradientEngine faults(FaultInjection faults) {
    this.faults = faults;
    return this;
  }

  @Override
  public ShardSum compute(RnnLanguageModel model, ShardBatch batch) {
    int shards = batch.layout().shards();
    if (shardIds == null || shardCount != shards) {
      List<Integer> ids = new ArrayList<>(shards);
      for (int s = 0; s < shards; s++) {
        ids.add(s);
      }
      shardIds = sc.parallelize(ids, partitions);
      shardCount = shards;
      if (shards < partitions) {
        LOG.warn("{} shards per batch keep only {} of the {} partitions busy; set --shards to at "
            + "least the partitions (the weights depend on the shards, not the partitions)",
            shards, shards, partitions);
      }
    }
    List<Parameter> params = model.parameters();
    Tensor[] weights = new Tensor[params.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = params.get(i).value();
    }
    Broadcast<ShardTask.Update> update =
        sc.broadcast(new ShardTask.Update(runId, updates++, weights, batch));
    try {
      ShardTree tree = shardIds.mapPartitions(new ShardTask(spec, update, shards, faults))
          .reduce(ShardTree::merge);
      return tree.root();
    } finally {
      update.destroy();
    }
  }
}

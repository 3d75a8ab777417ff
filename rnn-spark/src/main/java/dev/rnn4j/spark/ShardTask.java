package dev.rnn4j.spark;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.run.NetworkSpec;
import dev.rnn4j.core.train.ShardBatch;
import dev.rnn4j.core.train.ShardComputer;
import dev.rnn4j.core.train.ShardTree;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work of one partition in one update, run on an executor: takes a {@link ShardComputer} of
 * this JVM's pool for the run (building the network from the {@link NetworkSpec} the first time),
 * sets the broadcast weights, computes the partition's shards and returns them as one partial
 * {@link ShardTree}. Serializable; the pool is per JVM and holds the computers of one run at a time.
 */
final class ShardTask implements FlatMapFunction<Iterator<Integer>, ShardTree> {
  private static final long serialVersionUID = 1L;
  private static final Object LOCK = new Object();
  private static String poolRun;
  private static ConcurrentLinkedQueue<ShardComputer> pool = new ConcurrentLinkedQueue<>();

  /** What the driver broadcasts each update: the weights and the batch. */
  record Update(String runId, long number, Tensor[] weights, ShardBatch batch) implements Serializable {}

  private final NetworkSpec spec;
  private final Broadcast<Update> update;
  private final int shards;
  private final FaultInjection faults;

  ShardTask(NetworkSpec spec, Broadcast<Update> update, int shards, FaultInjection faults) {
    this.spec = spec;
    this.update = update;
    this.shards = shards;
    this.faults = faults;
  }

  @Override
  public Iterator<ShardTree> call(Iterator<Integer> shardIds) {
    Update u = update.value();
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && faults.update() == u.number()
        && faults.partition() == task.partitionId()) {
      throw new IllegalStateException("injected failure of partition " + task.partitionId()
          + " in update " + u.number());
    }
    ShardTree tree = new ShardTree(shards);
    if (!shardIds.hasNext()) {
      return List.of(tree).iterator();
    }
    ShardComputer computer = take(u.runId());
    try {
      List<Parameter> params = computer.model().parameters();
      for (int i = 0; i < params.size(); i++) {
        params.get(i).value().copyFrom(u.weights()[i]);
      }
      while (shardIds.hasNext()) {
        tree.add(computer.compute(u.batch(), shardIds.next()));
      }
    } finally {
      give(u.runId(), computer);
    }
    return List.of(tree).iterator();
  }

  private ShardComputer take(String runId) {
    synchronized (LOCK) {
      if (!runId.equals(poolRun)) {
        poolRun = runId;
        pool = new ConcurrentLinkedQueue<>();
      }
      ShardComputer c = pool.poll();
      if (c != null) {
        return c;
      }
    }
    return new ShardComputer(spec.newNetwork());
  }

  private static void give(String runId, ShardComputer computer) {
    synchronized (LOCK) {
      if (runId.equals(poolRun)) {
        pool.add(computer);
      }
    }
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.run.NetworkSpec;
import dev.rnn4j.core.train.BatchPosition;
import dev.rnn4j.core.train.ShardBatch;
import dev.rnn4j.core.train.ShardComputer;
import dev.rnn4j.core.train.ShardSum;
import dev.rnn4j.core.train.ShardTree;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The work of one partition in one update, run on an executor: the shards the partition owns
 * ({@link Blocks} over the shards), computed on a {@link ShardComputer} of this JVM's pool for
 * the run (building the network from the {@link NetworkSpec} the first time) with the broadcast
 * weights, and returned as one partial {@link ShardTree}. The update's token ids come with the
 * broadcast, or (data-local) are laid out here from the partition's sequences, each with its
 * column in the batch, by {@link BatchPosition#fill}, exactly as the trainer lays out a batch.
 * The network uses the driver's backend, or the next one when this executor lacks it (see {@link
 * ExecutorBackend}). A stream's carried states stay on the executor between updates when they
 * can ({@link CarriedStates}). Serializable; the pool is per JVM and holds the computers of one run at a
 * time.
 */
final class ShardTask
    implements Function2<Integer, Iterator<Tuple2<Integer, Column>>, Iterator<ShardTree>> {
  private static final long serialVersionUID = 1L;
  private static final Object LOCK = new Object();
  private static String poolRun;
  private static ConcurrentLinkedQueue<ShardComputer> pool = new ConcurrentLinkedQueue<>();

  /**
   * What the driver broadcasts each update: the weights and the batch, whose token ids are empty
   * when {@code at} says where they come from (data-local), with the ids of {@code <s>} and
   * {@code </s>}.
   */
  record Update(String runId, long number, Tensor[] weights, ShardBatch batch, BatchPosition at,
      int bos, int eos) implements java.io.Serializable {}

  private final NetworkSpec spec;
  private final Broadcast<Update> update;
  private final Blocks owners;
  private final FaultInjection faults;
  private final Broadcast<Tensor[]> states;
  private final long statesAfter;
  private final LongAccumulator fetches;

  /**
   * @param states the update's initial states (the batch then has none), or null when it has
   *     none or they come with the batch
   * @param statesAfter the update whose final states {@code states} are, or -1 (see {@link
   *     CarriedStates#initial})
   * @param fetches counts the tasks that read {@code states}
   */
  ShardTask(NetworkSpec spec, Broadcast<Update> update, Blocks owners, FaultInjection faults,
      Broadcast<Tensor[]> states, long statesAfter, LongAccumulator fetches) {
    this.spec = spec;
    this.update = update;
    this.owners = owners;
    this.faults = faults;
    this.states = states;
    this.statesAfter = statesAfter;
    this.fetches = fetches;
  }

  @Override
  public Iterator<ShardTree> call(Integer partition, Iterator<Tuple2<Integer, Column>> columns) {
    Update u = update.value();
    TaskContext task = TaskContext.get();
    if (task != null && task.attemptNumber() == 0 && faults.update() == u.number()
        && faults.partition() == partition) {
      throw new IllegalStateException("injected failure of partition " + partition
          + " in update " + u.number());
    }
    int shards = u.batch().layout().shards();
    ShardTree tree = new ShardTree(shards);
    int first = 0;
    while (first < shards && owners.partition(first) < partition) {
      first++;
    }
    if (first == shards || owners.partition(first) != partition) {
      return List.of(tree).iterator();
    }
    ShardBatch batch = u.at() == null ? u.batch() : layOut(u, columns);
    int end = first;
    while (end < shards && owners.partition(end) == partition) {
      end++;
    }
    ShardComputer computer = take(u.runId());
    try {
      List<Parameter> params = computer.model().parameters();
      for (int i = 0; i < params.size(); i++) {
        params.get(i).value().copyFrom(u.weights()[i]);
      }
      if (states != null) {
        batch = new ShardBatch(batch.steps(), batch.inputs(), batch.targets(), batch.layout(),
            batch.lossScale(), CarriedStates.initial(u.runId(), statesAfter, batch.layout(),
            first, end, states, computer.model(), fetches), batch.dropoutSeed(), batch.step());
      }
      for (int s = first; s < end; s++) {
        ShardSum sum = computer.compute(batch, s);
        CarriedStates.keep(u.runId(), u.number(), s, sum.states());
        tree.add(sum);
      }
    } finally {
      give(u.runId(), computer);
    }
    return List.of(tree).iterator();
  }

  /** @return the update's batch with the columns of this partition's sequences laid out */
  private static ShardBatch layOut(Update u, Iterator<Tuple2<Integer, Column>> columns) {
    ShardBatch b = u.batch();
    BatchPosition at = u.at();
    int[] inputs = new int[b.steps() * b.batch()];
    int[] targets = new int[inputs.length];
    Arrays.fill(inputs, -1);
    Arrays.fill(targets, -1);
    while (columns.hasNext()) {
      Column c = columns.next()._2();
      at.fill(c.index(), c.ids(), b.batch(), u.bos(), u.eos(), inputs, targets);
    }
    return new ShardBatch(b.steps(), inputs, targets, b.layout(), b.lossScale(), b.initialStates(),
        b.dropoutSeed(), b.step());
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
    String backend = ExecutorBackend.choose(dev.rnn4j.core.plugin.Plugins.defaults().backends(),
        spec.backend(), runId);
    return new ShardComputer((backend.equals(spec.backend()) ? spec : spec.withBackend(backend))
        .newNetwork());
  }

  private static void give(String runId, ShardComputer computer) {
    synchronized (LOCK) {
      if (runId.equals(poolRun)) {
        pool.add(computer);
      }
    }
  }
}

package dev.rnn4j.spark;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.ops.Regions;
import dev.rnn4j.core.train.ShardLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * The recurrent states an update starts from, kept on the executors between updates: each shard's
 * final states, as it computed them in update {@code n}, stay in this JVM (per run, per shard),
 * and update {@code n + 1} starts that shard from them when the driver says that its carried
 * states are exactly update {@code n}'s final states (not reset at an epoch's start, not read from
 * a checkpoint). Otherwise, or when this JVM did not compute the shard in update {@code n} (a
 * task moved to another executor, a retried task), the task reads the states the driver
 * broadcasts with every update; the broadcast is fetched only then (Spark fetches a broadcast's
 * blocks on first use), so an update whose shards stay in place moves no state to the executors.
 * The states used are the same bits either way. Thread-safe; one run's states at a time per JVM.
 */
final class CarriedStates {
  private static final Object LOCK = new Object();
  private static String run;
  private static Map<Integer, Kept> byShard = new ConcurrentHashMap<>();

  private CarriedStates() {}

  /** A shard's final states after update {@code update}, rows of its columns, per layer. */
  private record Kept(long update, Tensor[] rows) {}

  /**
   * @param after the update whose final states the driver's carried states are, or -1 when
   *     they are not (reset or restored): then the broadcast is read
   * @param first the first of this partition's shards
   * @param end after its last shard
   * @param fetches counts the tasks that read the broadcast
   * @return per layer {@code [batch, stateWidth]}, the rows of shards {@code [first, end)}
   *     filled
   */
  static Tensor[] initial(String runId, long after, ShardLayout layout, int first, int end,
      Broadcast<Tensor[]> states, RnnLanguageModel model, LongAccumulator fetches) {
    Map<Integer, Kept> kept = kept(runId);
    boolean all = after >= 0;
    for (int s = first; s < end && all; s++) {
      Kept k = kept.get(s);
      all = k != null && k.update() == after;
    }
    if (!all) {
      fetches.add(1);
      return states.value();
    }
    int layers = model.config().layers();
    Tensor[] full = new Tensor[layers];
    for (int l = 0; l < layers; l++) {
      int width = model.cell(l).stateWidth();
      full[l] = Tensor.zeros(model.config().dtype(), layout.batch(), width);
      for (int s = first; s < end; s++) {
        Tensor rows = kept.get(s).rows()[l];
        Regions.copy(rows, 0, full[l], layout.from(s) * width, rows.size());
      }
    }
    return full;
  }

  /** Keeps shard {@code shard}'s final states after update {@code update} (copied). */
  static void keep(String runId, long update, int shard, Tensor[] states) {
    Tensor[] rows = new Tensor[states.length];
    for (int l = 0; l < rows.length; l++) {
      rows[l] = states[l].copy();
    }
    kept(runId).put(shard, new Kept(update, rows));
  }

  private static Map<Integer, Kept> kept(String runId) {
    synchronized (LOCK) {
      if (!runId.equals(run)) {
        run = runId;
        byShard = new ConcurrentHashMap<>();
      }
      return byShard;
    }
  }
}

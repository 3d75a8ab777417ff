package dev.rnn4j.core.train;

import dev.rnn4j.api.Tensor;
import java.io.Serializable;

/**
 * One update's work for a {@link GradientEngine}: the token ids of every column of the batch, how
 * the columns split into shards, and what each shard needs besides the weights. Immutable by
 * contract (the arrays are not copied and must not be changed); serializable.
 *
 * @param steps the time steps of this update (at least 1)
 * @param inputs {@code steps * batch} input ids, time-major (row {@code t * batch + column}); -1
 *     is padding
 * @param targets the target ids, laid out as {@code inputs}; -1 is ignored
 * @param layout the canonical shards of the batch
 * @param lossScale factor applied to the gradient of the loss before back-propagation (1 for a
 *     summed loss, {@code 1 / tokens} of the whole batch for a mean)
 * @param initialStates per layer {@code [batch, stateWidth]}, or null for zero states
 * @param dropoutSeed the run's seed, from which each update's dropout masks are drawn
 * @param step the update's number over the run (from 0), for the dropout masks
 */
public record ShardBatch(int steps, int[] inputs, int[] targets, ShardLayout layout,
    double lossScale, Tensor[] initialStates, long dropoutSeed, long step) implements Serializable {

  /** @return the sequences per batch */
  public int batch() {
    return layout.batch();
  }
}

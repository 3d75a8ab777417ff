package dev.rnn4j.core.train;

import dev.rnn4j.core.model.RnnLanguageModel;

/**
 * Computes the gradient of one update for the {@link Trainer}: the sum over the canonical shards
 * of a {@link ShardBatch}, combined by the {@link ShardTree}, for the model's current weights. The
 * trainer then clips and steps the optimizer itself, so every engine gives the same weights.
 *
 * <p>{@link LocalGradientEngine} computes the shards in process; a distributed engine (rnn-spark)
 * ships the weights and the batch to its workers. Implementations must not change the model's
 * weights; they may overwrite its gradients. Called by one thread, once per update; {@link
 * #close} when training ends.
 */
public interface GradientEngine extends AutoCloseable {
  /**
   * @param model the model being trained (its current weights are the ones to differentiate)
   * @param batch the update's work
   * @return the root of the shard tree: every shard's gradient, loss, tokens and final states
   */
  ShardSum compute(RnnLanguageModel model, ShardBatch batch);

  /** Releases the engine's resources (the default: none). */
  @Override
  default void close() {}
}

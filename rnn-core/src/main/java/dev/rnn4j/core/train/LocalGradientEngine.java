package dev.rnn4j.core.train;

import dev.rnn4j.core.model.RnnLanguageModel;

/**
 * The in-process {@link GradientEngine}: computes the shards one after another on the trained
 * model itself (its gradients are used as scratch) and adds each to a {@link ShardTree} at once,
 * so at most about {@code log2(shards)} shard sums are held. Not thread-safe.
 */
public final class LocalGradientEngine implements GradientEngine {
  private ShardComputer computer;

  @Override
  public ShardSum compute(RnnLanguageModel model, ShardBatch batch) {
    if (computer == null || computer.model() != model) {
      computer = new ShardComputer(model);
    }
    ShardTree tree = new ShardTree(batch.layout().shards());
    for (int s = 0; s < batch.layout().shards(); s++) {
      tree.add(computer.compute(batch, s));
    }
    return tree.root();
  }
}

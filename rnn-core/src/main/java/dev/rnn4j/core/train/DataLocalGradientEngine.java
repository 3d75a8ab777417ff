package dev.rnn4j.core.train;

import dev.rnn4j.core.model.RnnLanguageModel;

/**
 * A {@link GradientEngine} that keeps the training sequences where it computes (a cluster's
 * executors): the {@link Trainer} hands it the data once, with {@link #place}, and then, each
 * update, the {@link BatchPosition} of the update's rows with the {@link ShardBatch} (whose token
 * ids the engine need not ship: {@link BatchPosition#fill} rebuilds them from the sequences). The
 * result must equal {@link GradientEngine#compute} on the same batch.
 */
public interface DataLocalGradientEngine extends GradientEngine {
  /**
   * Receives the training data before the first update of a {@link Trainer#fit} or {@link
   * Trainer#resume}.
   *
   * @param data the training data; sequence {@code i} is {@link TrainingData#sequence(int, int)}
   * @param batch the sequences per batch
   * @param bos the id of {@code <s>}
   * @param eos the id of {@code </s>}
   */
  void place(TrainingData data, int batch, int bos, int eos);

  /**
   * @param at which rows of which sequences the update covers
   * @return as {@link GradientEngine#compute(RnnLanguageModel, ShardBatch)}
   */
  ShardSum compute(RnnLanguageModel model, ShardBatch batch, BatchPosition at);
}

package dev.rnn4j.spark;

import java.io.Serializable;

/**
 * One training sequence on an executor: its global index (or, once sent to a shard, its column in
 * the update's batch) and its token ids. Immutable by contract; serializable.
 *
 * @param index the sequence's global index, or its column in the batch
 * @param ids the sequence's ids (see {@link dev.rnn4j.core.train.BatchPosition#fill})
 */
record Column(int index, int[] ids) implements Serializable {}

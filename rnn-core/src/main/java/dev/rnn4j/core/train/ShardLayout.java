package dev.rnn4j.core.train;

import dev.rnn4j.api.RnnException;
import java.io.Serializable;

/**
 * How the sequences of a batch (its columns, by index in the batch) are split into canonical
 * shards: shard {@code s} of {@code shards} holds columns {@code [s * batch / shards, (s + 1) *
 * batch / shards)}. The split depends on the batch size and the shard count only, never on who
 * computes the shards, so the summed gradient of a batch (see {@link ShardTree}) is the same
 * whatever executes it. Immutable.
 *
 * @param batch the sequences per batch
 * @param shards the shard count, between 1 and {@code batch}
 */
public record ShardLayout(int batch, int shards) implements Serializable {
  /** Checks the counts. */
  public ShardLayout {
    if (batch < 1 || shards < 1 || shards > batch) {
      throw new RnnException("shards must be between 1 and the batch (" + batch + "), got " + shards);
    }
  }

  /** @return the first column of shard {@code shard} */
  public int from(int shard) {
    return (int) ((long) shard * batch / shards);
  }

  /** @return the column after the last of shard {@code shard} */
  public int to(int shard) {
    return from(shard + 1);
  }
}

package dev.rnn4j.spark;

import org.apache.spark.Partitioner;

/**
 * Places {@code count} consecutive keys ({@code 0..count-1}: shards, or sequences by global index)
 * in {@code partitions} contiguous blocks: key {@code k} goes to partition {@code k * partitions /
 * count}. With more partitions than keys some partitions hold none. Immutable; serializable.
 */
final class Blocks extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int partitions;
  private final int count;

  Blocks(int partitions, int count) {
    this.partitions = partitions;
    this.count = count;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return partition((Integer) key);
  }

  int partition(int key) {
    return (int) ((long) key * partitions / count);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Blocks b && b.partitions == partitions && b.count == count;
  }

  @Override
  public int hashCode() {
    return 31 * partitions + count;
  }
}

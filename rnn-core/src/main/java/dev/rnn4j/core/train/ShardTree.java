package dev.rnn4j.core.train;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical combination of shard sums: a fixed pairwise tree over shards {@code [0, shards)}.
 * Node {@code (level, i)} covers shards {@code [i * 2^level, (i + 1) * 2^level)} (cut at {@code
 * shards}) and is its left child plus its right child, in that order; a node whose right child
 * would start at or beyond {@code shards} is its left child unchanged. Every node therefore has
 * one value, wherever and in whichever order its children were computed, and so has the root.
 *
 * <p>Usage: each executor {@link #add}s the leaves it computed (in any order) to a tree of its
 * own; trees are {@link #merge}d in any order; {@link #root()} gives the sum once every leaf has
 * arrived. A tree holds only the nodes whose sibling has not arrived yet. Not thread-safe;
 * serializable (Spark ships partial trees).
 */
public final class ShardTree implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int shards;
  private final int top;
  /** Pending nodes by {@code level << 32 | index}, each waiting for its sibling. */
  private final TreeMap<Long, ShardSum> pending = new TreeMap<>();

  /** @param shards the canonical shard count of the batch */
  public ShardTree(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    this.shards = shards;
    this.top = 32 - Integer.numberOfLeadingZeros(shards - 1);
  }

  /**
   * Adds the sum of one shard (a leaf: {@code first + 1 == end}) and combines it with its
   * siblings as far as they have arrived.
   *
   * @return this tree
   * @throws IllegalArgumentException when the shard is outside the batch or was added before
   */
  public ShardTree add(ShardSum leaf) {
    if (leaf.end() != leaf.first() + 1 || leaf.first() < 0 || leaf.first() >= shards) {
      throw new IllegalArgumentException("not a leaf of " + shards + " shards: [" + leaf.first()
          + ", " + leaf.end() + ")");
    }
    return add(0, leaf.first(), leaf);
  }

  private ShardTree add(int level, int index, ShardSum node) {
    int l = level;
    int i = index;
    ShardSum n = node;
    while (l < top) {
      int sibling = i ^ 1;
      if ((long) sibling << l < shards) {
        ShardSum other = pending.remove(key(l, sibling));
        if (other == null) {
          break;
        }
        n = i % 2 == 0 ? n.plus(other) : other.plus(n);
      } // else: no right sibling, the parent is this node unchanged
      l++;
      i >>= 1;
    }
    if (pending.putIfAbsent(key(l, i), n) != null) {
      throw new IllegalArgumentException("shards [" + n.first() + ", " + n.end() + ") added twice");
    }
    return this;
  }

  private static long key(int level, int index) {
    return (long) level << 32 | index;
  }

  /**
   * Moves every node of {@code other} into this tree.
   *
   * @return this tree
   */
  public ShardTree merge(ShardTree other) {
    for (Map.Entry<Long, ShardSum> e : other.pending.entrySet()) {
      add((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
    }
    other.pending.clear();
    return this;
  }

  /**
   * @return the sum over every shard
   * @throws IllegalStateException when some shard has not been added
   */
  public ShardSum root() {
    ShardSum r = pending.get(key(top, 0));
    if (pending.size() != 1 || r == null) {
      StringBuilder have = new StringBuilder();
      pending.values().forEach(n -> have.append(" [").append(n.first()).append(", ")
          .append(n.end()).append(')'));
      throw new IllegalStateException("the shard sums are incomplete: have" + have + " of "
          + shards + " shards");
    }
    return r;
  }
}

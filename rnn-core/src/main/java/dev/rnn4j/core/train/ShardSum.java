package dev.rnn4j.core.train;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The summed gradient, loss and token count of a run of consecutive canonical shards {@code
 * [first, end)}: a node of the {@link ShardTree}. Also holds the final recurrent states of the
 * shards' columns, which the trainer carries into the next update.
 *
 * <p>Every array is owned by this object; {@link #plus} writes into this node's arrays (the left
 * operand) and returns it. Not thread-safe; serializable.
 */
public final class ShardSum implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int first;
  private int end;
  private double loss;
  private long tokens;
  private final Tensor[] gradients;
  /** Per parameter: the sorted rows that may be non-zero, or null when any row may be. */
  private final int[][] rows;
  /** Per layer: the final states of columns {@code [from(first), to(end - 1))}, row by column. */
  private Tensor[] states;

  /**
   * A leaf: the result of one shard (the arrays are taken, not copied).
   *
   * @param rows per parameter, the sorted rows of its gradient that may be non-zero, or null
   */
  public ShardSum(int shard, double loss, long tokens, Tensor[] gradients, int[][] rows,
      Tensor[] states) {
    this.first = shard;
    this.end = shard + 1;
    this.loss = loss;
    this.tokens = tokens;
    this.gradients = gradients;
    this.rows = rows;
    this.states = states;
  }

  /** @return the first shard covered */
  public int first() {
    return first;
  }

  /** @return the shard after the last one covered */
  public int end() {
    return end;
  }

  /** @return the summed loss of the covered shards */
  public double loss() {
    return loss;
  }

  /** @return the predicted tokens of the covered shards */
  public long tokens() {
    return tokens;
  }

  /** @return per parameter (in the model's order), the summed gradient; live */
  public Tensor[] gradients() {
    return gradients;
  }

  /** @return per parameter, the sorted rows that may be non-zero, or null for any row; live */
  public int[][] rows() {
    return rows;
  }

  /** @return per layer, the final states of the covered columns ({@code [columns, width]}); live */
  public Tensor[] states() {
    return states;
  }

  /**
   * Replaces the gradients of {@code params} (the model's parameters, in order) with these sums,
   * telling row-tracked parameters which rows may be non-zero.
   */
  public void installGradients(List<Parameter> params) {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      p.zeroGrad();
      Tensor grad = rows[i] == null ? p.gradForAllRows() : p.gradForRows(rows[i], 0, rows[i].length);
      grad.copyFrom(gradients[i]);
    }
  }

  /**
   * Adds {@code right}, the node covering the shards just after this one's, element by element
   * ({@code this + right}, in that order), and concatenates the states.
   *
   * @return this node, now covering both
   */
  ShardSum plus(ShardSum right) {
    if (right.first != end) {
      throw new IllegalArgumentException("shards [" + first + ", " + end + ") and [" + right.first
          + ", " + right.end + ") are not neighbours");
    }
    loss = loss + right.loss;
    tokens += right.tokens;
    for (int i = 0; i < gradients.length; i++) {
      add(gradients[i], right.gradients[i]);
      rows[i] = union(rows[i], right.rows[i]);
    }
    Tensor[] joined = new Tensor[states.length];
    for (int l = 0; l < states.length; l++) {
      joined[l] = concatRows(states[l], right.states[l]);
    }
    states = joined;
    end = right.end;
    return this;
  }

  private static void add(Tensor into, Tensor other) {
    int n = into.size();
    int ia = into.start();
    int ib = other.start();
    if (into.dtype() == dev.rnn4j.api.DType.F32) {
      float[] a = into.f32();
      float[] b = other.f32();
      for (int i = 0; i < n; i++) {
        a[ia + i] = a[ia + i] + b[ib + i];
      }
    } else {
      double[] a = into.f64();
      double[] b = other.f64();
      for (int i = 0; i < n; i++) {
        a[ia + i] = a[ia + i] + b[ib + i];
      }
    }
  }

  /** @return the sorted union of two sorted row lists (null = every row) */
  static int[] union(int[] a, int[] b) {
    if (a == null || b == null) {
      return null;
    }
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next = j >= b.length || i < a.length && a[i] <= b[j] ? a[i] : b[j];
      if (i < a.length && a[i] == next) {
        i++;
      }
      if (j < b.length && b[j] == next) {
        j++;
      }
      out[n++] = next;
    }
    return Arrays.copyOf(out, n);
  }

  private static Tensor concatRows(Tensor top, Tensor bottom) {
    int width = top.dim(1);
    Tensor out = Tensor.zeros(top.dtype(), top.dim(0) + bottom.dim(0), width);
    if (top.dtype() == dev.rnn4j.api.DType.F32) {
      System.arraycopy(top.f32(), top.start(), out.f32(), 0, top.size());
      System.arraycopy(bottom.f32(), bottom.start(), out.f32(), top.size(), bottom.size());
    } else {
      System.arraycopy(top.f64(), top.start(), out.f64(), 0, top.size());
      System.arraycopy(bottom.f64(), bottom.start(), out.f64(), top.size(), bottom.size());
    }
    return out;
  }
}

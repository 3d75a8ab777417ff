package dev.rnn4j.core.model;

import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import java.util.random.RandomGenerator;

/**
 * The dropout masks of a training {@link ModelWorkspace} and the masked activations. Mask {@code
 * k < layers - 1} multiplies the outputs of layer {@code k} where layer {@code k + 1} reads them;
 * mask {@code layers - 1} multiplies the top layer's outputs where the output layer reads them.
 * Every mask element is 0 (dropped, with probability p) or {@code 1 / (1 - p)} (kept): inverted
 * dropout, so nothing changes at evaluation. Time-major like the outputs: row {@code t * batch +
 * b}, {@code hiddenSize} columns. Not thread-safe.
 */
public final class DropoutMasks {
  private final double p;
  private final boolean variational;
  private final Tensor[] masks;
  private final Tensor[] dropped;
  private final int batch;
  private final int n;

  DropoutMasks(ModelConfig config, int maxSteps, int batch) {
    this.p = config.dropout();
    this.variational = config.variationalDropout();
    this.batch = batch;
    this.n = config.hiddenSize();
    this.masks = new Tensor[config.layers()];
    this.dropped = new Tensor[config.layers()];
    for (int k = 0; k < masks.length; k++) {
      masks[k] = Tensor.zeros(config.dtype(), maxSteps * batch, n);
      dropped[k] = Tensor.zeros(config.dtype(), maxSteps * batch, n);
    }
  }

  /**
   * Draws new masks for {@code steps} steps from {@code random}: mask by mask, row by row, unit by
   * unit, one {@code nextDouble()} per element (dropped when below p); a variational mask draws
   * its {@code batch} rows once and repeats them at every step.
   */
  public void draw(RandomGenerator random, int steps) {
    double keep = 1 / (1 - p);
    for (Tensor mask : masks) {
      int drawnRows = variational ? batch : steps * batch;
      for (int i = 0; i < drawnRows * n; i++) {
        mask.set(i, random.nextDouble() < p ? 0 : keep);
      }
      for (int i = drawnRows * n; i < steps * batch * n; i++) {
        mask.set(i, mask.get(i % (batch * n)));
      }
    }
  }

  /**
   * Draws the masks of columns {@code [from, from + batch)} of a batch of {@code fullBatch}
   * columns: consumes {@code random} exactly as {@link #draw} on a workspace of {@code fullBatch}
   * columns would and keeps this workspace's columns, so a shard of a batch sees the same masks as
   * the whole batch, whoever computes it.
   */
  public void drawColumns(RandomGenerator random, int steps, int fullBatch, int from) {
    double keep = 1 / (1 - p);
    for (Tensor mask : masks) {
      int drawnRows = variational ? fullBatch : steps * fullBatch;
      for (int row = 0; row < drawnRows; row++) {
        int column = row % fullBatch - from;
        int at = ((row / fullBatch) * batch + column) * n;
        for (int j = 0; j < n; j++) {
          double value = random.nextDouble() < p ? 0 : keep;
          if (column >= 0 && column < batch) {
            mask.set(at + j, value);
          }
        }
      }
      int kept = (variational ? batch : steps * batch) * n;
      for (int i = kept; i < steps * batch * n; i++) {
        mask.set(i, mask.get(i % (batch * n)));
      }
    }
  }

  /** @return mask {@code k} ({@code [maxSteps * batch, hiddenSize]}), live: tests may set it */
  public Tensor mask(int k) {
    return masks[k];
  }

  /** Writes {@code source * mask k} for {@code rows} rows into the masked buffer and returns it. */
  Tensor apply(TensorOps ops, int k, Tensor source, int rows) {
    ops.multiply(rows * n, source, 0, masks[k], 0, dropped[k], 0, false);
    return dropped[k];
  }

  /** @return the masked activations of the last {@link #apply} of mask {@code k} */
  Tensor dropped(int k) {
    return dropped[k];
  }

  /** Multiplies the gradient {@code grad} (rows from 0) by mask {@code k}, in place. */
  void backward(TensorOps ops, int k, Tensor grad, int rows) {
    ops.multiply(rows * n, grad, 0, masks[k], 0, grad, 0, false);
  }
}

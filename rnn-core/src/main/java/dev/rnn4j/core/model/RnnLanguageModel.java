package dev.rnn4j.core.model;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellInput;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.loss.Loss;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.ops.Regions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A recurrent language model: stacked cells over one-hot tokens and a softmax output layer
 * {@code o_t = V h_t + b_y}, {@code V [vocab, hidden]}, {@code b_y [vocab]}, trained with
 * cross-entropy summed over the sequence and back-propagation through time.
 *
 * <h2>Order of calls for one batch</h2>
 *
 * {@link #zeroGrad()}, {@link #forward}, {@link #loss} (with {@code gradient = true}), {@link
 * #backward}; then an optimizer step on {@link #parameters()}. Or, for plain SGD when no clipping
 * needs the gradients, {@link #backwardStepping} and a step on the parameters it returns. All
 * work happens in a {@link ModelWorkspace} from {@link #newWorkspace}: the output layer runs once
 * per batch as GEMMs, only the recurrence runs step by step, and nothing is allocated per batch.
 * Not thread-safe.
 */
public final class RnnLanguageModel {
  private final ModelConfig config;
  private final TensorOps ops;
  /** The backend's packed products, or null when it does not offer them. */
  private final PackedProducts packing;
  private final ArgmaxProducts argmaxing;
  private final Loss loss;
  private final Cell[] cells;
  private final Parameter v;
  private final Parameter by;
  private final List<Parameter> parameters;
  /** The parameters a fused step leaves to the optimizer: all but V and the cells' own. */
  private final List<Parameter> parametersNotStepped;

  /**
   * Builds a model with freshly initialised weights: each cell as its provider does, {@code V ~
   * Uniform(±1/sqrt(hidden))}, {@code b_y = 0}, all drawn from {@code random} in a fixed order.
   * With {@link ModelConfig#tiedWeights()}, V is the first cell's input table (no V is drawn).
   */
  public RnnLanguageModel(ModelConfig config, TensorOps ops, CellProvider cellProvider, Loss loss,
      RandomGenerator random) {
    this.config = config;
    this.ops = ops;
    this.packing = ops.capability(PackedProducts.class).orElse(null);
    this.argmaxing = ops.capability(ArgmaxProducts.class).orElse(null);
    this.loss = loss;
    int n = config.hiddenSize();
    this.cells = new Cell[config.layers()];
    List<Parameter> all = new ArrayList<>();
    for (int l = 0; l < cells.length; l++) {
      int in = l == 0 ? config.vocabSize() : n;
      cells[l] = cellProvider.create(
          new CellSpec("layers." + l + ".", in, n, config.dtype(), config.cellOptions()), ops, random);
      all.addAll(cells[l].parameters());
    }
    if (config.tiedWeights()) {
      this.v = tiedTable(config, cells[0]);
    } else {
      // V's rows are read in place by the output layer's products, a 10000 x 256 V (10 MB) once
      // per product: with element 0 on a cache line, no vector load of a row of 256 straddles two
      Tensor vt = Tensor.zerosAligned(config.dtype(), config.vocabSize(), n);
      Regions.uniform(vt, 1 / Math.sqrt(n), random);
      this.v = new Parameter("V", vt);
      all.add(v);
    }
    this.by = new Parameter("by", Tensor.zeros(config.dtype(), config.vocabSize()));
    all.add(by);
    this.parameters = Collections.unmodifiableList(all);
    List<Parameter> rest = new ArrayList<>(all);
    rest.remove(v);
    for (Cell cell : cells) {
      rest.removeAll(cell.parametersSteppedInBackward());
    }
    this.parametersNotStepped = Collections.unmodifiableList(rest);
  }

  /** @return the first parameter of {@code first}, which must be {@code [vocab, hidden]} */
  private static Parameter tiedTable(ModelConfig config, Cell first) {
    Parameter table = first.parameters().get(0);
    int[] shape = table.value().shape();
    if (shape.length != 2 || shape[0] != config.vocabSize() || shape[1] != config.hiddenSize()) {
      throw new RnnException("tied input and output weights need the first layer's input table"
          + " to be [vocab, hidden] = [" + config.vocabSize() + ", " + config.hiddenSize()
          + "], but cell '" + config.cell() + "' has " + table + "; use the elman cell or untie");
    }
    return table;
  }

  /** @return the architecture */
  public ModelConfig config() {
    return config;
  }

  /** @return the backend every kernel runs on */
  public TensorOps ops() {
    return ops;
  }

  /**
   * @return every trainable parameter (layer by layer, then V unless tied, and by), each once,
   *     not copies
   */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** @return the parameter called {@code name} */
  public Parameter parameter(String name) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new RnnException("the model has no parameter '" + name + "'");
  }

  /** @return the cell of layer {@code layer} */
  public Cell cell(int layer) {
    return cells[layer];
  }

  /** Sets every gradient to zero. */
  public void zeroGrad() {
    for (Parameter p : parameters) {
      p.zeroGrad();
    }
  }

  /**
   * @return a workspace for up to {@code maxSteps} steps of {@code batch} sequences, without
   *     dropout: for evaluation, validation and generation
   */
  public ModelWorkspace newWorkspace(int maxSteps, int batch) {
    return newWorkspace(maxSteps, batch, false);
  }

  /**
   * @return a workspace like {@link #newWorkspace} that, when the configuration has dropout,
   *     applies the masks of its {@link ModelWorkspace#dropout()} in every forward and backward
   *     pass (draw them before each update with {@link DropoutMasks#draw})
   */
  public ModelWorkspace newTrainingWorkspace(int maxSteps, int batch) {
    return newWorkspace(maxSteps, batch, config.dropout() > 0);
  }

  private ModelWorkspace newWorkspace(int maxSteps, int batch, boolean dropout) {
    CellWorkspace[] ws = new CellWorkspace[cells.length];
    Tensor[] dHidden = new Tensor[cells.length];
    boolean[] records = new boolean[cells.length];
    for (int l = 0; l < cells.length; l++) {
      ws[l] = cells[l].newWorkspace(maxSteps, batch);
      records[l] = cells[l].recordsStateGradients();
      dHidden[l] = Tensor.zeros(config.dtype(), maxSteps * batch, config.hiddenSize());
    }
    Tensor logits = Tensor.zeros(config.dtype(), maxSteps * batch, config.vocabSize());
    return new ModelWorkspace(ws, logits, dHidden, maxSteps, batch,
        dropout ? new DropoutMasks(config, maxSteps, batch) : null, records);
  }

  /**
   * Runs the model forward over {@code steps} steps; the logits land in {@link
   * ModelWorkspace#logits()}.
   *
   * @param inputs {@code steps * batch} token ids from {@code offset}, time-major; -1 is padding
   * @param initialStates per layer {@code batch x stateWidth}, or null (zeros); not modified
   */
  public void forward(ModelWorkspace ws, int[] inputs, int offset, int steps, Tensor[] initialStates) {
    forwardCells(ws, inputs, offset, steps, initialStates);
    int rows = steps * ws.batch;
    int n = config.hiddenSize();
    int m = config.vocabSize();
    ops.gemm(false, true, rows, m, n, 1, layerOutput(ws, cells.length - 1), 0, n, v.value(), 0, n,
        0, ws.logits, 0, m);
    ops.addRowVector(rows, m, by.value(), 0, ws.logits, 0);
  }

  /**
   * @return the output weights V packed for {@link #forwardStep}'s matrix-vector product, as they
   *     are now (the pack does not follow later changes of V); null when the backend does not
   *     offer {@link PackedProducts} (then {@code forwardStep} multiplies V itself)
   */
  public PackedMatrix packOutputWeights() {
    int n = config.hiddenSize();
    int m = config.vocabSize();
    return argmaxing != null
        ? argmaxing.packForArgmax(v.value(), 0, n, m, n)
        : packing == null ? null : packing.pack(false, v.value(), 0, n, m, n, null);
  }

  /**
   * {@link #forward} of one step of a workspace of batch 1, with the output layer on V packed by
   * {@link #packOutputWeights()} (a matrix-vector product instead of a GEMM): the streaming path
   * of generation. With {@code packedV} null the product reads V itself.
   */
  public void forwardStep(ModelWorkspace ws, int[] inputs, int offset, Tensor[] initialStates,
      PackedMatrix packedV) {
    if (ws.batch != 1) {
      throw new IllegalArgumentException("forwardStep needs a workspace of batch 1, not " + ws.batch);
    }
    forwardCells(ws, inputs, offset, 1, initialStates);
    int m = config.vocabSize();
    if (packedV == null) {
      int n = config.hiddenSize();
      ops.gemv(false, m, n, 1, v.value(), 0, n, ws.hidden(cells.length - 1), 0, 0, ws.logits, 0);
    } else {
      packing.gemv(packedV, 1, ws.hidden(cells.length - 1), 0, 0, ws.logits, 0);
    }
    ops.addRowVector(1, m, by.value(), 0, ws.logits, 0);
  }

  /**
   * {@link #forwardStep}, then the id of the largest logit, banned ids excluded (the first of equal
   * maxima): the greedy choice of generation. With a backend offering {@link ArgmaxProducts} and V
   * packed by {@link #packOutputWeights()}, the backend finds that id without reading all of V at
   * full precision (the same id); the logits in the workspace are then unspecified.
   */
  public int forwardStepArgmax(ModelWorkspace ws, int[] inputs, int offset, Tensor[] initialStates,
      PackedMatrix packedV, int[] banned) {
    int m = config.vocabSize();
    if (argmaxing == null || packedV == null) {
      forwardStep(ws, inputs, offset, initialStates, packedV);
      for (int b : banned) {
        ws.logits.set(b, Double.NEGATIVE_INFINITY);
      }
      return ops.argmax(m, ws.logits, 0);
    }
    if (ws.batch != 1) {
      throw new IllegalArgumentException(
          "forwardStepArgmax needs a workspace of batch 1, not " + ws.batch);
    }
    forwardCells(ws, inputs, offset, 1, initialStates);
    return argmaxing.argmax(packedV, ws.hidden(cells.length - 1), 0, by.value(), 0, banned,
        ws.logits, 0);
  }

  /** {@link #forward} without the output layer: the cells only. */
  private void forwardCells(ModelWorkspace ws, int[] inputs, int offset, int steps,
      Tensor[] initialStates) {
    if (steps < 1 || steps > ws.maxSteps) {
      throw new IllegalArgumentException("steps " + steps + " outside [1, " + ws.maxSteps + "]");
    }
    ws.steps = steps;
    for (int l = 0; l < cells.length; l++) {
      cells[l].forward(ws.layers[l], input(ws, inputs, offset, l),
          initialStates == null ? null : initialStates[l], steps);
      if (ws.dropout != null) {
        ws.dropout.apply(ops, l, ws.hidden(l), steps * ws.batch);
      }
    }
  }

  /** @return what layer {@code l} reads: token ids, or the (masked) outputs of the layer below */
  private CellInput input(ModelWorkspace ws, int[] inputs, int offset, int l) {
    return l == 0 ? CellInput.tokens(inputs, offset) : CellInput.dense(layerOutput(ws, l - 1), 0);
  }

  /** @return the outputs of layer {@code l} as the next layer reads them (masked with dropout) */
  private static Tensor layerOutput(ModelWorkspace ws, int l) {
    return ws.dropout == null ? ws.hidden(l) : ws.dropout.dropped(l);
  }

  /**
   * Applies the loss to the logits of the last forward pass, in place (probabilities, or with
   * {@code gradient} the gradient of the loss with respect to the logits).
   *
   * @param targets {@code steps * batch} target ids from {@code offset}; -1 is padding (ignored)
   * @param rowLoss if not null, receives the loss of each row
   * @return the summed loss
   */
  public double loss(ModelWorkspace ws, int[] targets, int offset, double[] rowLoss, boolean gradient) {
    return loss.evaluate(ws.steps * ws.batch, config.vocabSize(), ws.logits, 0, targets, offset,
        rowLoss, gradient);
  }

  /**
   * Multiplies the gradient left in the logits by {@link #loss} (with {@code gradient = true}) by
   * {@code factor}, before {@link #backward}: {@code 1 / tokens} turns the gradient of the summed
   * loss into that of the mean loss.
   */
  public void scaleLossGradient(ModelWorkspace ws, double factor) {
    ops.scale(ws.steps * ws.batch * config.vocabSize(), factor, ws.logits, 0);
  }

  /**
   * Back-propagates the gradient left in the logits by {@link #loss} through the output layer and
   * every cell, adding to each parameter's gradient.
   */
  public void backward(ModelWorkspace ws, int[] inputs, int offset) {
    backward(ws, inputs, offset, null, Double.NaN);
  }

  /**
   * Elements of the output layer's gradient {@code dO = p - onehot} smaller than this in magnitude
   * are set to zero before the backward products ({@link TensorOps#flushBelow}). The probability
   * of a token whose logit is far below the others' is a subnormal float (under 1.2e-38 in
   * float32), and so is its gradient; x86 multiply-adds on subnormal numbers take microcode
   * assists (the SIMD GEMM tile: 145 GFLOP/s on normal numbers, 34 when its products are
   * subnormal, 0.7 on subnormal inputs). Configuration a2 at batch 32, whose model drives some
   * probabilities that low, trained at 6,000-38,000 tokens/s from run to run and at 53,000-65,000
   * with the flush ({@code rnn-bench/results/2026-12-06-subnormal-gradients.csv}). 2^-100 times
   * a weight of at least 2^-26 is still a normal float32; the flushed elements, even summed over
   * 4,096 rows, come to less than half the last bit of any weight above 2^-60 in magnitude. The
   * loss is computed before and is not affected.
   */
  public static final double TINY_GRADIENT = 0x1p-100;

  /** @return whether {@link #backwardStepping} may be used: V is not tied to the inputs */
  public boolean canStepOutputInBackward() {
    // tied: V is also the input table, whose gradient the cells add after the output layer
    return !config.tiedWeights();
  }

  /**
   * {@link #backward} fused with a plain gradient step: the summed gradient of the output weights
   * V is added to V, times {@code step}, by the backend's {@link FusedLinearStep} in the product
   * that computes it (after the gradient for the hidden states has used the old V), and so are
   * those of each cell's {@link Cell#parametersSteppedInBackward()} (its recurrent weight, for the
   * built-in cells) by the cell ({@link CellWorkspace#stepInBackward}). Those gradients are never
   * stored: that saves writing, reading and zeroing the largest ones. The trainer uses it for
   * plain SGD without clipping (nothing else needs them), then steps the returned parameters.
   *
   * @return the parameters the optimizer still has to step: all but V and the cells' own
   * @throws IllegalStateException if {@link #canStepOutputInBackward()} is false
   */
  public List<Parameter> backwardStepping(ModelWorkspace ws, int[] inputs, int offset,
      FusedLinearStep fused, double step) {
    if (!canStepOutputInBackward()) {
      throw new IllegalStateException("V is tied to the input table: its step cannot be fused");
    }
    for (CellWorkspace layer : ws.layers) {
      layer.stepInBackward(step);
    }
    try {
      backward(ws, inputs, offset, fused, step);
    } finally {
      for (CellWorkspace layer : ws.layers) {
        layer.stepInBackward(Double.NaN);
      }
    }
    return parametersNotStepped;
  }

  /** @param fused null: add V's gradient to V.grad(); else add vStep times it to V itself */
  private void backward(ModelWorkspace ws, int[] inputs, int offset, FusedLinearStep fused,
      double vStep) {
    int steps = ws.steps;
    int rows = steps * ws.batch;
    int n = config.hiddenSize();
    int m = config.vocabSize();
    int top = cells.length - 1;
    Tensor h = layerOutput(ws, top);
    // dO: the probabilities of unlikely tokens can be subnormal floats (see TINY_GRADIENT)
    ops.flushBelow(rows * m, TINY_GRADIENT, ws.logits, 0);
    ops.addColumnSums(rows, m, ws.logits, 0, by.grad(), 0);
    if (fused == null) {
      ops.gemm(false, false, rows, n, m, 1, ws.logits, 0, m, v.value(), 0, n, 0, ws.dHidden[top], 0,
          n);
      // V's gradient is the largest: when it is still zero, overwrite it rather than zero and add.
      // Tied, it is a row-tracked input table: add, and say that every row may be touched.
      double beta = !config.tiedWeights() && v.takeZeroPending() ? 0 : 1;
      Tensor vGrad = config.tiedWeights() ? v.gradForAllRows() : v.grad();
      ops.gemm(true, false, m, n, rows, 1, ws.logits, 0, m, h, 0, n, beta, vGrad, 0, n);
    } else {
      // Fused step: dS takes the old V, V is stepped block by block while still in cache.
      fused.linearBackwardStep(rows, m, n, ws.logits, 0, h, 0, vStep, v.value(), 0, 0,
          ws.dHidden[top], 0);
    }
    for (int l = top; l >= 0; l--) {
      if (ws.dropout != null) {
        ws.dropout.backward(ops, l, ws.dHidden[l], rows);
      }
      Tensor dInputs = l == 0 ? null : ws.dHidden[l - 1];
      cells[l].backward(ws.layers[l], input(ws, inputs, offset, l), ws.dHidden[l], dInputs, steps);
    }
  }
}

package dev.rnn4j.core.optim;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ParallelRanges;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping every optimizer of rnn-core shares: the learning rate, the step count, and a
 * fixed list of per-parameter state tensors ("slots", such as Adam's {@code exp_avg}), created as
 * zeros of the parameter's dtype and shape the first time a parameter is stepped.
 *
 * <p>State names are stable across runs: {@code step} (float64 tensor of shape [1] holding the
 * number of steps taken) and {@code <parameter name>/<slot>} (for example {@code
 * layers.0.W/exp_avg}), using PyTorch's names for the slots. {@link #restoreState} may be called
 * on a fresh optimizer before its first step, which is how a checkpoint is resumed. Not
 * thread-safe.
 */
abstract class SlotOptimizer implements Optimizer {
  /** The state key of the step count. */
  static final String STEP = "step";

  /** The fewest elements of a parameter worth a thread of their own in {@link #updateInRanges}. */
  static final int GRAIN = 32_768;

  private final String name;
  private final List<String> slotNames;
  private final ParallelRanges ranges;
  private final TensorOps ops;
  private final Map<String, Tensor[]> slots = new LinkedHashMap<>();
  private double lr;
  private long steps;

  /**
   * Subclass constructors end with {@link #setLearningRate}, once their own fields are set.
   *
   * @param name the provider name, for messages
   * @param ops the backend, whose threads step large parameters when it offers {@link
   *     ParallelRanges}
   * @param slotNames the names of the per-parameter state tensors, possibly none
   */
  SlotOptimizer(String name, TensorOps ops, String... slotNames) {
    this.name = name;
    this.slotNames = List.of(slotNames);
    this.ops = ops;
    this.ranges = ops.capability(ParallelRanges.class).orElse(null);
  }

  /** @return the backend the optimizer steps on */
  final TensorOps ops() {
    return ops;
  }

  /**
   * Runs an element-wise update over the elements of {@code value}, then, over the same elements,
   * sets to zero those of each {@code decaying} state tensor below the smallest normal number of
   * its type ({@link TensorOps#flushBelow}): in ranges on the backend's threads when it offers {@link
   * ParallelRanges} and the value has at least twice {@link #GRAIN} elements (the update is bound
   * by memory bandwidth, which a second core adds to), else at once on this thread. The same
   * result either way. {@code update} receives array indices {@code [from, to)}, from {@code
   * value.start()} on: the gradient and the slots start where the value does ({@link #slotsOf}),
   * so one index serves every array.
   *
   * <p>Why the flush: where a gradient stays zero (the row of an input table whose word has not
   * come for a while) a decaying state (a moment, a momentum buffer) shrinks by a constant factor
   * per step into the subnormal range, and float32 rounding then holds it there for good ({@code
   * 0.9 m} rounds back to m a few times above the smallest subnormal number); x86 processors take
   * a microcode assist on every operation with such a number, which made Adam's update five times
   * slower on an input table than on the output layer. PyTorch keeps the subnormal number, whose
   * effect on a weight is far below its last bit: Adam's m and the momentum buffer add less than
   * {@code 2^-126} times the learning rate (divided by eps for Adam: 1.2e-33 with the defaults),
   * under half a unit in the last place of any float32 weight above about 1e-26 in magnitude;
   * RMSprop's and Adam's v change the denominator {@code sqrt(v) + eps} by at most 1.1e-19.
   */
  final void updateInRanges(Tensor value, ParallelRanges.Range update, Tensor... decaying) {
    int n = value.size();
    int start = value.start();
    ParallelRanges.Range updateAndFlush = (from, to) -> {
      update.run(start + from, start + to);
      for (Tensor state : decaying) {
        double smallestNormal = state.dtype() == DType.F32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
        ops.flushBelow(to - from, smallestNormal, state, from);
      }
    };
    if (ranges != null && n >= 2 * GRAIN) {
      ranges.forRanges(n, GRAIN, updateAndFlush);
    } else {
      updateAndFlush.run(0, n);
    }
  }

  /**
   * Updates one parameter.
   *
   * @param p the parameter; its value is modified, its gradient only read
   * @param state the parameter's slots, in the order of the constructor's names, modified
   * @param step the number of this step, counting from 1
   */
  abstract void update(Parameter p, Tensor[] state, long step);

  @Override
  public final void step(List<Parameter> parameters) {
    steps++;
    for (Parameter p : parameters) {
      update(p, slotsOf(p), steps);
    }
  }

  private Tensor[] slotsOf(Parameter p) {
    Tensor value = p.value();
    Tensor[] s = slots.get(p.name());
    if (s == null) {
      s = new Tensor[slotNames.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = Tensor.zerosWithStart(value.dtype(), value.start(), value.shape());
      }
      slots.put(p.name(), s);
      return s;
    }
    for (int i = 0; i < s.length; i++) {
      if (!Arrays.equals(s[i].shape(), value.shape())) {
        throw new RnnException("the " + name + " state '" + p.name() + "/" + slotNames.get(i)
            + "' has shape " + Arrays.toString(s[i].shape()) + " but the parameter is "
            + value.describe() + "; the optimizer state belongs to another model");
      }
      if (s[i].dtype() != value.dtype() || s[i].start() != value.start()) {
        // the update loops index value, gradient and slots alike
        Tensor like = Tensor.zerosWithStart(value.dtype(), value.start(), value.shape());
        like.copyFrom(s[i].dtype() == value.dtype() ? s[i] : s[i].to(value.dtype()));
        s[i] = like;
      }
    }
    return s;
  }

  @Override
  public final double learningRate() {
    return lr;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    checkLearningRate(learningRate);
    this.lr = learningRate;
  }

  /**
   * Rejects a learning rate this optimizer cannot use; subclasses may add conditions.
   *
   * @throws RnnException if {@code lr} is not a positive finite number
   */
  void checkLearningRate(double lr) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new RnnException("the learning rate must be a positive number, got " + lr);
    }
  }

  /** @return the number of steps taken so far (restored by {@link #restoreState}) */
  final long steps() {
    return steps;
  }

  @Override
  public final Map<String, Tensor> state() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(STEP, Tensor.wrap(new double[] {steps}, 1));
    for (Map.Entry<String, Tensor[]> e : slots.entrySet()) {
      for (int i = 0; i < slotNames.size(); i++) {
        out.put(e.getKey() + "/" + slotNames.get(i), e.getValue()[i].copy());
      }
    }
    return out;
  }

  @Override
  public final void restoreState(Map<String, Tensor> state) {
    long restoredSteps = parseSteps(state.get(STEP));
    Map<String, Tensor[]> restored = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      if (key.equals(STEP)) {
        continue;
      }
      int slash = key.lastIndexOf('/');
      int slot = slash < 0 ? -1 : slotNames.indexOf(key.substring(slash + 1));
      if (slot < 0) {
        throw new RnnException("'" + key + "' is not part of the state of optimizer '" + name
            + "' (its keys are 'step' and '<parameter>/<slot>' with slots "
            + (slotNames.isEmpty() ? "(none)" : String.join(", ", slotNames))
            + "); the checkpoint was written with other optimizer settings");
      }
      restored.computeIfAbsent(key.substring(0, slash), k -> new Tensor[slotNames.size()])[slot] =
          e.getValue().copy();
    }
    for (Map.Entry<String, Tensor[]> e : restored.entrySet()) {
      for (int i = 0; i < slotNames.size(); i++) {
        if (e.getValue()[i] == null) {
          throw new RnnException("the state of optimizer '" + name + "' lacks '" + e.getKey() + "/"
              + slotNames.get(i) + "'");
        }
      }
    }
    slots.clear();
    slots.putAll(restored);
    steps = restoredSteps;
  }

  private long parseSteps(Tensor t) {
    if (t == null) {
      throw new RnnException("the state of optimizer '" + name + "' lacks '" + STEP + "'");
    }
    double v = t.size() == 1 ? t.get(0) : -1;
    if (!(v >= 0) || v != Math.rint(v) || v > (1L << 53)) {
      throw new RnnException("the state '" + STEP + "' of optimizer '" + name
          + "' must be one non-negative whole number, got " + t.describe());
    }
    return (long) v;
  }

  /** @return whether {@code t} is float32 (the update loops dispatch on this) */
  static boolean isF32(Tensor t) {
    return t.dtype() == DType.F32;
  }
}

package dev.rnn4j.api;

/**
 * A named, trainable tensor and its gradient of the same dtype and shape.
 *
 * <p>Training code zeroes {@link #grad()} before each batch, cells and losses <em>accumulate</em>
 * into it during backward, and an optimizer reads it to update {@link #value()} in place. The
 * name is the key under which the tensor is stored in model files (for example {@code
 * layers.0.W}). Not thread-safe.
 */
public final class Parameter {
  private final String name;
  private final Tensor value;
  private final Tensor grad;

  /** Wraps {@code value} (not copied) and allocates a zero gradient of the same shape. */
  public Parameter(String name, Tensor value) {
    this.name = name;
    this.value = value;
    this.grad = Tensor.zeros(value.dtype(), value.shape());
  }

  /** @return the name used in model files and messages */
  public String name() {
    return name;
  }

  /** @return the current value, updated in place by optimizers */
  public Tensor value() {
    return value;
  }

  /** @return the accumulated gradient of the loss with respect to {@link #value()} */
  public Tensor grad() {
    return grad;
  }

  @Override
  public String toString() {
    return name + " " + value.describe();
  }
}

package dev.rnn4j.api.ops;

/** Element-wise activation functions supported by every {@link TensorOps}. */
public enum Activation {
  /** Hyperbolic tangent, the Elman default. */
  TANH,
  /** Logistic sigmoid {@code 1 / (1 + e^-x)}, used by gates. */
  SIGMOID,
  /** Rectified linear {@code max(0, x)}. */
  RELU
}

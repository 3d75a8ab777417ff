package dev.rnn4j.api.ops;

import dev.rnn4j.api.Tensor;
import java.util.Optional;

/**
 * The math backend: the few kernels where a recurrent language model spends its time, shaped for
 * its hot paths (a one-hot input product is a row gather, the output layer is one GEMM per
 * sequence, softmax and cross-entropy are fused).
 *
 * <h2>Contract for every method</h2>
 *
 * <ul>
 *   <li>Matrices are row-major inside a {@link Tensor}'s flat storage, addressed by an offset and a
 *       leading dimension ({@code ld}, the distance between the starts of two rows).
 *   <li>All tensors of one call share one dtype (float32 or float64); scalars are passed as {@code
 *       double} and rounded to the tensor dtype by the kernel.
 *   <li>Only the arguments documented as output are modified; outputs must not overlap inputs
 *       unless a method says so.
 *   <li>Kernels trust their arguments (sizes, offsets, dtypes): validation belongs to the callers
 *       (facades), as in BLAS.
 *   <li>An implementation is thread-safe: one instance may be used by several threads on disjoint
 *       outputs. It may use its own threads for large calls.
 * </ul>
 *
 * <h2>Capabilities</h2>
 *
 * <p>These methods are what every backend implements. A backend may offer more, as optional
 * capabilities a caller asks for with {@link #capability} and does without when they are absent:
 * {@link PackedProducts} (matrix-vector products on a packed copy of the matrix), {@link
 * BatchedPackedProducts}, {@link FusedLinearStep} (a linear layer's backward pass fused with a
 * plain SGD step of its weights), {@link ArgmaxProducts} and {@link ParallelRanges} (element-wise
 * work over index ranges on the backend's threads).
 *
 * <p>Implementations are compared element by element with the {@code scalar} reference backend
 * ({@code rnn-ops-scalar}) by the conformance kit in {@code rnn-testkit}, capabilities included.
 */
public interface TensorOps {

  /** @return the provider name of this backend ({@code scalar}, {@code ejml}, {@code simd}) */
  String name();

  /**
   * @param type a capability interface, such as {@link PackedProducts} or {@link FusedLinearStep}
   * @return this backend as that capability, when it offers it; the default offers the capability
   *     interfaces the implementation class implements
   */
  default <C> Optional<C> capability(Class<C> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }

  /**
   * General matrix product {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is
   * {@code X} or its transpose. {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n},
   * {@code C} is {@code m x n}. With {@code beta == 0} the old content of C is ignored (NaN
   * included). C is the output.
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, Tensor a, int aOff, int lda,
      Tensor b, int bOff, int ldb,
      double beta, Tensor c, int cOff, int ldc);

  /**
   * Matrix-vector product {@code y = alpha * op(A) * x + beta * y}, where {@code A} is stored as
   * {@code rows x cols} and {@code op(A)} is {@code A} ({@code x} has {@code cols} entries, {@code
   * y} has {@code rows}) or its transpose ({@code x} has {@code rows}, {@code y} has {@code cols}).
   * With {@code beta == 0} the old content of y is ignored. y is the output.
   */
  void gemv(boolean transA, int rows, int cols,
      double alpha, Tensor a, int aOff, int lda,
      Tensor x, int xOff, double beta, Tensor y, int yOff);

  /**
   * Row gather: for {@code i < count}, row {@code i} of {@code out} (rows of {@code width}
   * contiguous elements starting at {@code outOff}) becomes row {@code ids[idsOff + i]} of {@code
   * table} ({@code width} elements per row, row 0 at offset 0). A negative id writes a zero row.
   * This is the product of a weight matrix with one-hot inputs. out is the output.
   */
  void gatherRows(Tensor table, int width, int[] ids, int idsOff, int count, Tensor out, int outOff);

  /**
   * Row scatter-add, the transpose of {@link #gatherRows}: for {@code i < count}, row {@code i} of
   * {@code src} is added to row {@code ids[idsOff + i]} of {@code table}; negative ids are
   * skipped; repeated ids accumulate. table is the output.
   */
  void scatterAddRows(Tensor src, int srcOff, int width, int[] ids, int idsOff, int count, Tensor table);

  /** Adds the vector {@code v} (length {@code cols}) to each of the {@code rows} rows of M. */
  void addRowVector(int rows, int cols, Tensor v, int vOff, Tensor m, int mOff);

  /** Adds the column sums of M ({@code rows x cols}, contiguous) to {@code out} (length cols). */
  void addColumnSums(int rows, int cols, Tensor m, int mOff, Tensor out, int outOff);

  /**
   * Fused, numerically stable softmax and cross-entropy over {@code rows} rows of {@code cols}
   * logits (contiguous, starting at {@code off}).
   *
   * <p>Row {@code r} is overwritten in place: with {@code gradient} false by the probabilities
   * {@code p = softmax(o)}; with {@code gradient} true by {@code p - onehot(target)}, the
   * gradient of the row's loss with respect to its logits. A row whose target is negative is
   * ignored (padding): it contributes no loss and, with {@code gradient}, is set to zero. {@code
   * targets} may be null (no loss; probabilities only, gradient must be false).
   *
   * @param rowLoss if not null, receives {@code -log p[target]} for each row at {@code
   *     rowLoss[r]} (0 for ignored rows)
   * @return the sum over rows of {@code -log p[target]}, computed with log-sum-exp in double
   */
  double softmaxCrossEntropy(int rows, int cols, Tensor logits, int off,
      int[] targets, int tOff, double[] rowLoss, boolean gradient);

  /** {@code y[i] = f(x[i])} for {@code i < n}; {@code x} and {@code y} may be the same region. */
  void activate(Activation f, int n, Tensor x, int xOff, Tensor y, int yOff);

  /**
   * Backward of {@link #activate}, expressed with the activation's output: {@code dx[i] = dy[i] *
   * f'(y[i])}, where f'(y) is {@code 1 - y*y} for tanh, {@code y*(1-y)} for sigmoid and {@code
   * y > 0 ? 1 : 0} for relu. With {@code accumulate} the result is added to dx. dx may be dy.
   */
  void activateBackward(Activation f, int n, Tensor y, int yOff, Tensor dy, int dyOff,
      Tensor dx, int dxOff, boolean accumulate);

  /**
   * Element-wise product {@code out[i] (+)= a[i] * b[i]} for {@code i < n}, added to out when
   * {@code accumulate}. out may be a or b when not accumulating.
   */
  void multiply(int n, Tensor a, int aOff, Tensor b, int bOff, Tensor out, int outOff, boolean accumulate);

  /** {@code y[i] += alpha * x[i]} for {@code i < n}. */
  void axpy(int n, double alpha, Tensor x, int xOff, Tensor y, int yOff);

  /** {@code x[i] *= alpha} for {@code i < n}. */
  void scale(int n, double alpha, Tensor x, int xOff);

  /** @return {@code sum x[i] * y[i]}, accumulated in double */
  double dot(int n, Tensor x, int xOff, Tensor y, int yOff);

  /** @return {@code sum x[i]^2}, accumulated in double (the squared L2 norm) */
  double sumOfSquares(int n, Tensor x, int xOff);

  /** Clamps {@code x[i]} into {@code [lo, hi]} in place. */
  void clip(int n, double lo, double hi, Tensor x, int xOff);

  /** @return the index of the first maximum of {@code x[off .. off+n)}, relative to off */
  int argmax(int n, Tensor x, int xOff);

  /**
   * Sets to +0 the {@code x[i]} ({@code i < n}) that are not zero and whose magnitude is below
   * {@code tiny}; zeros (of either sign), NaNs and everything else are left as they are. The
   * language model uses it on its output gradient, whose elements can be subnormal numbers, on
   * which the multiply-adds of x86 processors run about 4 to 200 times slower (Java cannot set
   * the processor's flush-to-zero mode). The default reads and writes element by element;
   * backends override it.
   */
  default void flushBelow(int n, double tiny, Tensor x, int xOff) {
    for (int i = 0; i < n; i++) {
      double v = x.get(xOff + i);
      if (v != 0 && Math.abs(v) < tiny) {
        x.set(xOff + i, 0);
      }
    }
  }
}

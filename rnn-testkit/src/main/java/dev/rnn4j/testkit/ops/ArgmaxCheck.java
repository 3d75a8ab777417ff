package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.TensorOps;
import java.util.Random;

/**
 * The kit's checks of {@link ArgmaxProducts}: the index must be the one the plain path of the same
 * backend gives (packed product, bias, excluded rows at negative infinity, first maximum), on
 * matrices chosen so that a compact copy of A orders the rows differently from the exact product.
 */
final class ArgmaxCheck {
  /** How the matrix and the vectors are made; see {@link #fill}. */
  enum Kind {
    /** Gaussian rows, x in [-1, 1] as a hidden state is, a Gaussian bias. */
    RANDOM,
    /** Copies of one row with a few elements moved by an ulp, and exact duplicates. */
    ULP_NEIGHBOURS,
    /** One row plus differences below bfloat16's precision (relative 1e-4): near-ties. */
    BELOW_BF16,
    /** Rows scaled by powers of two from 2^-60 to 2^60: the error bound is per row. */
    SCALED_ROWS
  }

  private ArgmaxCheck() {}

  /**
   * Checks several vectors x against one packed matrix (the compact copy is made once and reused),
   * each with no excluded rows, with the plain argmax excluded, and with out-of-range exclusions.
   */
  static void check(TensorOps ops, ArgmaxProducts argmax, DType dtype, int rows, int cols,
      Kind kind, long seed) {
    Random rnd = new Random(seed);
    Tensor a = Tensor.zeros(dtype, rows * cols + 3);
    fill(kind, rnd, a, 3, rows, cols);
    PackedMatrix screened = argmax.packForArgmax(a, 3, cols, rows, cols);
    PackedMatrix plain = argmax.pack(false, a, 3, cols, rows, cols, null);
    for (int t = 0; t < 4; t++) {
      Tensor x = Tensor.zeros(dtype, cols + 1);
      Tensor b = Tensor.zeros(dtype, rows + 2);
      for (int j = 0; j < cols; j++) {
        double hidden = Math.tanh(rnd.nextGaussian());
        x.set(1 + j, kind == Kind.RANDOM ? rnd.nextDouble() * 2 - 1 : hidden);
      }
      for (int i = 0; i < rows; i++) {
        boolean nearTies = kind == Kind.BELOW_BF16 || kind == Kind.ULP_NEIGHBOURS;
        b.set(2 + i, nearTies ? 0.25 : rnd.nextGaussian());
      }
      String what = "argmax " + dtype + " " + kind + " rows=" + rows + " cols=" + cols + " x#" + t;
      int first = expectAndCheck(ops, argmax, screened, plain, x, b, new int[0], what);
      expectAndCheck(ops, argmax, screened, plain, x, b, new int[] {first, rows + 5, -1}, what
          + " (its argmax excluded)");
    }
  }

  /**
   * Checks inputs outside any error bound: x zero, x with NaN or infinity, a NaN or infinite
   * bias, huge products, every row excluded, and a matrix with a non-finite element.
   */
  static void checkNonFinite(TensorOps ops, ArgmaxProducts argmax, DType dtype, int rows,
      int cols, long seed) {
    Random rnd = new Random(seed);
    Tensor a = Tensor.zeros(dtype, rows * cols);
    fill(Kind.RANDOM, rnd, a, 0, rows, cols);
    PackedMatrix screened = argmax.packForArgmax(a, 0, cols, rows, cols);
    PackedMatrix plain = argmax.pack(false, a, 0, cols, rows, cols, null);
    String what = "argmax " + dtype + " rows=" + rows + " cols=" + cols;
    Tensor b = KitChecks.randomTensor(dtype, rnd, rows);
    Tensor x = Tensor.zeros(dtype, cols);
    expectAndCheck(ops, argmax, screened, plain, x, b, new int[0], what + " x=0");
    double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e25};
    for (double v : odd) {
      Tensor xv = KitChecks.randomTensor(dtype, rnd, cols);
      xv.set(cols / 2, v);
      expectAndCheck(ops, argmax, screened, plain, xv, b, new int[0], what + " x has " + v);
      Tensor bv = b.copy();
      bv.set(rows / 2, v);
      expectAndCheck(ops, argmax, screened, plain, KitChecks.randomTensor(dtype, rnd, cols), bv,
          new int[0], what + " b has " + v);
    }
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = rows - 1 - i;
    }
    expectAndCheck(ops, argmax, screened, plain, KitChecks.randomTensor(dtype, rnd, cols), b, all,
        what + " every row excluded");
    Tensor bad = a.copy();
    bad.set((rows / 2) * cols, Double.POSITIVE_INFINITY);
    expectAndCheck(ops, argmax, argmax.packForArgmax(bad, 0, cols, rows, cols),
        argmax.pack(false, bad, 0, cols, rows, cols, null),
        KitChecks.randomTensor(dtype, rnd, cols), b, new int[0], what + " A has infinity");
  }

  /** @return the plain path's index, after asserting that {@code argmax} gives it too */
  private static int expectAndCheck(TensorOps ops, ArgmaxProducts argmax, PackedMatrix screened,
      PackedMatrix plain, Tensor x, Tensor b, int[] excluded, String what) {
    int rows = plain.rows();
    int xOff = x.size() - plain.cols();
    int bOff = b.size() - rows;
    Tensor y = Tensor.zeros(x.dtype(), rows + 2);
    argmax.gemv(plain, 1, x, xOff, 0, y, 1);
    ops.addRowVector(1, rows, b, bOff, y, 1);
    for (int e : excluded) {
      if (e >= 0 && e < rows) {
        y.set(1 + e, Double.NEGATIVE_INFINITY);
      }
    }
    int expected = ops.argmax(rows, y, 1);
    Tensor scratch = Tensor.zeros(x.dtype(), rows + 2);
    scratch.set(0, 7);
    scratch.set(rows + 1, 7);
    int actual = argmax.argmax(screened, x, xOff, b, bOff, excluded, scratch, 1);
    assertEquals(expected, actual, what);
    assertEquals(7, scratch.get(0), what + ": wrote before its scratch");
    assertEquals(7, scratch.get(rows + 1), what + ": wrote after its scratch");
    // the packed matrix for argmax multiplies as a plain pack does
    Tensor product = Tensor.zeros(x.dtype(), rows);
    Tensor expectedProduct = Tensor.zeros(x.dtype(), rows);
    argmax.gemv(screened, 1, x, xOff, 0, product, 0);
    argmax.gemv(plain, 1, x, xOff, 0, expectedProduct, 0);
    for (int i = 0; i < rows; i++) {
      assertEquals(Double.doubleToLongBits(expectedProduct.get(i)),
          Double.doubleToLongBits(product.get(i)), what + ": gemv row " + i);
    }
    return expected;
  }

  private static void fill(Kind kind, Random rnd, Tensor a, int off, int rows, int cols) {
    double[] base = new double[cols];
    for (int j = 0; j < cols; j++) {
      base[j] = rnd.nextGaussian() * 0.1;
    }
    for (int i = 0; i < rows; i++) {
      double scale = kind == Kind.SCALED_ROWS ? Math.scalb(1.0, rnd.nextInt(121) - 60) : 1;
      for (int j = 0; j < cols; j++) {
        double v = switch (kind) {
          case RANDOM, SCALED_ROWS -> rnd.nextGaussian() * 0.1 * scale;
          case ULP_NEIGHBOURS -> i % 7 == 3 ? base[j] : neighbour(a.dtype(), base[j], rnd);
          case BELOW_BF16 -> base[j] * (1 + 1e-4 * rnd.nextGaussian());
        };
        a.set(off + i * cols + j, v);
      }
    }
  }

  /** @return v, or one ulp above or below it in the dtype, for about one element in eight */
  private static double neighbour(DType dtype, double v, Random rnd) {
    int r = rnd.nextInt(16);
    if (r > 1) {
      return v;
    }
    if (dtype == DType.F32) {
      float f = (float) v;
      return r == 0 ? Math.nextUp(f) : Math.nextDown(f);
    }
    return r == 0 ? Math.nextUp(v) : Math.nextDown(v);
  }
}

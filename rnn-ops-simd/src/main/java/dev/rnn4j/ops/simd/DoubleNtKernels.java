// TEMPLATE: the float version (FloatNtKernels) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The micro-kernels of {@link DoubleGemmFewRows}: products of rows of B read in place with one to
 * three packed panels of op(A)^T, into a tile buffer.
 *
 * <p>Written out register by register, which makes {@link #ntKernel2} and {@link #ntKernel3}
 * longer than a method should be. Both shorter forms measured slower on the output-layer shapes
 * ({@code rnn-bench/results/2026-12-06-nt-kernel-shorter-variants.csv}): fewer rows of B per call
 * (8 and 6) ran at 0.7-0.8x, and storing the accumulators through small helper methods at
 * 0.25-0.7x, because C2 does not inline them into a kernel this large and boxes every vector
 * passed.
 */
@SuppressWarnings("cast") // the casts are needed in the generated float version
final class DoubleNtKernels {
  private DoubleNtKernels() {}

  /**
   * tile[t + r * L + q] = sum_p B[row r][p] * ap[p * L + q] for MR_NT rows of B from {@code bi},
   * {@code ldb} apart (rows past {@code rows} repeat the last one; their results are unused).
   */
  static void ntKernel1(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    int b8 = bi + Math.min(8, last) * ldb;
    int b9 = bi + Math.min(9, last) * ldb;
    int b10 = bi + Math.min(10, last) * ldb;
    int b11 = bi + Math.min(11, last) * ldb;
    DoubleVector c0 = DoubleVector.zero(S);
    DoubleVector c1 = c0;
    DoubleVector c2 = c0;
    DoubleVector c3 = c0;
    DoubleVector c4 = c0;
    DoubleVector c5 = c0;
    DoubleVector c6 = c0;
    DoubleVector c7 = c0;
    DoubleVector c8 = c0;
    DoubleVector c9 = c0;
    DoubleVector c10 = c0;
    DoubleVector c11 = c0;
    for (int p = 0; p < kc; p++) {
      DoubleVector v = DoubleVector.fromArray(S, ap, p * L);
      c0 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b0 + p]), c0);
      c1 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b1 + p]), c1);
      c2 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b2 + p]), c2);
      c3 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b3 + p]), c3);
      c4 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b4 + p]), c4);
      c5 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b5 + p]), c5);
      c6 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b6 + p]), c6);
      c7 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b7 + p]), c7);
      c8 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b8 + p]), c8);
      c9 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b9 + p]), c9);
      c10 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b10 + p]), c10);
      c11 = v.lanewise(VectorOperators.FMA, DoubleVector.broadcast(S, b[b11 + p]), c11);
    }
    c0.intoArray(tile, t);
    c1.intoArray(tile, t + L);
    c2.intoArray(tile, t + 2 * L);
    c3.intoArray(tile, t + 3 * L);
    c4.intoArray(tile, t + 4 * L);
    c5.intoArray(tile, t + 5 * L);
    c6.intoArray(tile, t + 6 * L);
    c7.intoArray(tile, t + 7 * L);
    c8.intoArray(tile, t + 8 * L);
    c9.intoArray(tile, t + 9 * L);
    c10.intoArray(tile, t + 10 * L);
    c11.intoArray(tile, t + 11 * L);
  }

  /** {@link #ntKernel1} with two panels: tile[t + r * 2L + q], ap[p * 2L + q]. */
  static void ntKernel2(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    int b8 = bi + Math.min(8, last) * ldb;
    int b9 = bi + Math.min(9, last) * ldb;
    int b10 = bi + Math.min(10, last) * ldb;
    int b11 = bi + Math.min(11, last) * ldb;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    DoubleVector c60 = c00;
    DoubleVector c61 = c00;
    DoubleVector c70 = c00;
    DoubleVector c71 = c00;
    DoubleVector c80 = c00;
    DoubleVector c81 = c00;
    DoubleVector c90 = c00;
    DoubleVector c91 = c00;
    DoubleVector ca0 = c00;
    DoubleVector ca1 = c00;
    DoubleVector cb0 = c00;
    DoubleVector cb1 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector v0 = DoubleVector.fromArray(S, ap, 2 * p * L);
      DoubleVector v1 = DoubleVector.fromArray(S, ap, 2 * p * L + L);
      DoubleVector x = DoubleVector.broadcast(S, b[b0 + p]);
      c00 = v0.lanewise(VectorOperators.FMA, x, c00);
      c01 = v1.lanewise(VectorOperators.FMA, x, c01);
      x = DoubleVector.broadcast(S, b[b1 + p]);
      c10 = v0.lanewise(VectorOperators.FMA, x, c10);
      c11 = v1.lanewise(VectorOperators.FMA, x, c11);
      x = DoubleVector.broadcast(S, b[b2 + p]);
      c20 = v0.lanewise(VectorOperators.FMA, x, c20);
      c21 = v1.lanewise(VectorOperators.FMA, x, c21);
      x = DoubleVector.broadcast(S, b[b3 + p]);
      c30 = v0.lanewise(VectorOperators.FMA, x, c30);
      c31 = v1.lanewise(VectorOperators.FMA, x, c31);
      x = DoubleVector.broadcast(S, b[b4 + p]);
      c40 = v0.lanewise(VectorOperators.FMA, x, c40);
      c41 = v1.lanewise(VectorOperators.FMA, x, c41);
      x = DoubleVector.broadcast(S, b[b5 + p]);
      c50 = v0.lanewise(VectorOperators.FMA, x, c50);
      c51 = v1.lanewise(VectorOperators.FMA, x, c51);
      x = DoubleVector.broadcast(S, b[b6 + p]);
      c60 = v0.lanewise(VectorOperators.FMA, x, c60);
      c61 = v1.lanewise(VectorOperators.FMA, x, c61);
      x = DoubleVector.broadcast(S, b[b7 + p]);
      c70 = v0.lanewise(VectorOperators.FMA, x, c70);
      c71 = v1.lanewise(VectorOperators.FMA, x, c71);
      x = DoubleVector.broadcast(S, b[b8 + p]);
      c80 = v0.lanewise(VectorOperators.FMA, x, c80);
      c81 = v1.lanewise(VectorOperators.FMA, x, c81);
      x = DoubleVector.broadcast(S, b[b9 + p]);
      c90 = v0.lanewise(VectorOperators.FMA, x, c90);
      c91 = v1.lanewise(VectorOperators.FMA, x, c91);
      x = DoubleVector.broadcast(S, b[b10 + p]);
      ca0 = v0.lanewise(VectorOperators.FMA, x, ca0);
      ca1 = v1.lanewise(VectorOperators.FMA, x, ca1);
      x = DoubleVector.broadcast(S, b[b11 + p]);
      cb0 = v0.lanewise(VectorOperators.FMA, x, cb0);
      cb1 = v1.lanewise(VectorOperators.FMA, x, cb1);
    }
    int w = 2 * L;
    c00.intoArray(tile, t);
    c01.intoArray(tile, t + L);
    c10.intoArray(tile, t + w);
    c11.intoArray(tile, t + w + L);
    c20.intoArray(tile, t + 2 * w);
    c21.intoArray(tile, t + 2 * w + L);
    c30.intoArray(tile, t + 3 * w);
    c31.intoArray(tile, t + 3 * w + L);
    c40.intoArray(tile, t + 4 * w);
    c41.intoArray(tile, t + 4 * w + L);
    c50.intoArray(tile, t + 5 * w);
    c51.intoArray(tile, t + 5 * w + L);
    c60.intoArray(tile, t + 6 * w);
    c61.intoArray(tile, t + 6 * w + L);
    c70.intoArray(tile, t + 7 * w);
    c71.intoArray(tile, t + 7 * w + L);
    c80.intoArray(tile, t + 8 * w);
    c81.intoArray(tile, t + 8 * w + L);
    c90.intoArray(tile, t + 9 * w);
    c91.intoArray(tile, t + 9 * w + L);
    ca0.intoArray(tile, t + 10 * w);
    ca1.intoArray(tile, t + 10 * w + L);
    cb0.intoArray(tile, t + 11 * w);
    cb1.intoArray(tile, t + 11 * w + L);
  }

  /** {@link #ntKernel1} with three panels, MR_NT3 rows: tile[t + r * 3L + q], ap[p * 3L + q]. */
  static void ntKernel3(int kc, double[] ap, double[] b, int bi, int ldb, int rows,
      double[] tile, int t) {
    int last = rows - 1;
    int b0 = bi;
    int b1 = bi + Math.min(1, last) * ldb;
    int b2 = bi + Math.min(2, last) * ldb;
    int b3 = bi + Math.min(3, last) * ldb;
    int b4 = bi + Math.min(4, last) * ldb;
    int b5 = bi + Math.min(5, last) * ldb;
    int b6 = bi + Math.min(6, last) * ldb;
    int b7 = bi + Math.min(7, last) * ldb;
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c02 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c12 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c22 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c32 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c42 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    DoubleVector c52 = c00;
    DoubleVector c60 = c00;
    DoubleVector c61 = c00;
    DoubleVector c62 = c00;
    DoubleVector c70 = c00;
    DoubleVector c71 = c00;
    DoubleVector c72 = c00;
    for (int p = 0; p < kc; p++) {
      DoubleVector v0 = DoubleVector.fromArray(S, ap, 3 * p * L);
      DoubleVector v1 = DoubleVector.fromArray(S, ap, 3 * p * L + L);
      DoubleVector v2 = DoubleVector.fromArray(S, ap, 3 * p * L + 2 * L);
      DoubleVector x = DoubleVector.broadcast(S, b[b0 + p]);
      c00 = v0.lanewise(VectorOperators.FMA, x, c00);
      c01 = v1.lanewise(VectorOperators.FMA, x, c01);
      c02 = v2.lanewise(VectorOperators.FMA, x, c02);
      x = DoubleVector.broadcast(S, b[b1 + p]);
      c10 = v0.lanewise(VectorOperators.FMA, x, c10);
      c11 = v1.lanewise(VectorOperators.FMA, x, c11);
      c12 = v2.lanewise(VectorOperators.FMA, x, c12);
      x = DoubleVector.broadcast(S, b[b2 + p]);
      c20 = v0.lanewise(VectorOperators.FMA, x, c20);
      c21 = v1.lanewise(VectorOperators.FMA, x, c21);
      c22 = v2.lanewise(VectorOperators.FMA, x, c22);
      x = DoubleVector.broadcast(S, b[b3 + p]);
      c30 = v0.lanewise(VectorOperators.FMA, x, c30);
      c31 = v1.lanewise(VectorOperators.FMA, x, c31);
      c32 = v2.lanewise(VectorOperators.FMA, x, c32);
      x = DoubleVector.broadcast(S, b[b4 + p]);
      c40 = v0.lanewise(VectorOperators.FMA, x, c40);
      c41 = v1.lanewise(VectorOperators.FMA, x, c41);
      c42 = v2.lanewise(VectorOperators.FMA, x, c42);
      x = DoubleVector.broadcast(S, b[b5 + p]);
      c50 = v0.lanewise(VectorOperators.FMA, x, c50);
      c51 = v1.lanewise(VectorOperators.FMA, x, c51);
      c52 = v2.lanewise(VectorOperators.FMA, x, c52);
      x = DoubleVector.broadcast(S, b[b6 + p]);
      c60 = v0.lanewise(VectorOperators.FMA, x, c60);
      c61 = v1.lanewise(VectorOperators.FMA, x, c61);
      c62 = v2.lanewise(VectorOperators.FMA, x, c62);
      x = DoubleVector.broadcast(S, b[b7 + p]);
      c70 = v0.lanewise(VectorOperators.FMA, x, c70);
      c71 = v1.lanewise(VectorOperators.FMA, x, c71);
      c72 = v2.lanewise(VectorOperators.FMA, x, c72);
    }
    int w = 3 * L;
    c00.intoArray(tile, t);
    c01.intoArray(tile, t + L);
    c02.intoArray(tile, t + 2 * L);
    c10.intoArray(tile, t + w);
    c11.intoArray(tile, t + w + L);
    c12.intoArray(tile, t + w + 2 * L);
    c20.intoArray(tile, t + 2 * w);
    c21.intoArray(tile, t + 2 * w + L);
    c22.intoArray(tile, t + 2 * w + 2 * L);
    c30.intoArray(tile, t + 3 * w);
    c31.intoArray(tile, t + 3 * w + L);
    c32.intoArray(tile, t + 3 * w + 2 * L);
    c40.intoArray(tile, t + 4 * w);
    c41.intoArray(tile, t + 4 * w + L);
    c42.intoArray(tile, t + 4 * w + 2 * L);
    c50.intoArray(tile, t + 5 * w);
    c51.intoArray(tile, t + 5 * w + L);
    c52.intoArray(tile, t + 5 * w + 2 * L);
    c60.intoArray(tile, t + 6 * w);
    c61.intoArray(tile, t + 6 * w + L);
    c62.intoArray(tile, t + 6 * w + 2 * L);
    c70.intoArray(tile, t + 7 * w);
    c71.intoArray(tile, t + 7 * w + L);
    c72.intoArray(tile, t + 7 * w + 2 * L);
  }
}

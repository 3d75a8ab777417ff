// TEMPLATE: the float version (FloatBuffers) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_W_IN_PLACE_A;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.KC_W_MAX;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.WIDE_DIRECT_A_MAX_N;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MC_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NC_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR_W;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.WIDE;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.MR;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NB_NT;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NB_NT3;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NC;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.NR;

import dev.rnn4j.api.HeapAlignment;

/**
 * Per-thread packing and scratch buffers of the kernels ({@link #get}). The packed panels that the
 * kernels read by whole vectors, in {@link #packB} and {@link #packAT}, start at {@link #START}.
 */
final class DoubleBuffers {
  /**
   * Where the packed panels start in {@link #packB} and {@link #packAT}: on a 64-byte boundary when
   * the JVM lets that be known ({@link HeapAlignment}), so that no vector load of a panel
   * straddles two cache lines (the 6 x 4 tile on a panel of B in L1 ran 7% faster aligned in an
   * isolated harness; {@code rnn-bench/results/2026-12-07-aligned-panels.csv}); else 0.
   */
  static final int START = HeapAlignment.start(Double.BYTES);
  private static final int PACK_A_SIZE = Math.max(((MC + MR - 1) / MR) * MR * KC,
      WIDE ? ((MC_W + MR_W - 1) / MR_W) * MR_W * KC_W_MAX : 0);
  private static final int PACK_B_SIZE = Math.max(((NC + NR - 1) / NR) * NR * KC,
      WIDE ? Math.max(((NC_W + NR_W - 1) / NR_W) * NR_W * KC_W_MAX,
          KC_W_IN_PLACE_A * WIDE_DIRECT_A_MAX_N) : 0);
  private static final ThreadLocal<DoubleBuffers> BUFFERS =
      ThreadLocal.withInitial(DoubleBuffers::new);

  /** @return the calling thread's buffers */
  static DoubleBuffers get() {
    return BUFFERS.get();
  }

  final double[] packA = new double[PACK_A_SIZE];
  final double[] packB = new double[START + PACK_B_SIZE];
  final double[] tile = new double[Math.max(Math.max(MR * NR, WIDE ? MR_W * NR_W : 0), 16 * L)];
  /**
   * The few-row NT path's products of NB_NT (NB_NT3 with three panels) rows of B, before their
   * transposed store.
   */
  final double[] tileT = new double[Math.max(NB_NT * 2, NB_NT3 * 3) * L];
  /** Gather indices 0, w, 2w, .. for reading tileT with w = L, 2L, 3L columns. */
  final int[][] gather = new int[3][L];
  double[] packAT = new double[64];
  double[] partial = new double[64];
  double[] x = new double[64];
  double[] y = new double[64];

  private DoubleBuffers() {
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < L; i++) {
        gather[p][i] = i * (p + 1) * L;
      }
    }
  }

  /** @return the packed op(A)^T of the few-row path, at least {@code START + size} long */
  double[] packAT(int size) {
    packAT = atLeast(packAT, START + size);
    return packAT;
  }

  /** @return room for partial products, at least {@code size} long */
  double[] partial(int size) {
    partial = atLeast(partial, size);
    return partial;
  }

  /** @return room for a gathered x, at least {@code size} long */
  double[] x(int size) {
    x = atLeast(x, size);
    return x;
  }

  /** @return room for a gathered y, at least {@code size} long */
  double[] y(int size) {
    y = atLeast(y, size);
    return y;
  }

  private static double[] atLeast(double[] a, int size) {
    return a.length < size ? new double[size] : a;
  }
}

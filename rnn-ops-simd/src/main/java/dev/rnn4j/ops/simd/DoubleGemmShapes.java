// TEMPLATE: the float version (FloatGemmShapes) is generated from this file in the build.
package dev.rnn4j.ops.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tile and block shapes of the GEMM: register tiles of the micro-kernels, cache blocks of the
 * packed operands, and the bounds that choose between the packed, in-place and few-row paths (see
 * {@link DoubleGemmBlocked} and {@link DoubleGemmFewRows}). One place to tune them.
 */
final class DoubleGemmShapes {
  private DoubleGemmShapes() {}

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  /** Lanes per vector. */
  static final int L = S.length();
  /** Rows of a register tile of the packed kernels (and of a packed panel of A). */
  static final int MR = 6;
  /** Columns of a register tile (two vectors), and of a packed panel of B. */
  static final int NR = 2 * L;
  /** Depth of a cache block of the packed operands. */
  static final int KC = 256;
  /** Rows of a cache block of packed A. */
  static final int MC = 144;
  /** Columns of a cache block of packed B. */
  static final int NC = 1024;
  /**
   * Whether the packed GEMM runs the wide register tile ({@link DoubleWideKernels}): with 512-bit
   * vectors (AVX-512) there are 32 vector registers, room for its 24 accumulators and four
   * vectors of B; narrower machines (16 registers) keep the 6 x 2 tile above. Measured on an
   * AVX-512 Xeon (sgemm 1024^2, JDK 17): 6 x 4 and 8 x 3 within 3% of each other and 20-35% above
   * 6 x 2, 12 x 2 5% below 8 x 3; 6 x 4 leaves no partial panel on widths that are multiples of 64.
   */
  static final boolean WIDE = S.vectorBitSize() >= 512;
  /** Rows of the wide register tile (and of its packed panels of A). */
  static final int MR_W = 6;
  /** Columns of the wide register tile (four vectors), and of its packed panels of B. */
  static final int NR_W = 4 * L;
  /**
   * Depth of a cache block of the wide path: a packed panel of B, {@code NR_W x KC_W} (32 KB in
   * float32 with 512-bit vectors), stays in a 48 KB L1 while the strips of A stream past it.
   */
  static final int KC_W = 128;
  /**
   * The wide path runs a depth of up to this as one block ({@code 2 KC_W}): a panel of B of 64
   * KB then outgrows L1, but C is read and written once instead of twice. {@code
   * NT:1120,10000,256} (c's output layer at batch 32) ran at 129-138 instead of 102-103 GFLOP/s
   * on Temurin 25 and 106-113 instead of 97-98 on JDK 17; sgemm 1024² (eight blocks either way)
   * did not change ({@code
   * rnn-bench/results/2026-12-07-one-block-depth.csv}).
   */
  static final int KC_W_MAX = 2 * KC_W;
  /**
   * The depth of a block on the wide path when A is read in place ({@code WIDE_DIRECT_A_MAX_N}):
   * B's block, at most this by 256 (512 KB in float32), stays in L2, and each tile, which loads
   * and stores its part of C once per block, runs four times as long between them. {@code
   * NN:1120,256,10000} (c's {@code dS = dO V} at batch 32) ran at 130-136 instead of 120-124
   * GFLOP/s on JDK 17 and 25 ({@code rnn-bench/results/2026-12-07-batch32-output-step.csv}).
   */
  static final int KC_W_IN_PLACE_A = 4 * KC_W;
  /** Rows of a cache block of packed A on the wide path ({@code MC_W x KC_W}: 192 KB, in L2). */
  static final int MC_W = 384;
  /** Columns of a cache block of packed B on the wide path. */
  static final int NC_W = 1024;
  /**
   * On the wide path, products with {@code op(A) = A}, alpha 1 and at most this many columns (4
   * panels of B) read A in place instead of packing it: packed, each element of A would serve
   * only a few panels. Measured on float shapes in one JVM, alternating with the packed A: at 256
   * columns 1.06-1.2x faster on JDK 17 and 1.02x on JDK 25, at 100 columns 1.09x on JDK 25; at
   * 384-512 columns JDK 25 was 3-4% slower, at 1024 JDK 17 was 3% slower.
   */
  static final int WIDE_DIRECT_A_MAX_N = 4 * NR_W;
  /** Products of at most this depth walk C by strips of rows (see {@link DoubleGemmBlocked}). */
  static final int SHORT_K = 64;
  /** A product with {@code op(B) = B} and at most this many rows reads B in place, unpacked. */
  static final int DIRECT_B_MAX_M = 64;
  /**
   * A product with {@code op(B) = B^T} and at most this many rows runs as {@code C^T = B op(A)^T}
   * with B read in place (see {@link DoubleGemmFewRows#gemmNtFewRows}).
   */
  static final int NT_MAX_M = 64;
  /**
   * Depth of one block of the few-row NT path: the packed panels (at most 3 L x KC_NT elements)
   * are read again for every group of rows of B, so they should stay in the near caches.
   */
  static final int KC_NT = 256;
  /** Rows of B per micro-kernel call of the few-row NT path, with one or two panels of A. */
  static final int MR_NT = 12;
  /**
   * Rows of B per micro-kernel call of the few-row NT path, with three panels of A: 27
   * accumulators, three vectors of A and a broadcast fill AVX-512's 32 registers (measured on
   * {@code NT:35,10000,256}, c's {@code O = S V^T}: 10-15% faster than 8 rows in 3 of 4
   * alternations, JDK 17).
   */
  static final int MR_NT3 = 9;
  /**
   * Rows of B per block of the few-row NT path: their products are collected in a buffer before
   * being stored transposed into C, so that the transposing loads do not follow the vector stores
   * of the same data at once (storing each tile at once measured slower) and each row of C
   * receives a longer run.
   */
  static final int NB_NT = 96;
  /** {@link #NB_NT} with three panels of A: a multiple of {@link #MR_NT3}. */
  static final int NB_NT3 = 99;
  /**
   * Rows of C past its last whole panel that the few-row NT path computes as dot products along
   * k instead of in one more panel of L lanes (when k is a multiple of L and at least {@link
   * #DOT_MIN_VECTORS} vectors): c's {@code O = S V^T}, 35 = 32 + 3 rows and k 256, ran 13-25%
   * faster, 51 = 48 + 3 rows 3-10%; b's, 20 = 16 + 4 rows and k 100 (a scalar tail along k),
   * 10-30% slower ({@code rnn-bench/results/2026-12-07-nt-dot-rows.csv}).
   */
  static final int DOT_MAX_ROWS = 4;
  /** Whole vectors along k each dot product of {@link #DOT_MAX_ROWS} needs (k 128 with floats). */
  static final int DOT_MIN_VECTORS = 8;
}

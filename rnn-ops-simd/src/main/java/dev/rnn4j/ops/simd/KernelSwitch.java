package dev.rnn4j.ops.simd;

/**
 * Whether the GEMM micro-kernels run as vector code (the default) or as their exact twins ({@link
 * DoubleGemmTwins}, {@link FloatGemmTwins}: plain loops, the same bits). An experiment: system
 * property {@code rnn4j.simd.twins=always} runs the twins only, to measure whether code that is
 * fast before C2 has compiled the vector kernels shortens a run's first epoch (it does not: see
 * {@code rnn-bench/results/2026-12-06-time-to-result-twins.csv}).
 */
final class KernelSwitch {
  private KernelSwitch() {}

  /** Whether the vector micro-kernels run (false with {@code -Drnn4j.simd.twins=always}). */
  static final boolean GEMM_VECTOR = !"always".equals(System.getProperty("rnn4j.simd.twins"));
}

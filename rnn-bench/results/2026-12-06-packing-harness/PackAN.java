package dev.rnn4j.ops.simd;
import jdk.incubator.vector.*;
public class PackAN {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512; static final int L = 16;
  static final int[] MAP6 = new int[L], MAP64 = new int[L];
  static { for (int j = 0; j < L; j++) { MAP6[j] = 6 * j; MAP64[j] = 64 * j; } }
  // along rows: used rows of from (step apart) each gives kc elements; to[idx + p*width + q] = scale*from[src + q*step + p]
  static void scatter(float[] from, int src, int step, int used, int width, int kc, float scale, float[] to, int idx, int[] map) {
    for (int q = 0; q < used; q++) {
      int s = src + q * step; int p = 0;
      for (; p <= kc - L; p += L) FloatVector.fromArray(S, from, s + p).mul(scale).intoArray(to, idx + p * width + q, map, 0);
      for (; p < kc; p++) to[idx + p * width + q] = scale * from[s + p];
    }
  }
  static int[] gmap = new int[L]; static int gstep = -1;
  static void gather(float[] from, int src, int step, int used, int width, int kc, float scale, float[] to, int idx) {
    if (gstep != step) { for (int j = 0; j < L; j++) gmap[j] = j * step; gstep = step; }
    for (int q = 0; q < used; q += L) {
      int s = src + q * step;
      for (int p = 0; p < kc; p++) FloatVector.fromArray(S, from, s + p, gmap, 0).mul(scale).intoArray(to, idx + p * width + q);
    }
  }
  static int[][] g6 = new int[3][L]; static int g6step = -1;
  static void gather6(float[] from, int src, int step, int kc, float scale, float[] to, int idx) {
    if (g6step != step) { for (int c = 0; c < 3; c++) for (int j = 0; j < L; j++) { int t = 16 * c + j; g6[c][j] = (t % 6) * step + t / 6; } g6step = step; }
    int p = 0;
    for (; p <= kc - 8; p += 8) {
      int d = idx + p * 6;
      FloatVector.fromArray(S, from, src + p, g6[0], 0).mul(scale).intoArray(to, d);
      FloatVector.fromArray(S, from, src + p, g6[1], 0).mul(scale).intoArray(to, d + 16);
      FloatVector.fromArray(S, from, src + p, g6[2], 0).mul(scale).intoArray(to, d + 32);
    }
    for (; p < kc; p++) for (int r = 0; r < 6; r++) to[idx + p * 6 + r] = scale * from[src + r * step + p];
  }
  // p-outer with 6 rows side by side, 4-wide unroll
  static void side(float[] from, int src, int step, int used, int width, int kc, float scale, float[] to, int idx) {
    int s0 = src, s1 = src + step, s2 = src + 2 * step, s3 = src + 3 * step, s4 = src + 4 * step, s5 = src + 5 * step;
    for (int p = 0, d = idx; p < kc; p++, d += 6) {
      to[d] = scale * from[s0 + p]; to[d + 1] = scale * from[s1 + p]; to[d + 2] = scale * from[s2 + p];
      to[d + 3] = scale * from[s3 + p]; to[d + 4] = scale * from[s4 + p]; to[d + 5] = scale * from[s5 + p];
    }
  }
  interface P { void run(float[] a, int lda, int i0, int mc, int p0, int kc, float alpha, float[] ap); }
  public static void main(String[] args) {
    String mode = args[2]; // A or B
    int rows = Integer.parseInt(args[3]), k = Integer.parseInt(args[4]), ld = Integer.parseInt(args[5]);
    float[] a = new float[rows * ld + 64];
    for (int i = 0; i < a.length; i++) a[i] = i * 1e-7f;
    float[] ap = new float[1024 * 512 + 4096], ref = new float[ap.length];
    String[] which = args[0].split(","); int rounds = Integer.parseInt(args[1]);
    int w = mode.equals("A") ? 6 : 64, mcMax = mode.equals("A") ? 384 : 1024;
    P[] ps = new P[which.length];
    for (int i = 0; i < which.length; i++) {
      final int width = w;
      switch (which[i]) {
        case "cur": ps[i] = mode.equals("A") ? (x, lda, i0, mc, p0, kc, al, o) -> FloatPacking.packA(false, x, 0, lda, i0, mc, p0, kc, al, 6, o)
                                            : (x, lda, i0, mc, p0, kc, al, o) -> FloatPacking.packB(true, x, 0, lda, p0, kc, i0, mc, al, 64, o); break;
        case "scatter": ps[i] = (x, lda, i0, mc, p0, kc, al, o) -> { for (int ip = 0, idx = 0; ip < mc; ip += width, idx += width * kc) scatter(x, i0 * lda + ip * lda + p0, lda, width, width, kc, al, o, idx, width == 6 ? MAP6 : MAP64); }; break;
        case "gather": ps[i] = (x, lda, i0, mc, p0, kc, al, o) -> { for (int ip = 0, idx = 0; ip < mc; ip += width, idx += width * kc) gather(x, i0 * lda + ip * lda + p0, lda, width, width, kc, al, o, idx); }; break;
        case "gather6": ps[i] = (x, lda, i0, mc, p0, kc, al, o) -> { for (int ip = 0, idx = 0; ip < mc; ip += 6, idx += 6 * kc) gather6(x, i0 * lda + ip * lda + p0, lda, kc, al, o, idx); }; break;
        case "side": ps[i] = (x, lda, i0, mc, p0, kc, al, o) -> { for (int ip = 0, idx = 0; ip < mc; ip += width, idx += width * kc) side(x, i0 * lda + ip * lda + p0, lda, width, width, kc, al, o, idx); }; break;
      }
    }
    double[][] t = new double[which.length][rounds];
    for (int r = -2; r < rounds; r++) {
      for (int v = 0; v < which.length; v++) {
        long t0 = System.nanoTime(); long el = 0;
        while (System.nanoTime() - t0 < 200_000_000L) {
          for (int ic = 0; ic + mcMax <= rows; ic += mcMax) for (int pc = 0; pc + 128 <= k; pc += 128) { ps[v].run(a, ld, ic, mcMax, pc, 128, 0.5f, ap); el += mcMax * 128; }
        }
        if (r >= 0) t[v][r] = (System.nanoTime() - t0) / (double) el;
      }
    }
    ps[0].run(a, ld, 0, mcMax, 0, 128, 0.5f, ref);
    for (int v = 0; v < which.length; v++) { java.util.Arrays.fill(ap, 0); ps[v].run(a, ld, 0, mcMax, 0, 128, 0.5f, ap);
      System.out.print(which[v] + (java.util.Arrays.equals(java.util.Arrays.copyOf(ap, mcMax*128), java.util.Arrays.copyOf(ref, mcMax*128)) ? " same " : " DIFF ")); }
    System.out.println();
    for (int v = 0; v < which.length; v++) { double[] x = t[v].clone(); java.util.Arrays.sort(x); double[] rr = new double[rounds]; for (int r = 0; r < rounds; r++) rr[r] = t[v][r] / t[0][r]; java.util.Arrays.sort(rr);
      System.out.printf("%s median %.3f ns/el, paired ratio to first %.3f%n", which[v], x[rounds/2], rr[rounds/2]); }
  }
}

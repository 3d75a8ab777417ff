package dev.rnn4j.ops.simd;
import jdk.incubator.vector.*;
public class PackAT {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512; static final int L = 16;
  // op(A) = A^T: A is (k rows) x (m cols) with lda; pack op(A)[i0..i0+mc) x [p0..p0+kc) into panels of mr rows, k-major
  static void scalarPanelOuter(float[] a, int lda, int i0, int mc, int p0, int kc, float alpha, int mr, float[] ap) {
    for (int ip = 0, idx = 0; ip < mc; ip += mr, idx += mr * kc) {
      int src = p0 * lda + i0 + ip;
      for (int p = 0; p < kc; p++) { int s = src + p * lda, d = idx + p * mr; for (int q = 0; q < mr; q++) ap[d + q] = alpha * a[s + q]; }
    }
  }
  static void vecPanelOuter(float[] a, int lda, int i0, int mc, int p0, int kc, float alpha, int mr, float[] ap) {
    for (int ip = 0, idx = 0; ip < mc; ip += mr, idx += mr * kc) {
      int src = p0 * lda + i0 + ip; int end = idx + kc * mr;
      for (int p = 0; p < kc; p++) { int s = src + p * lda, d = idx + p * mr;
        if (d + L <= end && s + L <= a.length) FloatVector.fromArray(S, a, s).mul(alpha).intoArray(ap, d);
        else for (int q = 0; q < mr; q++) ap[d + q] = alpha * a[s + q]; }
    }
  }
  static void vecRowOuter(float[] a, int lda, int i0, int mc, int p0, int kc, float alpha, int mr, float[] ap) {
    int panels = mc / mr;
    int pv = kc - 3; // rows whose vector stays inside its panel
    for (int p = 0; p < kc; p++) {
      int s = (p0 + p) * lda + i0, d = p * mr;
      if (p < pv) {
        for (int q = 0; q < panels; q++, s += mr, d += mr * kc) FloatVector.fromArray(S, a, s).mul(alpha).intoArray(ap, d);
      } else {
        for (int q = 0; q < panels; q++, s += mr, d += mr * kc) for (int r = 0; r < mr; r++) ap[d + r] = alpha * a[s + r];
      }
    }
  }
  // blocks of 8 rows of A (p) then panels: keeps 8 pages in flight
  static void vecRowBlock(float[] a, int lda, int i0, int mc, int p0, int kc, float alpha, int mr, float[] ap) {
    int panels = mc / mr; int pv = kc - 3;
    for (int pb = 0; pb < kc; pb += 8) {
      int pe = Math.min(kc, pb + 8);
      for (int q = 0; q < panels; q++) {
        int idx = q * mr * kc;
        for (int p = pb; p < pe; p++) {
          int s = (p0 + p) * lda + i0 + q * mr, d = idx + p * mr;
          if (p < pv) FloatVector.fromArray(S, a, s).mul(alpha).intoArray(ap, d);
          else for (int r = 0; r < mr; r++) ap[d + r] = alpha * a[s + r];
        }
      }
    }
  }
  public static void main(String[] args) {
    int k = 1120, ld = 10000, m = Integer.parseInt(args[2]);
    float[] a = new float[k * ld + 64];
    for (int i = 0; i < a.length; i++) a[i] = i * 1e-7f;
    float[] ap = new float[384 * 512 + 4096], ref = new float[ap.length];
    String[] which = args[0].split(","); int rounds = Integer.parseInt(args[1]);
    double[][] t = new double[which.length][rounds];
    for (int r = -2; r < rounds; r++) {
      for (int w = 0; w < which.length; w++) {
        long t0 = System.nanoTime(); long el = 0;
        while (System.nanoTime() - t0 < 200_000_000L) {
          for (int ic = 0; ic < m; ic += 384) for (int pc = 0; pc < k; pc += 128) {
            int mc = Math.min(384, m - ic), kc = Math.min(128, k - pc);
            switch (which[w]) {
              case "cur": FloatPacking.packA(true, a, 0, ld, ic, mc, pc, kc, 0.5f, 6, ap); break;
              case "spo": scalarPanelOuter(a, ld, ic, mc, pc, kc, 0.5f, 6, ap); break;
              case "vpo": vecPanelOuter(a, ld, ic, mc, pc, kc, 0.5f, 6, ap); break;
              case "vro": vecRowOuter(a, ld, ic, mc, pc, kc, 0.5f, 6, ap); break;
              case "vrb": vecRowBlock(a, ld, ic, mc, pc, kc, 0.5f, 6, ap); break;
            }
            el += mc * kc;
          }
        }
        if (r >= 0) t[w][r] = (System.nanoTime() - t0) / (double) el;
      }
    }
    // check equality of results on one block
    FloatPacking.packA(true, a, 0, ld, 0, 384, 0, 128, 0.5f, 6, ref);
    for (String w : which) { java.util.Arrays.fill(ap, 0); switch (w) { case "cur": FloatPacking.packA(true, a, 0, ld, 0, 384, 0, 128, 0.5f, 6, ap); break; case "spo": scalarPanelOuter(a, ld, 0, 384, 0, 128, 0.5f, 6, ap); break; case "vpo": vecPanelOuter(a, ld, 0, 384, 0, 128, 0.5f, 6, ap); break; case "vro": vecRowOuter(a, ld, 0, 384, 0, 128, 0.5f, 6, ap); break; case "vrb": vecRowBlock(a, ld, 0, 384, 0, 128, 0.5f, 6, ap); break; }
      System.out.print(w + (java.util.Arrays.equals(java.util.Arrays.copyOf(ap, 384*128), java.util.Arrays.copyOf(ref, 384*128)) ? " same " : " DIFF ")); }
    System.out.println();
    for (int w = 0; w < which.length; w++) { double[] x = t[w].clone(); java.util.Arrays.sort(x); double[] rr = new double[rounds]; for (int r = 0; r < rounds; r++) rr[r] = t[w][r] / t[0][r]; java.util.Arrays.sort(rr);
      System.out.printf("%s median %.3f ns/el, paired ratio to first %.3f%n", which[w], x[rounds/2], rr[rounds/2]); }
  }
}

package dev.rnn4j.ops.simd;

import static dev.rnn4j.ops.simd.DoubleGemmShapes.L;
import static dev.rnn4j.ops.simd.DoubleGemmShapes.S;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The register kernel of {@link DoubleGemvBatch}: one packed panel of {@link DoubleGemv} (four
 * vectors of rows) times four vectors, sixteen accumulators. A template (expanded by {@code
 * src/build/KernelTemplates.java}), as the other kernels: the accumulators are named locals, since
 * a vector held in an array or passed to a method C2 does not inline is boxed.
 */
final class DoubleGemvBatchKernel {
  private DoubleGemvBatchKernel() {}

  /**
   * One panel times four vectors ({@code x_r} from {@code xOff + r * ldx}, {@code y_r} from {@code
   * yOff + r * ldy}), each output lane one multiply-add chain over the columns from column 0, as
   * {@link DoubleGemv#gemvPanels} computes it; the sums go through the thread's tile and are then
   * scaled and stored as {@code gemvPanels} stores them ({@link DoubleGemvBatch#storePanelRow}).
   */
  static void panelTimesFour(int panel, int rows, int cols, double alpha, double[] a, int aOff,
      double[] x, int xOff, int ldx, double beta, double[] y, int yOff, int ldy) {
    int pr = 4 * L;
    int idx = aOff + panel * pr * cols;
    DoubleVector z = DoubleVector.zero(S);
    //@ for r in 0..3
    //@ for v in 0..3
    DoubleVector c{r}{v} = z;
    //@ end
    //@ end
    //@ for r in 0..3
    int x{r} = xOff{+r*ldx};
    //@ end
    for (int j = 0; j < cols; j++, idx += pr) {
      //@ for v in 0..3
      DoubleVector a{v} = DoubleVector.fromArray(S, a, idx{+v*L});
      //@ end
      //@ for r in 0..3
      {r=0?DoubleVector b:b} = DoubleVector.broadcast(S, x[x{r} + j]);
      //@ for v in 0..3
      c{r}{v} = a{v}.lanewise(VectorOperators.FMA, b, c{r}{v});
      //@ end
      //@ end
    }
    double[] tile = DoubleBuffers.get().tile;
    //@ for r in 0..3
    //@ for v in 0..3
    c{r}{v}.intoArray(tile, {r*pr+v*L});
    //@ end
    //@ end
    for (int r = 0; r < 4; r++) {
      DoubleGemvBatch.storePanelRow(tile, r * pr, panel * pr, rows, alpha, beta, y,
          yOff + r * ldy);
    }
  }
}

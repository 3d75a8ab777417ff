package dev.rnn4j.testkit.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.Activation;
import dev.rnn4j.api.ops.ArgmaxProducts;
import dev.rnn4j.api.ops.BatchedPackedProducts;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Every operation of a backend, and every capability it offers, on tensors whose element 0 lies
 * past the start of their arrays ({@link Tensor#zerosWithStart}, as rnn4j allocates a large
 * weight), against the same operation on the same values starting at 0. The offsets passed to
 * the operations are relative to {@link Tensor#start()}; a backend that indexes the arrays from 0
 * reads and writes other elements and fails here by far more than the tolerance, which only
 * allows a backend to sum in another order when the data lies elsewhere.
 */
final class StorageStartCheck {
  /** Where the shifted tensors start: not a multiple of any vector length. */
  private static final int START = 5;

  /** One operation on tensors made by {@code make}; returns everything it wrote or returned. */
  private interface Case {
    void run(TensorOps ops, Maker make, List<Tensor> outputs, List<Double> results);
  }

  /** Makes tensors of one start, filled from the case's own seeded random numbers. */
  private static final class Maker {
    final DType dtype;
    final int start;
    final Random rnd = new Random(17);

    Maker(DType dtype, int start) {
      this.dtype = dtype;
      this.start = start;
    }

    Tensor random(int size) {
      Tensor t = Tensor.zerosWithStart(dtype, start, size);
      for (int i = 0; i < size; i++) {
        t.set(i, rnd.nextDouble() * 2 - 1);
      }
      return t;
    }
  }

  private StorageStartCheck() {}

  static void check(TensorOps ops, DType dtype) {
    List<String> names = new ArrayList<>();
    List<Case> cases = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      boolean ta = t >= 2;
      boolean tb = (t & 1) == 1;
      names.add("gemm transA=" + ta + " transB=" + tb);
      cases.add((o, mk, out, res) -> {
        Tensor a = mk.random(3 + 21 * 23);
        Tensor b = mk.random(2 + 21 * 40);
        Tensor c = mk.random(1 + 23 * 40);
        o.gemm(ta, tb, 23, 37, 21, 0.75, a, 3, ta ? 23 : 21, b, 2, tb ? 21 : 40, 0.5, c, 1, 40);
        out.add(c);
      });
    }
    for (boolean t : new boolean[] {false, true}) {
      names.add("gemv transA=" + t);
      cases.add((o, mk, out, res) -> {
        Tensor a = mk.random(4 + 31 * 40);
        Tensor x = mk.random(40);
        Tensor y = mk.random(40);
        o.gemv(t, 31, 37, 1.5, a, 4, 40, x, 1, 0.5, y, 2);
        out.add(y);
      });
    }
    int[] ids = {3, -1, 0, 3, 6};
    names.add("gatherRows");
    cases.add((o, mk, out, res) -> {
      Tensor table = mk.random(7 * 19);
      Tensor rows = mk.random(2 + 5 * 19);
      o.gatherRows(table, 19, ids, 0, ids.length, rows, 2);
      out.add(rows);
    });
    names.add("scatterAddRows");
    cases.add((o, mk, out, res) -> {
      Tensor src = mk.random(1 + 5 * 19);
      Tensor table = mk.random(7 * 19);
      o.scatterAddRows(src, 1, 19, ids, 0, ids.length, table);
      out.add(table);
    });
    names.add("addRowVector and addColumnSums");
    cases.add((o, mk, out, res) -> {
      Tensor v = mk.random(3 + 33);
      Tensor m = mk.random(2 + 9 * 33);
      Tensor sums = mk.random(1 + 33);
      o.addRowVector(9, 33, v, 3, m, 2);
      o.addColumnSums(9, 33, m, 2, sums, 1);
      out.add(m);
      out.add(sums);
    });
    names.add("softmaxCrossEntropy");
    cases.add((o, mk, out, res) -> {
      Tensor logits = mk.random(3 + 4 * 29);
      double[] rowLoss = new double[4];
      res.add(o.softmaxCrossEntropy(4, 29, logits, 3, new int[] {0, 5, -1, 28}, 0, rowLoss, true));
      out.add(logits);
      for (double l : rowLoss) {
        res.add(l);
      }
    });
    for (Activation f : Activation.values()) {
      names.add("activate and activateBackward " + f);
      cases.add((o, mk, out, res) -> {
        Tensor x = mk.random(2 + 37);
        Tensor y = mk.random(1 + 37);
        Tensor dy = mk.random(37);
        Tensor dx = mk.random(4 + 37);
        o.activate(f, 37, x, 2, y, 1);
        o.activateBackward(f, 37, y, 1, dy, 0, dx, 4, true);
        out.add(y);
        out.add(dx);
      });
    }
    names.add("multiply, axpy, scale, clip and flushBelow");
    cases.add((o, mk, out, res) -> {
      Tensor a = mk.random(1 + 41);
      Tensor b = mk.random(2 + 41);
      Tensor c = mk.random(3 + 41);
      o.multiply(41, a, 1, b, 2, c, 3, true);
      o.axpy(41, -0.25, a, 1, c, 3);
      o.scale(41, 1.5, b, 2);
      o.clip(41, -0.5, 0.5, b, 2);
      a.set(7, 1e-40);
      o.flushBelow(41, 1e-30, a, 1);
      out.add(a);
      out.add(b);
      out.add(c);
    });
    names.add("dot, sumOfSquares and argmax");
    cases.add((o, mk, out, res) -> {
      Tensor x = mk.random(2 + 43);
      Tensor y = mk.random(1 + 43);
      res.add(o.dot(43, x, 2, y, 1));
      res.add(o.sumOfSquares(43, x, 2));
      res.add((double) o.argmax(43, x, 2));
    });
    ops.capability(PackedProducts.class).ifPresent(p -> {
      names.add("PackedProducts");
      cases.add((o, mk, out, res) -> {
        Tensor a = mk.random(3 + 70 * 45);
        Tensor x = mk.random(1 + 70);
        Tensor y = mk.random(2 + 70);
        PackedMatrix plain = p.pack(false, a, 3, 45, 70, 41, null);
        p.gemv(plain, 1, x, 1, 0.5, y, 2);
        PackedMatrix transposed = p.pack(true, a, 3, 45, 41, 70, null);
        p.gemv(transposed, 1, y, 2, 0, x, 1);
        out.add(x);
        out.add(y);
      });
    });
    ops.capability(BatchedPackedProducts.class).ifPresent(p -> {
      names.add("BatchedPackedProducts");
      cases.add((o, mk, out, res) -> {
        Tensor a = mk.random(2 + 70 * 41);
        Tensor x = mk.random(1 + 5 * 41);
        Tensor y = mk.random(3 + 5 * 70);
        PackedMatrix packed = p.pack(false, a, 2, 41, 70, 41, null);
        p.gemvBatch(packed, 5, 1, x, 1, 41, 0.5, y, 3, 70);
        out.add(y);
      });
    });
    ops.capability(FusedLinearStep.class).ifPresent(f -> {
      names.add("FusedLinearStep");
      cases.add((o, mk, out, res) -> {
        Tensor dy = mk.random(1 + 6 * 53);
        Tensor x = mk.random(2 + 6 * 37);
        Tensor w = mk.random(3 + 53 * 37);
        Tensor dx = mk.random(4 + 6 * 37);
        f.linearBackwardStep(6, 53, 37, dy, 1, x, 2, -0.1, w, 3, 0.5, dx, 4);
        out.add(w);
        out.add(dx);
      });
    });
    ops.capability(ArgmaxProducts.class).ifPresent(p -> {
      names.add("ArgmaxProducts");
      cases.add((o, mk, out, res) -> {
        Tensor a = mk.random(2 + 300 * 33);
        Tensor x = mk.random(1 + 33);
        Tensor b = mk.random(3 + 300);
        Tensor y = mk.random(4 + 300);
        PackedMatrix packed = p.packForArgmax(a, 2, 33, 300, 33);
        res.add((double) p.argmax(packed, x, 1, b, 3, new int[] {7}, y, 4));
      });
    });
    for (int i = 0; i < cases.size(); i++) {
      compare(ops, dtype, names.get(i), cases.get(i));
    }
  }

  private static void compare(TensorOps ops, DType dtype, String name, Case c) {
    List<Tensor> plainOut = new ArrayList<>();
    List<Double> plainRes = new ArrayList<>();
    c.run(ops, new Maker(dtype, 0), plainOut, plainRes);
    List<Tensor> shiftedOut = new ArrayList<>();
    List<Double> shiftedRes = new ArrayList<>();
    c.run(ops, new Maker(dtype, START), shiftedOut, shiftedRes);
    String what = name + " " + dtype + " on tensors starting at element " + START
        + " of their arrays, against the same at 0";
    double tol = dtype == DType.F32 ? 1e-5 : 1e-12;
    for (int t = 0; t < plainOut.size(); t++) {
      assertEquals(START, shiftedOut.get(t).start(), what + ": a tensor's start changed");
      KitChecks.assertAllClose(plainOut.get(t), shiftedOut.get(t), tol, tol, dtype,
          what + " (output " + t + ")");
    }
    for (int r = 0; r < plainRes.size(); r++) {
      KitChecks.assertClose(plainRes.get(r), shiftedRes.get(r),
          tol * Math.max(1, Math.abs(plainRes.get(r))), what, "result " + r);
    }
  }
}

package dev.rnn4j.core;

import dev.rnn4j.api.Parameter;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import java.util.SplittableRandom;

/** Central differences in float64 against the model's BPTT gradients. */
final class NumericGradients {
  private NumericGradients() {}

  /** Random ids (few distinct: repeated tokens), the last sequence 2 steps shorter when batch > 1. */
  static int[][] paddedBatch(SplittableRandom random, int m, int steps, int batch) {
    int[] x = new int[steps * batch];
    int[] y = new int[steps * batch];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(Math.max(2, m / 2));
      y[i] = random.nextInt(m);
    }
    if (batch > 1) {
      for (int t = steps - 2; t < steps; t++) {
        x[t * batch + batch - 1] = -1;
        y[t * batch + batch - 1] = -1;
      }
    }
    return new int[][] {x, y};
  }

  /** Adds Uniform(±0.1) to every weight so that zero biases do not hide a path. */
  static void perturb(RnnLanguageModel model, SplittableRandom random) {
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        p.value().set(i, p.value().get(i) + (random.nextDouble() - 0.5) * 0.2);
      }
    }
  }

  /**
   * Runs forward, loss and backward in {@code ws}, then compares every gradient element with
   * {@code (L(w + eps) - L(w - eps)) / 2eps} computed in the same workspace (so the same dropout
   * masks, which are not redrawn).
   *
   * @return a description of the worst element, starting with its relative error
   */
  static String worst(RnnLanguageModel model, ModelWorkspace ws, int[] x, int[] y, int steps) {
    model.zeroGrad();
    model.forward(ws, x, 0, steps, null);
    model.loss(ws, y, 0, null, true);
    model.backward(ws, x, 0);
    double eps = 1e-5;
    double worst = 0;
    String where = "0";
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        double old = p.value().get(i);
        p.value().set(i, old + eps);
        double plus = loss(model, ws, x, y, steps);
        p.value().set(i, old - eps);
        double minus = loss(model, ws, x, y, steps);
        p.value().set(i, old);
        double numeric = (plus - minus) / (2 * eps);
        double analytic = p.grad().get(i);
        double err = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
        if (err > worst) {
          worst = err;
          where = err + " at " + p.name() + "[" + i + "] numeric " + numeric + " analytic " + analytic;
        }
      }
    }
    return where;
  }

  /** @return the relative error at the start of a {@link #worst} description */
  static double error(String worst) {
    return Double.parseDouble(worst.split(" ")[0]);
  }

  private static double loss(RnnLanguageModel model, ModelWorkspace ws, int[] x, int[] y, int steps) {
    model.forward(ws, x, 0, steps, null);
    return model.loss(ws, y, 0, null, false);
  }
}

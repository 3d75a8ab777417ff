package dev.rnn4j.testkit.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellInput;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.ops.TensorOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The part of {@link CellConformanceTest} for the optional state-gradient capability ({@link
 * Cell#recordsStateGradients()}): a cell that records them must record, for a loss {@code g · h_T}
 * of the last output, the gradient with respect to each step's carried state that central
 * differences give (perturbing the state passed on from step k, float64). Skipped for a cell
 * without the capability.
 */
public abstract class CellStateGradientChecks {
  private static final int[] IDS = {2, 5, 1, 6, 3, 0};

  /** @return the provider of the cell under test */
  protected abstract CellProvider provider();

  /** @return the options every cell of the kit is created with */
  protected abstract Options cellOptions();

  /** @return the backend the cells run on */
  protected abstract TensorOps ops();

  @Test
  void recordedStateGradientsMatchCentralDifferences() {
    int n = 4;
    Cell cell = provider().create(new CellSpec("layers.0.", 7, n, DType.F64, cellOptions()), ops(),
        new SplittableRandom(5));
    Assumptions.assumeTrue(cell.recordsStateGradients(), "the cell does not record state gradients");
    int steps = IDS.length;
    int width = cell.stateWidth();
    double[] g = {0.7, -1.3, 0.4, 1.1};
    CellWorkspace ws = cell.newWorkspace(steps, 1);
    Tensor record = Tensor.zeros(DType.F64, steps, width);
    ws.recordStateGradients(record);
    cell.forward(ws, CellInput.tokens(IDS, 0), null, steps);
    Tensor dOut = Tensor.zeros(DType.F64, steps, n);
    for (int j = 0; j < n; j++) {
      dOut.set((steps - 1) * n + j, g[j]);
    }
    cell.backward(ws, CellInput.tokens(IDS, 0), dOut, null, steps);
    for (int k = 0; k < steps - 1; k++) {
      for (int j = 0; j < width; j++) {
        double h = 1e-6;
        double fd = (loss(cell, g, k, j, h) - loss(cell, g, k, j, -h)) / (2 * h);
        assertEquals(fd, record.get(k * width + j), 1e-7 * Math.max(1, Math.abs(fd)),
            "dL/d(state of step " + k + ")[" + j + "]");
      }
    }
    for (int j = 0; j < width; j++) { // the last step: only the output h_T is read, by the loss
      assertEquals(j < n ? g[j] : 0, record.get((steps - 1) * width + j), 1e-12, "last step [" + j + "]");
    }
  }

  /** @return {@code g · h_T} after running steps 0..k, adding {@code delta} to entry j of the state, and the rest */
  private double loss(Cell cell, double[] g, int k, int j, double delta) {
    CellWorkspace first = cell.newWorkspace(IDS.length, 1);
    cell.forward(first, CellInput.tokens(IDS, 0), null, k + 1);
    Tensor state = first.finalState().copy();
    state.set(j, state.get(j) + delta);
    int rest = IDS.length - k - 1;
    CellWorkspace second = cell.newWorkspace(IDS.length, 1);
    cell.forward(second, CellInput.tokens(IDS, k + 1), state, rest);
    double sum = 0;
    for (int u = 0; u < g.length; u++) {
      sum += g[u] * second.outputs().get((rest - 1) * g.length + u);
    }
    return sum;
  }
}

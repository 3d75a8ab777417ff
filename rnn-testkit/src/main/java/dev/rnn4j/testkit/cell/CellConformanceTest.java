package dev.rnn4j.testkit.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.cell.Cell;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.cell.CellSpec;
import dev.rnn4j.api.cell.CellWorkspace;
import dev.rnn4j.api.ops.FusedLinearStep;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.loss.SoftmaxCrossEntropyProvider;
import dev.rnn4j.core.model.ModelConfig;
import dev.rnn4j.core.model.ModelWorkspace;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conformance kit for recurrent {@link Cell}s: a cell is exercised inside a small {@link
 * RnnLanguageModel} (token input in the first layer, dense input from the layer below in the
 * second) and must
 *
 * <ul>
 *   <li>back-propagate exactly: every parameter gradient agrees with float64 central differences
 *       of the summed cross-entropy (1 and 2 layers, batch 1 and batch 3 with right padding,
 *       repeated tokens, with and without an initial state; fourth-order differences), relative
 *       error below {@link #gradientTolerance()};
 *   <li>honour the initial state: a non-zero state changes the outputs, an all-zero state gives
 *       the same outputs as none;
 *   <li>generate as it trains: one step at a time, carrying {@link CellWorkspace#finalState()}
 *       into the next step, gives the outputs of one forward pass over the whole sequence;
 *   <li>agree between float32 and float64 (logits within 1e-5 relative), stay finite with large
 *       weights on long sequences, give the same results in a larger, reused workspace;
 *   <li>if it steps parameters in backward ({@link Cell#parametersSteppedInBackward()}), give
 *       them the values of the usual backward followed by a plain step;
 *   <li>name its parameters with the spec's prefix, draw its initial weights only from the given
 *       random source, and reject unknown options.
 * </ul>
 *
 * <h2>Testing your own cell</h2>
 *
 * Add {@code dev.rnn4j:rnn-testkit} as a test dependency and write one class in your test folder:
 *
 * <pre>{@code
 * class MyCellConformanceTest extends CellConformanceTest {
 *   @Override
 *   protected CellProvider provider() {
 *     return new MyCellProvider();
 *   }
 * }
 * }</pre>
 *
 * Override {@link #cellOptions()} to test a non-default configuration and {@link #ops()} to run
 * the kit on another backend. Models are tiny (a vocabulary of 7, 4 hidden units, 5 steps), so
 * the whole kit runs in well under a second per cell.
 */
public abstract class CellConformanceTest extends CellStateGradientChecks {
  private static final int VOCAB = 7;
  private static final int HIDDEN = 4;
  private static final int STEPS = 5;
  /** The points of the fourth-order central difference, in units of the step. */
  private static final int[] STENCIL = {-2, 1, -1, 2};

  /** @return the provider of the cell under test */
  protected abstract CellProvider provider();

  /** @return the options every cell of the kit is created with (none by default) */
  @Override
  protected Options cellOptions() {
    return Options.empty();
  }

  /** @return the backend the models run on (the scalar reference by default) */
  @Override
  protected TensorOps ops() {
    return ScalarTensorOpsProvider.reference();
  }

  /**
   * @return the largest relative error allowed between BPTT and the fourth-order central
   *     difference {@code (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h}, {@code h = 1e-4}, whose own
   *     error stays below 1e-7 on the kit's models (a wrong gradient is off by far more than
   *     1e-6)
   */
  protected double gradientTolerance() {
    return 1e-6;
  }

  /**
   * @return whether the outputs are bounded whatever the weights (true for tanh and gated cells),
   *     so that the finiteness check may use very large weights; return false for an unbounded
   *     activation such as relu, which legitimately overflows then
   */
  protected boolean boundedOutputs() {
    return true;
  }

  // ------------------------------------------------------------------ gradients

  @ParameterizedTest(name = "layers={0} batch={1}")
  @CsvSource({"1, 1", "2, 1", "1, 3", "2, 3"})
  void bpttGradientsMatchCentralDifferences(int layers, int batch) {
    RnnLanguageModel model = model(layers, DType.F64, 11L * layers + batch);
    Batch data = batch(batch, STEPS, 5L * layers + batch);
    assertGradientsMatch(model, data, null);
  }

  @ParameterizedTest(name = "layers={0} batch={1}")
  @CsvSource({"1, 1", "2, 3"})
  void bpttGradientsWithAnInitialStateMatchCentralDifferences(int layers, int batch) {
    RnnLanguageModel model = model(layers, DType.F64, 17L * layers + batch);
    Batch data = batch(batch, STEPS, 3L * layers + batch);
    assertGradientsMatch(model, data, randomStates(model, batch, 99));
  }

  private void assertGradientsMatch(RnnLanguageModel model, Batch data, Tensor[] states) {
    ModelWorkspace ws = model.newWorkspace(data.steps, data.batch);
    model.zeroGrad();
    model.forward(ws, data.x, 0, data.steps, states);
    model.loss(ws, data.y, 0, null, true);
    model.backward(ws, data.x, 0);
    double h = 1e-4;
    double worst = 0;
    String where = "";
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        double old = p.value().get(i);
        double[] f = new double[4];
        for (int k = 0; k < 4; k++) {
          p.value().set(i, old + STENCIL[k] * h);
          f[k] = loss(model, ws, data, states);
        }
        p.value().set(i, old);
        double numeric = (f[0] - f[3] + 8 * (f[1] - f[2])) / (12 * h);
        double analytic = p.grad().get(i);
        double err = Math.abs(numeric - analytic)
            / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
        if (!(err <= worst)) {
          worst = err;
          where = p.name() + "[" + i + "] numeric " + numeric + " analytic " + analytic;
        }
      }
    }
    assertTrue(worst < gradientTolerance(), "worst relative error " + worst + " at " + where);
  }

  private static double loss(RnnLanguageModel model, ModelWorkspace ws, Batch data, Tensor[] states) {
    model.forward(ws, data.x, 0, data.steps, states);
    return model.loss(ws, data.y, 0, null, false);
  }

  // ------------------------------------------------------------------ stepping in backward

  /**
   * A cell's {@link Cell#parametersSteppedInBackward()} (an optional capability; nothing to check
   * when empty) are its own parameters. Stepped in backward through {@link
   * RnnLanguageModel#backwardStepping} (with V, by the backend's {@link FusedLinearStep}), they get
   * the values of the usual backward followed by a plain step, their gradients stay zero, the
   * other gradients are the usual ones; and a later plain backward writes their gradients again.
   */
  @ParameterizedTest(name = "layers={0} batch={1}")
  @CsvSource({"1, 1", "2, 3"})
  void steppingInBackwardGivesTheValuesOfBackwardThenAPlainStep(int layers, int batch) {
    FusedLinearStep fusedOps = ops().capability(FusedLinearStep.class).orElse(null);
    assumeTrue(fusedOps != null, "the backend has no fused linear step");
    RnnLanguageModel usual = model(layers, DType.F64, 11);
    RnnLanguageModel fused = model(layers, DType.F64, 11);
    Set<Parameter> stepped = new HashSet<>(List.of(fused.parameter("V")));
    for (int l = 0; l < layers; l++) {
      Cell cell = fused.cell(l);
      assertTrue(cell.parameters().containsAll(cell.parametersSteppedInBackward()),
          "parametersSteppedInBackward() must be among parameters()");
      stepped.addAll(cell.parametersSteppedInBackward());
    }
    Batch data = batch(batch, STEPS, 17);
    Tensor[] states = randomStates(usual, batch, 23);
    double step = -0.1;
    ModelWorkspace usualWs = usual.newWorkspace(data.steps, data.batch);
    usual.zeroGrad();
    usual.forward(usualWs, data.x, 0, data.steps, states);
    usual.loss(usualWs, data.y, 0, null, true);
    usual.backward(usualWs, data.x, 0);
    ModelWorkspace ws = fused.newWorkspace(data.steps, data.batch);
    fused.zeroGrad();
    fused.forward(ws, data.x, 0, data.steps, states);
    fused.loss(ws, data.y, 0, null, true);
    List<Parameter> rest = fused.backwardStepping(ws, data.x, 0, fusedOps, step);
    for (int i = 0; i < fused.parameters().size(); i++) {
      Parameter a = usual.parameters().get(i);
      Parameter b = fused.parameters().get(i);
      assertEquals(!stepped.contains(b), rest.contains(b), b.name() + " left to the optimizer");
      if (stepped.contains(b)) {
        double[] expected = toArray(a.value(), a.value().size());
        for (int k = 0; k < expected.length; k++) {
          expected[k] += step * a.grad().get(k);
        }
        assertArrayClose(expected, toArray(b.value(), expected.length), 1e-12, b.name());
        assertArrayClose(new double[expected.length], toArray(b.grad(), expected.length), 0,
            b.name() + "'s gradient");
      } else {
        assertArrayClose(toArray(a.grad(), a.grad().size()), toArray(b.grad(), b.grad().size()),
            1e-12, b.name() + "'s gradient");
      }
    }
    Parameter w = fused.cell(0).parametersSteppedInBackward().stream().findFirst().orElse(null);
    if (w != null) {
      double[] before = toArray(w.value(), w.value().size());
      fused.zeroGrad();
      fused.forward(ws, data.x, 0, data.steps, states);
      fused.loss(ws, data.y, 0, null, true);
      fused.backward(ws, data.x, 0);
      assertArrayClose(before, toArray(w.value(), before.length), 0, w.name() + " after backward");
      assertTrue(Arrays.stream(toArray(w.grad(), before.length)).anyMatch(g -> g != 0),
          "a plain backward after a stepping one writes " + w.name() + "'s gradient again");
    }
  }

  // ------------------------------------------------------------------ state

  @Test
  void aNonZeroInitialStateChangesTheOutputsAndAZeroStateEqualsNone() {
    RnnLanguageModel model = model(2, DType.F64, 5);
    Batch data = batch(2, STEPS, 6);
    double[] none = logits(model, data, null);
    Tensor[] zeros = randomStates(model, 2, 7);
    for (Tensor z : zeros) {
      z.zero();
    }
    assertArrayClose(none, logits(model, data, zeros), 1e-14, "zero initial state vs none");
    double[] withState = logits(model, data, randomStates(model, 2, 8));
    double diff = 0;
    for (int i = 0; i < none.length; i++) {
      diff = Math.max(diff, Math.abs(withState[i] - none[i]));
    }
    assertTrue(diff > 1e-6, "a non-zero initial state did not change the logits (max diff " + diff + ")");
  }

  @Test
  void theInitialStateIsNotModified() {
    RnnLanguageModel model = model(2, DType.F64, 9);
    Batch data = batch(3, STEPS, 10);
    Tensor[] states = randomStates(model, 3, 11);
    Tensor[] copies = new Tensor[states.length];
    for (int l = 0; l < states.length; l++) {
      copies[l] = states[l].copy();
    }
    ModelWorkspace ws = model.newWorkspace(data.steps, data.batch);
    model.forward(ws, data.x, 0, data.steps, states);
    model.loss(ws, data.y, 0, null, true);
    model.backward(ws, data.x, 0);
    for (int l = 0; l < states.length; l++) {
      assertTrue(copies[l].contentEquals(states[l]), "the initial state of layer " + l + " was modified");
    }
  }

  @ParameterizedTest(name = "batch={0}")
  @CsvSource({"1", "2"})
  void stepByStepWithTheCarriedFinalStateEqualsTheFullForward(int batch) {
    RnnLanguageModel model = model(2, DType.F64, 12 + batch);
    Batch data = batch(batch, STEPS, 13 + batch);
    int m = VOCAB;
    ModelWorkspace full = model.newWorkspace(data.steps, batch);
    model.forward(full, data.x, 0, data.steps, null);
    ModelWorkspace one = model.newWorkspace(1, batch);
    Tensor[] states = randomStates(model, batch, 0);
    for (Tensor s : states) {
      s.zero();
    }
    for (int t = 0; t < data.steps; t++) {
      model.forward(one, data.x, t * batch, 1, states);
      for (int l = 0; l < states.length; l++) {
        states[l].copyFrom(one.finalState(l));
      }
      double[] expected = new double[batch * m];
      for (int i = 0; i < expected.length; i++) {
        expected[i] = full.logits().get(t * batch * m + i);
      }
      assertArrayClose(expected, toArray(one.logits(), batch * m), 1e-12, "logits of step " + t);
    }
    for (int l = 0; l < states.length; l++) {
      assertArrayClose(full.finalState(l).toDoubleArray(), states[l].toDoubleArray(), 1e-12,
          "final state of layer " + l);
    }
  }

  @Test
  void theFinalStateHasStateWidthEntriesPerSequenceAndOutputsHiddenSize() {
    Cell cell = provider().create(new CellSpec("x.", VOCAB, HIDDEN, DType.F64, cellOptions()), ops(),
        new SplittableRandom(1));
    assertTrue(cell.stateWidth() >= HIDDEN, "stateWidth " + cell.stateWidth() + " < hidden " + HIDDEN);
    CellWorkspace ws = cell.newWorkspace(STEPS, 3);
    assertEquals(3 * cell.stateWidth(), ws.finalState().size());
    assertEquals(STEPS * 3 * HIDDEN, ws.outputs().size());
    assertEquals(STEPS, ws.maxSteps());
    assertEquals(3, ws.batch());
  }

  // ------------------------------------------------------------------ numerics

  @Test
  void float32AndFloat64ForwardsAgree() {
    RnnLanguageModel m64 = model(2, DType.F64, 21);
    RnnLanguageModel m32 = model(2, DType.F32, 21);
    for (int i = 0; i < m64.parameters().size(); i++) {
      m32.parameters().get(i).value().copyFrom(m64.parameters().get(i).value().to(DType.F32));
    }
    Batch data = batch(3, 8, 22);
    double[] l64 = logits(m64, data, null);
    double[] l32 = logits(m32, data, null);
    assertArrayClose(l64, l32, 1e-5, "float32 vs float64 logits");
  }

  @Test
  void everythingStaysFiniteWithLargeWeightsOnALongSequence() {
    for (DType dtype : DType.values()) {
      RnnLanguageModel model = model(2, dtype, 31);
      double scale = boundedOutputs() ? 40 : 1;
      for (Parameter p : model.parameters()) {
        for (int i = 0; i < p.value().size(); i++) {
          p.value().set(i, p.value().get(i) * scale);
        }
      }
      Batch data = batch(2, 60, 32);
      ModelWorkspace ws = model.newWorkspace(data.steps, data.batch);
      model.zeroGrad();
      model.forward(ws, data.x, 0, data.steps, null);
      for (int l = 0; l < 2; l++) {
        assertFinite(ws.hidden(l), dtype + " outputs of layer " + l);
        assertFinite(ws.finalState(l), dtype + " final state of layer " + l);
      }
      assertFinite(ws.logits(), dtype + " logits");
      model.loss(ws, data.y, 0, null, true);
      model.backward(ws, data.x, 0);
      for (Parameter p : model.parameters()) {
        assertFinite(p.grad(), dtype + " gradient of " + p.name());
      }
    }
  }

  @Test
  void aLargerReusedWorkspaceGivesTheSameResults() {
    RnnLanguageModel model = model(2, DType.F64, 41);
    Batch data = batch(2, STEPS, 42);
    Batch longer = batch(2, STEPS + 4, 43);
    ModelWorkspace exact = model.newWorkspace(data.steps, 2);
    double[] expectedGrads = gradients(model, exact, data);
    double[] expectedLogits = toArray(exact.logits(), data.steps * 2 * VOCAB);
    ModelWorkspace big = model.newWorkspace(longer.steps, 2);
    gradients(model, big, longer); // leaves other values in every buffer
    double[] grads = gradients(model, big, data);
    assertArrayClose(expectedLogits, toArray(big.logits(), data.steps * 2 * VOCAB), 0,
        "loss gradient at the logits");
    assertArrayClose(expectedGrads, grads, 0, "parameter gradients");
  }

  /**
   * A long sequence at batch 1 (where cells may run the recurrence on packed weights) against the
   * same sequence twice in a batch of 2 (the GEMM path): the same logits, and half the gradients.
   */
  @Test
  void aLongSequenceAtBatchOneMatchesTheSameSequenceInABatch() {
    int steps = 40;
    RnnLanguageModel model = model(2, DType.F64, 21);
    Batch one = batch(1, steps, 22);
    int[] x2 = new int[2 * steps];
    int[] y2 = new int[2 * steps];
    for (int t = 0; t < steps; t++) {
      x2[2 * t] = one.x[t];
      x2[2 * t + 1] = one.x[t];
      y2[2 * t] = one.y[t];
      y2[2 * t + 1] = one.y[t];
    }
    Batch two = new Batch(x2, y2, steps, 2);
    ModelWorkspace ws1 = model.newWorkspace(steps, 1);
    double[] g1 = gradients(model, ws1, one);
    double[] logits1 = toArray(ws1.logits(), steps * VOCAB);
    ModelWorkspace ws2 = model.newWorkspace(steps, 2);
    double[] g2 = gradients(model, ws2, two);
    double[] logits2 = toArray(ws2.logits(), 2 * steps * VOCAB);
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < VOCAB; j++) {
        double e = logits1[t * VOCAB + j];
        assertClose(e, logits2[(2 * t) * VOCAB + j], "gradient at the logits, step " + t);
        assertClose(e, logits2[(2 * t + 1) * VOCAB + j], "gradient at the logits, step " + t);
      }
    }
    for (int i = 0; i < g1.length; i++) {
      assertClose(2 * g1[i], g2[i], "parameter gradient element " + i);
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertTrue(Math.abs(expected - actual) <= 1e-12 * (1 + Math.abs(expected)),
        what + ": expected " + expected + ", got " + actual);
  }

  // ------------------------------------------------------------------ parameters and provider

  @Test
  void parameterNamesCarryTheSpecPrefixAndAreUnique() {
    for (String prefix : List.of("layers.0.", "encoder.layers.3.")) {
      Cell cell = provider().create(new CellSpec(prefix, VOCAB, HIDDEN, DType.F32, cellOptions()),
          ops(), new SplittableRandom(2));
      assertFalse(cell.parameters().isEmpty(), "a cell without parameters");
      Set<String> names = new HashSet<>();
      for (Parameter p : cell.parameters()) {
        assertTrue(p.name().startsWith(prefix) && p.name().length() > prefix.length(),
            p.name() + " does not start with " + prefix);
        assertTrue(names.add(p.name()), "duplicate parameter name " + p.name());
        assertEquals(DType.F32, p.value().dtype(), p.name());
        assertEquals(DType.F32, p.grad().dtype(), p.name());
      }
      assertEquals(cell.parameters(), cell.parameters(), "the parameter list changed");
    }
  }

  @Test
  void initialWeightsComeOnlyFromTheRandomSource() {
    CellSpec spec = new CellSpec("l.", VOCAB, HIDDEN, DType.F64, cellOptions());
    Cell a = provider().create(spec, ops(), new SplittableRandom(3));
    Cell b = provider().create(spec, ops(), new SplittableRandom(3));
    Cell c = provider().create(spec, ops(), new SplittableRandom(4));
    boolean differs = false;
    for (int i = 0; i < a.parameters().size(); i++) {
      Tensor va = a.parameters().get(i).value();
      assertTrue(va.contentEquals(b.parameters().get(i).value()),
          "same seed, different " + a.parameters().get(i).name());
      differs |= !va.contentEquals(c.parameters().get(i).value());
    }
    assertTrue(differs, "a different seed gave the same weights");
  }

  @Test
  void theProviderHasALowerCaseNameAndRejectsUnknownOptions() {
    CellProvider p = provider();
    assertEquals(p.name().toLowerCase(Locale.ROOT), p.name());
    assertFalse(p.name().isBlank());
    assertNotEquals("", p.description(), "a provider should describe itself");
    Options bad = cellOptions().with("no-such-option-for-any-cell", "1");
    assertThrows(RnnException.class, () -> p.create(
        new CellSpec("l.", VOCAB, HIDDEN, DType.F64, bad), ops(), new SplittableRandom(5)));
  }

  // ------------------------------------------------------------------ helpers

  /** Token ids and targets, time-major; the last sequences are shorter (right padding, -1). */
  private static final class Batch {
    final int[] x;
    final int[] y;
    final int steps;
    final int batch;

    Batch(int[] x, int[] y, int steps, int batch) {
      this.x = x;
      this.y = y;
      this.steps = steps;
      this.batch = batch;
    }
  }

  private static Batch batch(int batch, int steps, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] x = new int[steps * batch];
    int[] y = new int[steps * batch];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3); // few distinct ids: repeated tokens
      y[i] = random.nextInt(VOCAB);
    }
    for (int b = 1; b < batch; b++) { // sequence b is b steps shorter
      for (int t = Math.max(1, steps - b); t < steps; t++) {
        x[t * batch + b] = -1;
        y[t * batch + b] = -1;
      }
    }
    return new Batch(x, y, steps, batch);
  }

  /** A model whose parameters are all perturbed, so that every bias path is exercised. */
  private RnnLanguageModel model(int layers, DType dtype, long seed) {
    TensorOps ops = ops();
    SplittableRandom random = new SplittableRandom(seed);
    ModelConfig config = new ModelConfig(VOCAB, HIDDEN, layers, provider().name(), cellOptions(), dtype);
    RnnLanguageModel model = new RnnLanguageModel(config, ops, provider(),
        new SoftmaxCrossEntropyProvider().create(ops, Options.empty()), random);
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.value().size(); i++) {
        p.value().set(i, p.value().get(i) + (random.nextDouble() - 0.5) * 0.4);
      }
    }
    return model;
  }

  private static Tensor[] randomStates(RnnLanguageModel model, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor[] states = new Tensor[model.config().layers()];
    for (int l = 0; l < states.length; l++) {
      states[l] = Tensor.zeros(model.config().dtype(), batch, model.cell(l).stateWidth());
      for (int i = 0; i < states[l].size(); i++) {
        states[l].set(i, random.nextDouble() * 1.6 - 0.8);
      }
    }
    return states;
  }

  private static double[] logits(RnnLanguageModel model, Batch data, Tensor[] states) {
    ModelWorkspace ws = model.newWorkspace(data.steps, data.batch);
    model.forward(ws, data.x, 0, data.steps, states);
    return toArray(ws.logits(), data.steps * data.batch * model.config().vocabSize());
  }

  private static double[] gradients(RnnLanguageModel model, ModelWorkspace ws, Batch data) {
    model.zeroGrad();
    model.forward(ws, data.x, 0, data.steps, null);
    model.loss(ws, data.y, 0, null, true);
    model.backward(ws, data.x, 0);
    int size = 0;
    for (Parameter p : model.parameters()) {
      size += p.grad().size();
    }
    double[] all = new double[size];
    int k = 0;
    for (Parameter p : model.parameters()) {
      for (int i = 0; i < p.grad().size(); i++) {
        all[k++] = p.grad().get(i);
      }
    }
    return all;
  }

  private static double[] toArray(Tensor t, int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = t.get(i);
    }
    return out;
  }

  private static void assertFinite(Tensor t, String what) {
    for (int i = 0; i < t.size(); i++) {
      assertTrue(Double.isFinite(t.get(i)), what + ": element " + i + " is " + t.get(i));
    }
  }

  /** Max |a - b| must not exceed {@code tolerance * max(1, max |a|)}. */
  private static void assertArrayClose(double[] expected, double[] actual, double tolerance, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 1;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(expected[i] - actual[i]);
      assertTrue(err <= tolerance * scale, what + ": element " + i + " expected " + expected[i]
          + " got " + actual[i] + " (tolerance " + tolerance * scale + ")");
    }
  }
}

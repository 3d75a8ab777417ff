package dev.rnn4j.testkit.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.api.optim.OptimizerProvider;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link OptimizerProvider} must keep, checked on a few small random parameters
 * (shapes [3, 4], [1], [37], named like model parameters). Subclass it in one line, naming the
 * provider and the options to create the optimizer with:
 *
 * <pre>{@code
 * class AdamConformanceTest extends OptimizerConformanceTest {
 *   AdamConformanceTest() { super(new AdamProvider(), Options.of("beta1", "0.8")); }
 * }
 * }</pre>
 *
 * <p>The checks, all deterministic: the name and option keys; unknown options and impossible
 * learning rates rejected with {@link RnnException}; gradients only read; the same inputs giving
 * bit-identical results; {@link Optimizer#state()} being a copy, keyed by {@code step}-like names
 * or {@code <parameter name>/...}, and restoring it into a fresh optimizer continuing bit for bit;
 * float32 and float64 agreeing to 1e-5; a zero gradient leaving fresh parameters unchanged (turn
 * off with {@link #zeroGradientKeepsParameters()} for optimizers that decay weights); and a
 * simple convex quadratic being minimised. The update formulas themselves are the provider's own
 * business: test them against numbers computed independently, next to the subclass.
 *
 * <p>JUnit creates an instance per test method; instances are not shared between threads.
 */
public abstract class OptimizerConformanceTest {
  private static final int[][] SHAPES = {{3, 4}, {1}, {37}};
  private static final String[] NAMES = {"layers.0.W", "layers.0.b", "output.V"};

  private final OptimizerProvider provider;
  private final Options options;

  /**
   * @param provider the provider under test
   * @param options the options to create the optimizer with (all keys must be in {@link
   *     OptimizerProvider#optionKeys()})
   */
  protected OptimizerConformanceTest(OptimizerProvider provider, Options options) {
    this.provider = provider;
    this.options = options;
  }

  /** @return the backend the optimizer is created with; by default the scalar reference */
  protected TensorOps ops() {
    return ScalarTensorOpsProvider.reference();
  }

  /** @return the learning rate of the tests on random gradients; by default 0.01 */
  protected double learningRate() {
    return 0.01;
  }

  /**
   * @return whether steps with a zero gradient leave fresh parameters unchanged; true by default,
   *     false for settings that shrink the weights on their own (weight decay)
   */
  protected boolean zeroGradientKeepsParameters() {
    return true;
  }

  /** @return the learning rate used to minimise the quadratic; by default 0.1 */
  protected double quadraticLearningRate() {
    return 0.1;
  }

  /** @return the number of steps on the quadratic; by default 300 */
  protected int quadraticSteps() {
    return 300;
  }

  private Optimizer create() {
    return provider.create(ops(), learningRate(), options);
  }

  @Test
  void theNameIsLowerCaseAndEveryGivenOptionIsDeclared() {
    String name = provider.name();
    assertFalse(name.isEmpty(), "empty provider name");
    assertEquals(name.toLowerCase(Locale.ROOT), name, "provider names are lower-case");
    assertTrue(provider.optionKeys().containsAll(options.asMap().keySet()),
        "optionKeys() " + provider.optionKeys() + " must contain the options of this test " + options);
  }

  @Test
  void unknownOptionsAreRejectedNamingTheKey() {
    Options bad = options.with("no-such-setting", "1");
    RnnException e = assertThrows(RnnException.class, () -> provider.create(ops(), learningRate(), bad));
    assertTrue(e.getMessage().contains("no-such-setting"), e.getMessage());
  }

  @Test
  void impossibleLearningRatesAreRejected() {
    for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(RnnException.class, () -> provider.create(ops(), lr, options), "create with lr " + lr);
      Optimizer o = create();
      assertThrows(RnnException.class, () -> o.setLearningRate(lr), "setLearningRate(" + lr + ")");
      assertEquals(learningRate(), o.learningRate(), "a rejected rate must not be kept");
    }
  }

  @Test
  void theLearningRateIsReportedAndCanBeChanged() {
    Optimizer o = create();
    assertEquals(learningRate(), o.learningRate());
    o.setLearningRate(learningRate() / 2);
    assertEquals(learningRate() / 2, o.learningRate());
  }

  @Test
  void aZeroGradientLeavesFreshParametersUnchanged() {
    assumeTrue(zeroGradientKeepsParameters(), "this optimizer's settings change weights on their own");
    List<Parameter> params = parameters(DType.F64, 1);
    List<Tensor> before = values(params);
    Optimizer o = create();
    for (int step = 0; step < 3; step++) {
      o.step(params);
    }
    assertBitIdentical(before, values(params), "parameters after steps with zero gradients");
  }

  @Test
  void gradientsAreReadNotModified() {
    List<Parameter> params = parameters(DType.F64, 2);
    Optimizer o = create();
    for (int step = 0; step < 3; step++) {
      setGradients(params, 100 + step);
      List<Tensor> grads = new ArrayList<>();
      for (Parameter p : params) {
        grads.add(p.grad().copy());
      }
      o.step(params);
      for (int i = 0; i < params.size(); i++) {
        assertTrue(grads.get(i).contentEquals(params.get(i).grad()), "gradient of " + NAMES[i] + " changed");
      }
    }
  }

  @Test
  void theSameInputsGiveBitIdenticalResults() {
    List<Parameter> a = parameters(DType.F32, 3);
    List<Parameter> b = parameters(DType.F32, 3);
    Optimizer oa = create();
    Optimizer ob = create();
    run(oa, a, 0, 5);
    run(ob, b, 0, 5);
    assertBitIdentical(values(a), values(b), "two runs with the same inputs");
    assertStatesEqual(oa.state(), ob.state());
  }

  @Test
  void aRestoredStateContinuesBitForBit() {
    for (DType dtype : DType.values()) {
      List<Parameter> original = parameters(dtype, 4);
      Optimizer first = create();
      run(first, original, 0, 3);
      Map<String, Tensor> checkpoint = first.state();
      List<Tensor> savedValues = values(original);
      run(first, original, 3, 3);

      List<Parameter> resumed = parameters(dtype, 4);
      for (int i = 0; i < resumed.size(); i++) {
        resumed.get(i).value().copyFrom(savedValues.get(i));
      }
      Optimizer second = create();
      second.restoreState(checkpoint);
      run(second, resumed, 3, 3);

      assertBitIdentical(values(original), values(resumed), dtype + " parameters after resuming");
      assertStatesEqual(first.state(), second.state());
    }
  }

  @Test
  void theStateIsACopyKeyedByStableNames() {
    List<Parameter> a = parameters(DType.F64, 5);
    List<Parameter> b = parameters(DType.F64, 5);
    Optimizer oa = create();
    Optimizer ob = create();
    run(oa, a, 0, 2);
    run(ob, b, 0, 2);
    Map<String, Tensor> state = oa.state();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      String key = e.getKey();
      assertTrue(key.indexOf('/') < 0 || List.of(NAMES).contains(key.substring(0, key.lastIndexOf('/'))),
          "state key '" + key + "' must be a plain name or start with a parameter name and '/'");
      for (int i = 0; i < e.getValue().size(); i++) {
        e.getValue().set(i, 12345);
      }
    }
    run(oa, a, 2, 2);
    run(ob, b, 2, 2);
    assertBitIdentical(values(a), values(b), "parameters after changing a returned state");
  }

  /**
   * rnn4j may start a large weight past element 0 of its array ({@link Tensor#start()}); its
   * gradient starts there too, the optimizer's state need not (a restored one starts at 0).
   */
  @Test
  void parametersStartingPastTheirArraysFirstElementStepAsAtZero() {
    for (DType dtype : DType.values()) {
      List<Parameter> plain = parameters(dtype, 8);
      List<Parameter> shifted = new ArrayList<>();
      for (Parameter p : plain) {
        Tensor t = Tensor.zerosWithStart(dtype, 5, p.value().shape());
        t.copyFrom(p.value());
        shifted.add(new Parameter(p.name(), t));
      }
      Optimizer a = create();
      Optimizer b = create();
      run(a, plain, 0, 3);
      run(b, shifted, 0, 3);
      assertBitIdentical(values(plain), values(shifted), dtype + " parameters starting at 5");
      assertStatesEqual(a.state(), b.state());
      Optimizer resumed = create();
      resumed.restoreState(b.state());
      run(a, plain, 3, 3);
      run(resumed, shifted, 3, 3);
      assertBitIdentical(values(plain), values(shifted),
          dtype + " parameters starting at 5, the optimizer's state restored");
    }
  }

  @Test
  void float32AndFloat64Agree() {
    List<Parameter> f32 = parameters(DType.F32, 6);
    List<Parameter> f64 = parameters(DType.F64, 6);
    run(create(), f32, 0, 10);
    run(create(), f64, 0, 10);
    for (int i = 0; i < f32.size(); i++) {
      Tensor x = f32.get(i).value();
      Tensor y = f64.get(i).value();
      for (int j = 0; j < x.size(); j++) {
        assertEquals(y.get(j), x.get(j), 1e-5 * Math.max(1, Math.abs(y.get(j))),
            NAMES[i] + "[" + j + "] float32 vs float64");
      }
    }
  }

  @Test
  void aConvexQuadraticIsMinimised() {
    // f(x) = 1/2 sum a_i (x_i - c_i)^2 with curvatures a_i in [0.5, 2]; gradient a_i (x_i - c_i)
    SplittableRandom random = new SplittableRandom(7);
    int n = 16;
    double[] a = new double[n];
    double[] c = new double[n];
    double[] x0 = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 0.5 + 1.5 * random.nextDouble();
      c[i] = random.nextDouble() * 2 - 1;
      x0[i] = random.nextDouble() * 2 - 1;
    }
    Parameter p = new Parameter("x", Tensor.of(DType.F64, x0, n));
    Optimizer o = provider.create(ops(), quadraticLearningRate(), options);
    double initial = quadratic(a, c, p);
    for (int step = 0; step < quadraticSteps(); step++) {
      for (int i = 0; i < n; i++) {
        p.grad().set(i, a[i] * (p.value().get(i) - c[i]));
      }
      o.step(List.of(p));
    }
    double last = quadratic(a, c, p);
    assertTrue(last < 0.01 * initial, "the loss went from " + initial + " to " + last
        + " in " + quadraticSteps() + " steps; expected below 1% of the start");
  }

  private static double quadratic(double[] a, double[] c, Parameter p) {
    double f = 0;
    for (int i = 0; i < a.length; i++) {
      double d = p.value().get(i) - c[i];
      f += 0.5 * a[i] * d * d;
    }
    return f;
  }

  /** Runs {@code count} steps with the gradients of steps {@code from, from+1, ...}. */
  private static void run(Optimizer o, List<Parameter> params, int from, int count) {
    for (int step = from; step < from + count; step++) {
      setGradients(params, 1000 + step);
      o.step(params);
    }
  }

  /**
   * Parameters with values in [-1, 1) drawn from {@code seed}; the values are float32 numbers so
   * that both dtypes start from the same point. Gradients are zero.
   */
  private static List<Parameter> parameters(DType dtype, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Parameter> params = new ArrayList<>();
    for (int i = 0; i < SHAPES.length; i++) {
      Tensor t = Tensor.zeros(dtype, SHAPES[i]);
      for (int j = 0; j < t.size(); j++) {
        t.set(j, (float) (random.nextDouble() * 2 - 1));
      }
      params.add(new Parameter(NAMES[i], t));
    }
    return params;
  }

  /** Gradients in [-1, 1), float32 numbers, the same for both dtypes, drawn from {@code seed}. */
  private static void setGradients(List<Parameter> params, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Parameter p : params) {
      for (int j = 0; j < p.grad().size(); j++) {
        p.grad().set(j, (float) (random.nextDouble() * 2 - 1));
      }
    }
  }

  private static List<Tensor> values(List<Parameter> params) {
    List<Tensor> out = new ArrayList<>();
    for (Parameter p : params) {
      out.add(p.value().copy());
    }
    return out;
  }

  private static void assertBitIdentical(List<Tensor> expected, List<Tensor> actual, String what) {
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(expected.get(i).contentEquals(actual.get(i)), what + ": " + NAMES[i] + " differs");
    }
  }

  private static void assertStatesEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "state keys");
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      assertTrue(e.getValue().contentEquals(actual.get(e.getKey())), "state '" + e.getKey() + "' differs");
    }
  }
}

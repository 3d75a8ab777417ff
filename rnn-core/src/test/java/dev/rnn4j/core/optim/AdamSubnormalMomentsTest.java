package dev.rnn4j.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Options;
import dev.rnn4j.api.Parameter;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.optim.Optimizer;
import dev.rnn4j.ops.scalar.ScalarTensorOpsProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A weight whose gradient stops, as the row of a rare word in an input table: Adam's first moment
 * decays into float32's subnormal range, where the plain update holds it for good (at a few times
 * the smallest subnormal number, which {@code m + 0.1 (0 - m)} rounds back to). Adam sets it to zero instead, and the weight stays bit for bit what
 * PyTorch's update (written out here in float arithmetic, without the flush) gives.
 */
class AdamSubnormalMomentsTest {
  @Test
  void aDecayedMomentBecomesZeroAndTheWeightIsThePlainUpdates() {
    float[] start = {0.5f, -0.25f, 1e-3f, 0f};
    Parameter w = new Parameter("w", Tensor.wrap(start.clone(), start.length));
    Optimizer adam = new AdamProvider().create(ScalarTensorOpsProvider.reference(), 1e-3, Options.empty());
    float[] p = start.clone();
    float[] m = new float[start.length];
    float[] v = new float[start.length];
    boolean plainWentSubnormal = false;
    for (int step = 1; step <= 1500; step++) {
      float g = step == 1 ? 0.01f : 0f;
      for (int i = 0; i < start.length; i++) {
        w.grad().set(i, g);
      }
      adam.step(List.of(w));
      float bc2 = (float) Math.sqrt(1 - Math.pow(0.999, step));
      float negStep = (float) -(1e-3 / (1 - Math.pow(0.9, step)));
      for (int i = 0; i < start.length; i++) {
        m[i] = m[i] + 0.1f * (g - m[i]);
        v[i] = v[i] * 0.999f + 0.001f * g * g;
        p[i] = p[i] + negStep * m[i] / ((float) Math.sqrt(v[i]) / bc2 + 1e-8f);
        plainWentSubnormal |= m[i] != 0 && Math.abs(m[i]) < Float.MIN_NORMAL;
      }
    }
    assertTrue(plainWentSubnormal, "the plain update's moment never went subnormal: no test");
    assertTrue(m[0] != 0 && Math.abs(m[0]) < Float.MIN_NORMAL, "the plain update keeps m subnormal: " + m[0]);
    Tensor mOurs = adam.state().get("w/exp_avg");
    for (int i = 0; i < start.length; i++) {
      assertEquals(0, mOurs.get(i), "m[" + i + "]");
      assertEquals(Float.floatToRawIntBits(p[i]), Float.floatToRawIntBits((float) w.value().get(i)),
          "w[" + i + "]");
    }
  }
}

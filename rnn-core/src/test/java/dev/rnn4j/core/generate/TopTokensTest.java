package dev.rnn4j.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TopTokens} keeps exactly the tokens, and leaves exactly the bits, of the full sort it
 * replaced, so sampling with a seed gives the same text as before: random distributions, many
 * equal probabilities, zeros of both signs and NaN, every kind of k and p.
 */
class TopTokensTest {
  @Test
  void keepsWhatTheFullSortKept() {
    int[] sizes = {1, 2, 5, 100, 3001, 10000};
    int[] ks = {0, 1, 3, 40, 64, 65, 300, Integer.MAX_VALUE};
    double[] ps = {1, 0.9, 0.5, 0.3, 1e-9, 0.999999, 0.99999999};
    SplittableRandom random = new SplittableRandom(7);
    int cases = 0;
    for (int m : sizes) {
      for (int kind = 0; kind < 4; kind++) {
        double[] probs = distribution(kind, m, random);
        for (int k : ks) {
          for (double p : ps) {
            double[] expected = probs.clone();
            double[] actual = probs.clone();
            restrictBySorting(expected, Math.min(k, m + 5), p);
            new TopTokens(actual).restrict(Math.min(k, m + 5), p);
            String what = "m=" + m + " kind=" + kind + " k=" + k + " p=" + p;
            for (int i = 0; i < m; i++) {
              assertEquals(Double.doubleToRawLongBits(expected[i]),
                  Double.doubleToRawLongBits(actual[i]), what + " at " + i);
            }
            cases++;
          }
        }
      }
    }
    assertEquals(6 * 4 * 8 * 7, cases);
  }

  @Test
  void oneInstanceServesStepAfterStep() {
    SplittableRandom random = new SplittableRandom(8);
    double[] probs = new double[500];
    TopTokens top = new TopTokens(probs);
    for (int step = 0; step < 50; step++) {
      double[] fresh = distribution(step % 4, probs.length, random);
      System.arraycopy(fresh, 0, probs, 0, probs.length);
      double[] expected = fresh.clone();
      restrictBySorting(expected, step % 7 * 10, 0.2 + step % 5 * 0.2);
      top.restrict(step % 7 * 10, 0.2 + step % 5 * 0.2);
      assertEquals(Arrays.toString(expected), Arrays.toString(probs), "step " + step);
    }
  }

  /**
   * Kind 0: softmax of Gaussians (a smooth distribution); 1: probabilities from 5 levels (many
   * ties); 2: mostly zeros of both signs and a few large ones; 3: kind 0 with a few NaN.
   */
  private static double[] distribution(int kind, int m, SplittableRandom random) {
    double[] p = new double[m];
    double sum = 0;
    for (int i = 0; i < m; i++) {
      p[i] = switch (kind) {
        case 1 -> random.nextInt(5) / 4.0;
        case 2 -> random.nextInt(10) == 0 ? random.nextDouble() : (random.nextBoolean() ? 0.0 : -0.0);
        default -> Math.exp(3 * random.nextGaussian());
      };
      sum += p[i];
    }
    for (int i = 0; i < m; i++) {
      p[i] = sum > 0 ? p[i] / sum : p[i];
    }
    if (kind == 3) {
      for (int n = 0; n < Math.max(1, m / 50); n++) {
        p[random.nextInt(m)] = Double.NaN;
      }
    }
    return p;
  }

  /** The restriction as Generator wrote it before TopTokens: a full sort of boxed ids. */
  private static void restrictBySorting(double[] probs, int topK, double topP) {
    int m = probs.length;
    if (topK <= 0 && topP >= 1) {
      return;
    }
    Integer[] indices = new Integer[m];
    for (int i = 0; i < m; i++) {
      indices[i] = i;
    }
    Arrays.sort(indices, (a, b) -> probs[b] != probs[a] ? Double.compare(probs[b], probs[a]) : a - b);
    int keep = topK > 0 ? Math.min(topK, m) : m;
    double cumulative = 0;
    for (int r = 0; r < keep; r++) {
      cumulative += probs[indices[r]];
      if (cumulative >= topP) {
        keep = r + 1;
        break;
      }
    }
    for (int r = keep; r < m; r++) {
      probs[indices[r]] = 0;
    }
  }
}

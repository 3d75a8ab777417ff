package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.api.DType;
import dev.rnn4j.api.Tensor;
import dev.rnn4j.api.ops.PackedMatrix;
import dev.rnn4j.api.ops.PackedProducts;
import dev.rnn4j.api.ops.TensorOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernels give the same bits on their first call (interpreted) as after C2 has compiled them:
 * otherwise a training run's last bits would depend on when the JIT happens to compile what. A
 * floating-point {@code reduceLanes(ADD)} broke this on JDK 25 (matrix-vector products and the
 * softmax's sum differed), hence {@code VectorBits.sum}. Runs in a fresh JVM, where nothing is
 * compiled yet.
 */
class ColdAndCompiledTest {

  @Test
  void theFirstCallGivesTheBitsOfTheCompiledCode() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals("same", out);
  }

  /** Hashes each kernel's result on its first call and again after 3,000 calls. */
  static final class Main {
    public static void main(String[] args) {
      TensorOps ops = new SimdTensorOps(1);
      Map<String, Long> first = null;
      Map<String, Long> last = null;
      for (int rep = 0; rep < 3000; rep++) {
        Map<String, Long> h = round(ops);
        if (rep == 0) {
          first = h;
        }
        last = h;
      }
      StringBuilder diff = new StringBuilder();
      for (String k : first.keySet()) {
        if (!first.get(k).equals(last.get(k))) {
          diff.append(" ").append(k);
        }
      }
      System.out.println(diff.length() == 0 ? "same" : "differs:" + diff);
    }

    private static Map<String, Long> round(TensorOps ops) {
      Map<String, Long> h = new LinkedHashMap<>();
      for (DType d : DType.values()) {
        Tensor m = random(d, 1, 256 * 64);
        Tensor x = random(d, 2, 256);
        Tensor y = random(d, 3, 256);
        ops.gemv(false, 256, 64, 1, m, 0, 64, x, 0, 1, y, 0);
        ops.gemv(true, 256, 64, 1, m, 0, 64, x, 0, 1, y, 0);
        h.put(d + " gemv", hash(y));
        PackedProducts packing = ops.capability(PackedProducts.class).orElseThrow();
        PackedMatrix pm = packing.pack(false, m, 0, 64, 256, 64, null);
        packing.gemv(pm, 1, x, 0, 0, y, 0);
        h.put(d + " packed gemv", hash(y));
        Tensor c = random(d, 4, 65);
        ops.gemm(false, true, 1, 65, 64, 1, x, 0, 64, m, 0, 64, 0.5, c, 0, 65);
        h.put(d + " gemm one row", hash(c));
        Tensor c3 = random(d, 6, 3 * 64);
        ops.gemm(false, true, 3, 64, 128, 1, m, 0, 128, m, 8192, 128, 0.5, c3, 0, 64);
        h.put(d + " gemm, rows past the panels", hash(c3));
        Tensor logits = random(d, 5, 16 * 65);
        int[] targets = new int[16];
        for (int i = 0; i < 16; i++) {
          targets[i] = i * 7 % 65;
        }
        double loss = ops.softmaxCrossEntropy(16, 65, logits, 0, targets, 0, null, true);
        h.put(d + " softmax", hash(logits) * 31 + Double.doubleToLongBits(loss));
        h.put(d + " dot", Double.doubleToLongBits(ops.dot(1001, m, 0, m, 7)));
        h.put(d + " sumOfSquares", Double.doubleToLongBits(ops.sumOfSquares(1001, m, 3)));
      }
      return h;
    }

    private static Tensor random(DType dtype, long seed, int n) {
      Random r = new Random(seed);
      Tensor t = Tensor.zeros(dtype, n);
      for (int i = 0; i < n; i++) {
        t.set(i, r.nextDouble() * 2 - 1);
      }
      return t;
    }

    private static long hash(Tensor t) {
      long h = 1;
      for (int i = 0; i < t.size(); i++) {
        h = h * 31 + Double.doubleToLongBits(t.get(i));
      }
      return h;
    }
  }
}

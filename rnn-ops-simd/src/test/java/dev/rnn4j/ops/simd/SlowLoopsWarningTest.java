package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Below JDK 25, a JVM whose JIT leaves safepoints out of counted loops (the parallel collector's
 * default) gets one WARN naming the options that turn them on; with those options (as the
 * launcher starts the JVM there) it gets none, and JDK 25, which compiled the kernels as fast
 * without them, gets none either. Each case runs in a fresh JVM, since the probe runs once per
 * JVM; the tests run on the JDK of the build (CI: 17 and 25).
 */
class SlowLoopsWarningTest {
  private static final String WARNING = "without safepoints in counted loops";

  @Test
  void theParallelCollectorsDefaultIsWarnedAboutBelowJdk25WithTheFix() throws Exception {
    String err = probeIn("-XX:+UseParallelGC");
    if (Runtime.version().feature() < 25) {
      assertTrue(err.contains(WARNING), err);
      assertTrue(err.contains(SimdTensorOpsProvider.LOOP_SAFEPOINTS_FIX), err);
      assertEquals(1, err.split(WARNING, -1).length - 1, err);
    } else {
      assertFalse(err.contains(WARNING), err);
    }
  }

  @Test
  void withTheFixOrWithG1NothingIsSaid() throws Exception {
    List<String> fix = new ArrayList<>(List.of("-XX:+UseParallelGC"));
    fix.addAll(Arrays.asList(SimdTensorOpsProvider.LOOP_SAFEPOINTS_FIX.split(" ")));
    String err = probeIn(fix.toArray(String[]::new));
    assertFalse(err.contains(WARNING), err);
    err = probeIn("-XX:+UseG1GC");
    assertFalse(err.contains(WARNING), err);
  }

  /** @return the standard error of a JVM started with {@code flags} that probes the backend */
  private static String probeIn(String... flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Arrays.asList(flags));
    cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    Process p = new ProcessBuilder(cmd).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probing JVM did not end");
    assertEquals(0, p.exitValue(), err);
    return err;
  }

  /** Probes the backend; exits 1 if it is not available. */
  static final class Main {
    public static void main(String[] args) {
      System.exit(new SimdTensorOpsProvider().isAvailable() ? 0 : 1);
    }
  }
}

package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the launchers start the application with (scripts/lib/jvm-flags.sh, sourced by
 * ./rnn4j and scripts/run-example): the JDK running the tests accepts them, and below JDK 25 the
 * JIT keeps safepoints in counted loops with them, which the parallel collector alone leaves out
 * (JDK 17 then compiled the SIMD kernels 1.5-3x slower; JDK 25 did not, and runs without them),
 * and objects start on 64-byte boundaries, which lets packed matrices start on a cache line.
 */
class LauncherJvmFlagsTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "jvm-flags.sh").toAbsolutePath().normalize();

  @Test
  void theLaunchersJvmRunsTheParallelCollectorWithSafepointsInCountedLoopsBelowJdk25() throws Exception {
    int feature = Runtime.version().feature();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("bash", "-c",
        "java_feature=\"$3\"; . \"$1\"; exec \"$2\" $jvm_flags -XX:+PrintFlagsFinal -version", "flags",
        SCRIPT.toString(), java, String.valueOf(feature));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    Map<String, String> flags = new HashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[2].equals("=")) {
        flags.put(f[1], f[3]);
      }
    }
    assertEquals("true", flags.get("UseParallelGC"), out);
    boolean below25 = feature < 25;
    assertEquals(String.valueOf(below25), flags.get("UseCountedLoopSafepoints"), out);
    assertEquals(below25 ? "1000" : "0", flags.get("LoopStripMiningIter"), out);
    assertEquals(String.valueOf(64L << 20), flags.get("MaxNewSize"), out);
    assertEquals("64", flags.get("ObjectAlignmentInBytes"), out);
  }
}

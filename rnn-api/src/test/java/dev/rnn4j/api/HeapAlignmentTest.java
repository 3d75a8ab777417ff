package dev.rnn4j.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Aligned tensors ({@link Tensor#zerosAligned}, which packed matrices and a model's
 * output weight use) start on a 64-byte boundary when the JVM places objects on them (as the
 * launcher starts it), wherever the collector moves them; on a JVM that does not, nothing is
 * assumed.
 */
class HeapAlignmentTest {

  @Test
  void withObjectsOn64ByteBoundariesEveryAlignedTensorStartsOnOneEvenAfterTheCollectorMovesIt()
      throws Exception {
    String out = probe("-XX:ObjectAlignmentInBytes=64");
    assertEquals("known=true starts=12,6 aligned=8/8 after-gc=8/8", out);
  }

  @Test
  void withTheDefaultObjectAlignmentTheStartIsZeroAndNotClaimedKnown() throws Exception {
    assertTrue(probe("-XX:ObjectAlignmentInBytes=8").startsWith("known=false starts=0,0 "));
  }

  @Test
  void onlyTheUsualArrayHeaderWithObjectsOnMultiplesOf64BytesCountsAsKnown() {
    assertEquals(16, HeapAlignment.header("64", "true", null));
    assertEquals(16, HeapAlignment.header("128", null, "false"));
    assertEquals(-1, HeapAlignment.header("32", "true", null));
    assertEquals(-1, HeapAlignment.header("64", "false", null));
    assertEquals(-1, HeapAlignment.header("64", "true", "true"));
    assertEquals(-1, HeapAlignment.header(null, null, null));
  }

  /** @return the line {@link AlignmentProbe} prints in a JVM started with {@code alignment} */
  private static String probe(String alignment) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), alignment,
        "-XX:-UseCompressedOops", "-XX:+UseParallelGC", "-Xmx256m"));
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow"); // the probe reads addresses through Unsafe
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        AlignmentProbe.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}

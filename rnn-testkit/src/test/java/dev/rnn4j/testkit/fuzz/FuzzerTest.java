package dev.rnn4j.testkit.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FuzzerTest {

  /** Refuses inputs shorter than 4 bytes, breaks on inputs holding 'X', is slow on a leading 'S'. */
  private static final class Planted implements FuzzTarget {
    @Override
    public String name() {
      return "planted";
    }

    @Override
    public List<byte[]> seeds() {
      return List.of("hello".getBytes(StandardCharsets.UTF_8), "bunny".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<byte[]> dictionary() {
      return List.of(new byte[] {'X'}, new byte[] {'S'});
    }

    @Override
    public void run(byte[] input) {
      String s = new String(input, StandardCharsets.ISO_8859_1);
      var mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long until = mx.getCurrentThreadCpuTime() + 1_100_000_000L;
      while (s.startsWith("S") && mx.getCurrentThreadCpuTime() < until) {
        Thread.onSpinWait(); // busy: slowness is measured in CPU time
      }
      if (s.length() < 4) {
        throw new RnnException("refused");
      }
      if (s.contains("X")) {
        throw new IllegalStateException("planted bug");
      }
    }
  }

  @Test
  void theSameSeedMakesTheSameInputs() {
    Fuzzer a = new Fuzzer(List.of(new Planted()), 3);
    Fuzzer b = new Fuzzer(List.of(new Planted()), 3);
    Fuzzer c = new Fuzzer(List.of(new Planted()), 4);
    boolean differs = false;
    for (long i = 0; i < 200; i++) {
      assertArrayEquals(a.input(i), b.input(i));
      differs |= !Arrays.equals(a.input(i), c.input(i));
    }
    assertTrue(differs);
  }

  @Test
  void findsPlantedExceptionsAndSlowInputsButNotDocumentedErrors() {
    FuzzReport r = new Fuzzer(List.of(new Planted()), 11).run(300, 0, x -> { });
    FuzzReport.TargetStats s = r.targets().get(0);
    assertEquals(300, s.inputs());
    assertTrue(s.refused() > 0 && s.accepted() > 0, s.toString());
    assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals("exception")
        && f.detail().contains("planted bug")), r.describeFindings());
    assertTrue(r.findings().stream().anyMatch(f -> f.kind().equals("slow")), r.describeFindings());
    assertFalse(r.describeFindings().contains("RnnException"), r.describeFindings());
    FuzzReport.Finding f = r.findings().get(0);
    assertArrayEquals(f.input(), new Fuzzer(List.of(new Planted()), 11).input(f.index()));
  }

  @Test
  void mutationsStayWithinTheLengthLimit() {
    Mutator m = new Mutator(100);
    SplittableRandom r = new SplittableRandom(1);
    byte[] b = new byte[90];
    for (int k = 0; k < 2000; k++) {
      b = m.mutate(b, new byte[80], List.of(new byte[50]), r);
      assertTrue(b.length <= 100);
    }
  }

  @Test
  void builtInTargetsHoldOnTheirSeedsAndAFewThousandInputs() {
    List<FuzzTarget> targets = List.of(new JsonTarget(), new ModelFileTarget(), new CheckpointTarget(),
        new TokenizerTarget());
    try {
      FuzzReport r = new Fuzzer(targets, 2).run(2000, 0, x -> { });
      assertEquals(0, r.findingCount(), r.describeFindings());
    } finally {
      targets.forEach(FuzzTarget::close);
    }
  }
}

package dev.rnn4j.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.train.EpochStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
  /** A clock the test advances by hand. */
  static final class FakeClock {
    long nanos = 1_000_000_000L;

    void advanceMillis(long ms) {
      nanos += ms * 1_000_000L;
    }
  }

  /** Two epochs of 100 steps, 10 tokens each, 100 ms per step (10 s per epoch). */
  static String train(TrainingProgress.Builder b, StringWriter text, FakeClock clock) {
    try (TrainingProgress p = b.epochs(2).clock(() -> clock.nanos).build()) {
      for (int e = 1; e <= 2; e++) {
        for (int s = 1; s <= 100; s++) {
          clock.advanceMillis(100);
          p.onStep(e, s, 100, 25.0, 10);
        }
        p.onEpoch(new EpochStats(e, 2.5, 1000, 10.0, Double.NaN, 0.1));
        p.onValidation(e, e == 1 ? 2.7 : 2.6);
      }
    }
    return text.toString();
  }

  @Test
  void plainModePrintsAProgressLineEveryIntervalAndOneLinePerEpoch() {
    StringWriter text = new StringWriter();
    FakeClock clock = new FakeClock();
    String out = train(TrainingProgress.builder(new PrintWriter(text)).terminal(false)
        .logInterval(Duration.ofSeconds(4)), text, clock);
    List<String> lines = out.lines().toList();
    assertFalse(out.contains("\r"), "no carriage returns outside a terminal");
    assertTrue(lines.contains("epoch   1/2  loss/token 2.5000  perplexity    12.18  100 tokens/s"), out);
    assertTrue(lines.contains("epoch   2/2  loss/token 2.5000  perplexity    12.18  100 tokens/s"), out);
    assertTrue(lines.contains("epoch   2/2  validation loss/token 2.6000  perplexity    13.46  (best so far)"), out);
    long progress = lines.stream().filter(l -> l.contains(" step ")).count();
    assertEquals(5, progress, out); // 20 s of training, a line every 4 s
    String first = lines.stream().filter(l -> l.contains(" step ")).findFirst().orElseThrow();
    assertEquals("epoch   1/2  step 40/100 (40.0%)  loss/token 2.5000 (smoothed 2.5000)  100 tokens/s  ETA 0:16", first);
    assertTrue(lines.stream().anyMatch(l -> l.contains(" step ") && l.contains("validation perplexity 14.88")), out);
  }

  @Test
  void quietModePrintsNothing() {
    StringWriter text = new StringWriter();
    String out = train(TrainingProgress.builder(new PrintWriter(text)).terminal(false)
        .verbosity(TrainingProgress.Verbosity.QUIET), text, new FakeClock());
    assertEquals("", out);
  }

  @Test
  void verboseEpochLinesCarryTokensAndTimes() {
    StringWriter text = new StringWriter();
    String out = train(TrainingProgress.builder(new PrintWriter(text)).terminal(false)
        .verbosity(TrainingProgress.Verbosity.VERBOSE), text, new FakeClock());
    assertTrue(out.contains("epoch   2/2  loss/token 2.5000  perplexity    12.18  100 tokens/s  1,000 tokens in 10.0 s  elapsed 0:20"), out);
  }

  @Test
  void terminalModeRedrawsOneLineAtMostTenTimesASecondWithinTheWidth() {
    StringWriter text = new StringWriter();
    FakeClock clock = new FakeClock();
    String out = train(TrainingProgress.builder(new PrintWriter(text)).terminal(true).width(80), text, clock);
    long redraws = out.chars().filter(c -> c == '\r').count();
    // 200 steps, 100 ms apart: every step may redraw (10/s); each epoch line clears the bar with two \r
    assertTrue(redraws <= 200 + 2 * 4, "redraws " + redraws);
    assertTrue(redraws >= 100, "redraws " + redraws);
    for (String segment : out.split("[\r\n]")) {
      assertTrue(segment.length() < 80, "longer than the terminal: '" + segment + "'");
    }
    assertTrue(out.contains("epoch   1/2  loss/token 2.5000"), out);
    assertTrue(out.contains("\repoch 2/2  50/100 50.0%  100 tok/s  loss 2.500  val ppl 14.88  ETA 0:05"), out);
    assertTrue(out.endsWith("\n"), "the last line is ended");
  }

  @Test
  void aWideTerminalShowsTheBarAndEveryField() {
    StringWriter text = new StringWriter();
    FakeClock clock = new FakeClock();
    String out = train(TrainingProgress.builder(new PrintWriter(text)).terminal(true).width(120), text, clock);
    assertTrue(out.contains(
        "\repoch 2/2  [##########..........]  50/100 50.0%  100 tok/s  loss 2.500  ema 2.500  val ppl 14.88  ETA 0:05"),
        out);
  }

  @Test
  void terminalRedrawsAreThrottledWhenStepsAreFast() {
    StringWriter text = new StringWriter();
    FakeClock clock = new FakeClock();
    try (TrainingProgress p = TrainingProgress.builder(new PrintWriter(text)).terminal(true)
        .clock(() -> clock.nanos).build()) {
      for (int s = 1; s <= 10_000; s++) {
        clock.advanceMillis(1);
        p.onStep(1, s, 10_000, 3.0, 1);
      }
    }
    long redraws = text.toString().chars().filter(c -> c == '\r').count();
    assertTrue(redraws >= 99 && redraws <= 101, "10 s at 10 redraws per second, got " + redraws);
  }

  @Test
  void compactNumbersAndClockTimes() {
    assertEquals("950", TrainingProgress.compact(950));
    assertEquals("12.3k", TrainingProgress.compact(12_345));
    assertEquals("4.5M", TrainingProgress.compact(4_500_000));
    assertEquals("0:07", TrainingProgress.clockTime(7.2));
    assertEquals("1:02:03", TrainingProgress.clockTime(3723));
  }
}

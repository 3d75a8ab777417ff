package dev.rnn4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clock the hand-run tools ({@link KernelTimes}, {@link ModelPhases}, {@link TrainingProfile})
 * time by. On one thread, the calling thread's CPU time, so that other work on a shared machine
 * disturbs the figures less; on more, the wall clock, since the caller's CPU time does not count
 * the time it waits for the other threads with its core given away. {@code -Dcpu=true} or {@code
 * false} chooses either; CPU time only where the JVM can measure it.
 */
final class BenchClock {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private final boolean cpu;

  private BenchClock(boolean cpu) {
    this.cpu = cpu;
  }

  /** @return the clock for a tool running its work on {@code threads} threads */
  static BenchClock forThreads(int threads) {
    boolean cpu = Boolean.parseBoolean(System.getProperty("cpu", String.valueOf(threads == 1)));
    return new BenchClock(cpu && MX.isCurrentThreadCpuTimeSupported());
  }

  /** @return now, in ns, on this clock */
  long now() {
    return cpu ? MX.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** @return whether this clock is the calling thread's CPU time (else the wall clock) */
  boolean isCpuTime() {
    return cpu;
  }

  /** @return what this clock is, for a tool's first line */
  String description() {
    return cpu ? "the calling thread's CPU time" : "the wall clock";
  }
}

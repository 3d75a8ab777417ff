package dev.rnn4j.ops.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A small fixed set of daemon threads that large kernels split their work over. The calling
 * thread takes parts too, so {@code threads - 1} workers are started, lazily, on the first
 * parallel call. No thread is created per call.
 *
 * <p>The calls it serves are short (a matrix-vector product of one generated token takes tens of
 * microseconds), so waking a parked thread would cost as much as the work: after a call, workers
 * spin for {@value #SPIN_NANOS} ns watching for the next one before they park, and the caller
 * spins until the last part is done.
 *
 * <p>Thread {@code i} (the caller is 0, the workers 1 to {@code threads - 1}) runs part {@code i}
 * first, then takes any part still free. Kernels split their data the same way from call to call
 * (the same rows of a weight matrix in part 0 every step), so each core keeps finding its share in
 * its own cache; a thread that is late (descheduled, still waking up) loses its part to the others
 * rather than holding up the call.
 *
 * <p>Thread-safe: one call at a time uses the workers; a call that arrives while another runs
 * (from another thread, or nested inside a part) runs all its parts on its own thread.
 */
final class WorkerPool {
  /** How long an idle worker watches for the next call before it parks. */
  static final long SPIN_NANOS = 200_000;
  private static final AtomicInteger POOL_IDS = new AtomicInteger();

  private final int threads;
  private final ReentrantLock busy = new ReentrantLock();
  private Thread[] workers;

  /** The current call (or the last one); a new object per call, so a late worker never mixes two. */
  private volatile Call current;

  /** One parallel call: its body, and the claims and counter its threads share. */
  private static final class Call {
    final IntConsumer body;
    final int parts;
    /** 1 once a thread has taken the part. */
    final AtomicIntegerArray claimed;
    final AtomicInteger unfinished;
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Call(IntConsumer body, int parts) {
      this.body = body;
      this.parts = parts;
      this.claimed = new AtomicIntegerArray(parts);
      this.unfinished = new AtomicInteger(parts);
    }

    /**
     * Runs part {@code self} first if nobody has taken it (thread i owns part i, the caller part
     * 0), then any part still free, until none is left.
     */
    void takeParts(int self) {
      if (self < parts) {
        tryRun(self);
      }
      for (int p = 0; p < parts; p++) {
        tryRun(p);
      }
    }

    private void tryRun(int p) {
      if (claimed.get(p) != 0 || !claimed.compareAndSet(p, 0, 1)) {
        return;
      }
      try {
        body.accept(p);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        unfinished.decrementAndGet();
      }
    }
  }

  /** @param threads the total number of threads a call may use, the caller included (>= 1) */
  WorkerPool(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.threads = threads;
  }

  /** @return the number of threads a call may use, the caller included */
  int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, rows)} in one contiguous range of rows per thread ({@code
   * part * rows / parts} on), or whole where there is one thread or one row.
   */
  void runRowRanges(int rows, PanelRange body) {
    int parts = Math.min(threads, rows);
    if (parts <= 1) {
      body.run(0, rows);
      return;
    }
    run(parts, part -> body.run(part * rows / parts, (part + 1) * rows / parts));
  }

  /**
   * Runs {@code body.accept(part)} for every part in {@code [0, parts)} and returns when all
   * have finished.
   *
   * @throws RuntimeException the first failure of a part (the other parts still finish)
   */
  void run(int parts, IntConsumer body) {
    // The lock is reentrant: a call nested in the caller's own part must not publish itself over
    // the call it is part of.
    if (parts <= 1 || threads == 1 || busy.isHeldByCurrentThread() || !busy.tryLock()) {
      for (int p = 0; p < parts; p++) {
        body.accept(p);
      }
      return;
    }
    try {
      startWorkers();
      Call call = new Call(body, parts);
      current = call; // volatile write: publishes the call
      for (Thread w : workers) {
        LockSupport.unpark(w);
      }
      call.takeParts(0);
      // Spin for the last part; if it takes long, the machine is probably busy and the worker
      // descheduled, so give the core away rather than burn it.
      long yieldAfter = System.nanoTime() + SPIN_NANOS / 4;
      while (call.unfinished.get() > 0) {
        if (System.nanoTime() < yieldAfter) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      Throwable t = call.failure.get();
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      }
      if (t instanceof Error) {
        throw (Error) t;
      }
    } finally {
      busy.unlock();
    }
  }

  private void startWorkers() {
    if (workers != null) {
      return;
    }
    int id = POOL_IDS.incrementAndGet();
    Thread[] w = new Thread[threads - 1];
    for (int i = 0; i < w.length; i++) {
      int self = i + 1;
      w[i] = new Thread(() -> work(self), "rnn4j-simd-" + id + "-" + self);
      w[i].setDaemon(true);
      w[i].start();
    }
    workers = w;
  }

  private void work(int self) {
    Call seen = current;
    while (true) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      Call c;
      while ((c = current) == seen) {
        if (System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(this, 1_000_000_000L);
        }
      }
      seen = c;
      c.takeParts(self);
    }
  }
}

package dev.rnn4j.ops.simd;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small fixed set of daemon threads that large kernels split their work over. The calling
 * thread always runs one part itself, so {@code threads - 1} workers are started, lazily, on the
 * first parallel call; they exit after a minute without work and are restarted on demand. No
 * thread is created per call.
 *
 * <p>Thread-safe: several callers may run work at once (their parts queue).
 */
final class WorkerPool {
  private static final AtomicInteger POOL_IDS = new AtomicInteger();
  private final int threads;
  private volatile ThreadPoolExecutor executor;

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
   * Runs {@code body.accept(part)} for every part in {@code [0, parts)} and returns when all
   * have finished. Part 0 runs on the calling thread.
   *
   * @throws RuntimeException the first failure of a part (others are still awaited)
   */
  void run(int parts, IntConsumer body) {
    if (parts <= 1 || threads == 1) {
      for (int p = 0; p < parts; p++) {
        body.accept(p);
      }
      return;
    }
    ThreadPoolExecutor exec = executor();
    @SuppressWarnings("unchecked")
    Future<?>[] futures = new Future<?>[parts - 1];
    for (int p = 1; p < parts; p++) {
      int part = p;
      futures[p - 1] = exec.submit(() -> body.accept(part));
    }
    RuntimeException failure = null;
    try {
      body.accept(0);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        failure = failure != null ? failure
            : (cause instanceof RuntimeException ? (RuntimeException) cause
                : new IllegalStateException(cause));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private ThreadPoolExecutor executor() {
    ThreadPoolExecutor e = executor;
    if (e == null) {
      synchronized (this) {
        e = executor;
        if (e == null) {
          int id = POOL_IDS.incrementAndGet();
          AtomicInteger n = new AtomicInteger();
          ThreadFactory factory = r -> {
            Thread t = new Thread(r, "rnn4j-simd-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          };
          e = new ThreadPoolExecutor(threads - 1, threads - 1, 60, TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(), factory);
          e.allowCoreThreadTimeOut(true);
          executor = e;
        }
      }
    }
    return e;
  }
}

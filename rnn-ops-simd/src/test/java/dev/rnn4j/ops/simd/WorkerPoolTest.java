package dev.rnn4j.ops.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** What the kernels rely on: every part runs exactly once, failures surface, nesting is safe. */
class WorkerPoolTest {

  @Test
  void everyPartRunsExactlyOnceWhateverTheThreadAndPartCounts() {
    for (int threads = 1; threads <= 3; threads++) {
      WorkerPool pool = new WorkerPool(threads);
      for (int parts = 0; parts <= 5; parts++) {
        for (int call = 0; call < 200; call++) {
          AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, parts));
          pool.run(parts, runs::incrementAndGet);
          for (int p = 0; p < parts; p++) {
            assertEquals(1, runs.get(p), "threads " + threads + ", parts " + parts + ", part " + p);
          }
        }
      }
    }
  }

  @Test
  void aFailingPartIsRethrownAfterTheOtherPartsHaveRun() {
    WorkerPool pool = new WorkerPool(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(4);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(4, p -> {
      runs.incrementAndGet(p);
      if (p == 1) {
        throw new IllegalStateException("part 1");
      }
    }));
    assertEquals("part 1", e.getMessage());
    for (int p = 0; p < 4; p++) {
      assertEquals(1, runs.get(p), "part " + p);
    }
  }

  @Test
  void aCallNestedInAPartRunsAllItsPartsOnItsOwnThread() {
    WorkerPool pool = new WorkerPool(2);
    AtomicIntegerArray inner = new AtomicIntegerArray(6);
    pool.run(2, outer -> {
      Thread self = Thread.currentThread();
      pool.run(3, p -> {
        assertEquals(self, Thread.currentThread());
        inner.incrementAndGet(outer * 3 + p);
      });
    });
    for (int i = 0; i < 6; i++) {
      assertEquals(1, inner.get(i), "inner part " + i);
    }
  }
}

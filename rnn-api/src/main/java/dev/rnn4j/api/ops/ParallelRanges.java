package dev.rnn4j.api.ops;

/**
 * An optional capability of a {@link TensorOps}: runs element-wise work over a range of indices
 * on the backend's threads. rnn-core's optimizers step a large parameter this way (their update
 * reads and writes three or four arrays per element and is bound by memory bandwidth, which a
 * second core adds to); without the capability they run on the calling thread. rnn-core's Elman
 * cell runs the steps of a batch this way, a range of its sequences per thread, calling the
 * backend's operations from inside each range: a backend offering this capability must let a range
 * call its other operations (they then run on the range's thread) and give what one call over
 * everything gives (the conformance kit checks both).
 */
public interface ParallelRanges {
  /** Work on the elements {@code [from, to)}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over disjoint ranges (some possibly empty) that together cover {@code [0,
   * n)} exactly once, and returns when all have finished; a single range {@code [0, n)}, on the
   * calling thread, when {@code n < 2 * grain} or the backend has one thread. How {@code [0,
   * n)} is split and which thread runs each range may vary from call to call, so {@code task} must
   * give the same result however it is split: element-wise work, each element written by the
   * range that holds it. The first failure of a range is rethrown once all ranges have finished.
   *
   * @param grain the fewest elements worth a thread of their own (at least 1)
   */
  void forRanges(int n, int grain, Range task);
}

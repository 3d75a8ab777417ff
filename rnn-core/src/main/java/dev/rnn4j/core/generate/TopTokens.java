package dev.rnn4j.core.generate;

/**
 * The top-k / top-p (nucleus) restriction of a next-token distribution, for sampling: the tokens
 * are ordered by probability, most probable first, equal probabilities by id; the first {@code k}
 * are kept, and of those the shortest prefix whose probabilities, added in that order, reach
 * {@code p}. All other probabilities are set to 0 (the draw renormalises).
 *
 * <p>Only the prefix of the order that is needed is found: the first 64 (or k) tokens with a
 * bounded heap, then 16 times as many while the prefix does not reach p, then all (a heap sort)
 * once that would be over a quarter of them. A full sort of a 10,000-word
 * vocabulary for every token cost six times the rest of a sampled step. The kept set and the sum
 * that decides it are those of the full sort. Not thread-safe: one per {@link Generator}.
 */
final class TopTokens {
  private final double[] probs;
  private final int[] heap;
  /** The prefix of the order {@link #first} found, most probable first. */
  private final int[] order;
  private final boolean[] kept;

  /** @param probs the distribution restricted in place by {@link #restrict} */
  TopTokens(double[] probs) {
    this.probs = probs;
    this.heap = new int[probs.length];
    this.order = new int[probs.length];
    this.kept = new boolean[probs.length];
  }

  /**
   * @param topK if positive, keep at most the k most probable tokens
   * @param topP in (0, 1]: keep the shortest prefix reaching this total (1 = no restriction)
   */
  void restrict(int topK, double topP) {
    int m = probs.length;
    if (topK <= 0 && topP >= 1) {
      return;
    }
    int limit = topK > 0 ? Math.min(topK, m) : m;
    // p is checked with top-k alone too: the kept prefix ends where the sum reaches 1
    int keep;
    int want = Math.min(limit, 64);
    while (true) {
      first(want);
      int reached = reach(want, topP);
      if (reached > 0 || want == limit) {
        keep = reached > 0 ? reached : limit;
        break;
      }
      // a flat distribution needs most of the vocabulary: then sort all of it at once
      want = want * 16 > limit / 4 ? limit : want * 16;
    }
    for (int r = 0; r < keep; r++) {
      kept[order[r]] = true;
    }
    for (int i = 0; i < m; i++) {
      if (!kept[i]) {
        probs[i] = 0;
      }
      kept[i] = false;
    }
  }

  /** @return how many of the first {@code n} in order reach {@code topP}, or 0 if they do not */
  private int reach(int n, double topP) {
    double cumulative = 0;
    for (int r = 0; r < n; r++) {
      cumulative += probs[order[r]];
      if (cumulative >= topP) {
        return r + 1;
      }
    }
    return 0;
  }

  /**
   * @return whether token a comes before token b: more probable (by {@link Double#compare}, so NaN
   *     first), or equal ({@code ==}, so 0.0 and -0.0 too) and a lower id
   */
  private boolean before(int a, int b) {
    double pa = probs[a];
    double pb = probs[b];
    int c = pa == pb ? 0 : Double.compare(pa, pb);
    return c != 0 ? c > 0 : a < b;
  }

  /** Puts the first {@code n} tokens in order, in order, into {@link #order}. */
  private void first(int n) {
    // a heap of the n best so far, the last of them in order at the root
    int size = 0;
    for (int i = 0; i < probs.length; i++) {
      if (size < n) {
        heap[size] = i;
        up(size++);
      } else if (before(i, heap[0])) {
        heap[0] = i;
        down(0, size);
      }
    }
    for (int r = size - 1; r >= 0; r--) {
      order[r] = heap[0];
      heap[0] = heap[r];
      down(0, r);
    }
  }

  private void up(int at) {
    while (at > 0) {
      int parent = (at - 1) / 2;
      if (!before(heap[parent], heap[at])) {
        return;
      }
      swap(at, parent);
      at = parent;
    }
  }

  private void down(int at, int size) {
    while (true) {
      int child = 2 * at + 1;
      if (child >= size) {
        return;
      }
      if (child + 1 < size && before(heap[child], heap[child + 1])) {
        child++;
      }
      if (!before(heap[at], heap[child])) {
        return;
      }
      swap(at, child);
      at = child;
    }
  }

  private void swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}

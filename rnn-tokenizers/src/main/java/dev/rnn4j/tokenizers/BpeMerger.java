package dev.rnn4j.tokenizers;

/**
 * Applies learned merges to one piece in O(n log n): a doubly linked list of symbols and a heap of
 * candidate pairs keyed by (rank, position), so the earliest-learned pair is merged first and, among
 * equal ranks, the leftmost. Stateless; the arrays it is given are modified.
 */
final class BpeMerger {
  private BpeMerger() {}

  /**
   * @param sym symbol ids {@code [0, n)}; overwritten with the merged symbols
   * @param ranks pair of ids to merge rank
   * @param results the id each rank produces
   * @return the number of symbols after merging
   */
  static int merge(int[] sym, int n, LongIntMap ranks, int[] results) {
    int[] next = new int[n];
    int[] prev = new int[n];
    long[] heap = new long[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
      if (i + 1 < n) {
        int r = ranks.get(LongIntMap.pair(sym[i], sym[i + 1]));
        if (r >= 0) {
          size = push(heap, size, key(r, i));
        }
      }
    }
    while (size > 0) {
      long top = heap[0];
      size = pop(heap, size);
      int rank = (int) (top >>> 32);
      int i = (int) top;
      int j = next[i];
      if (sym[i] < 0 || j < 0 || ranks.get(LongIntMap.pair(sym[i], sym[j])) != rank) {
        continue; // stale: one side was merged since this entry was pushed
      }
      sym[i] = results[rank];
      sym[j] = -1;
      next[i] = next[j];
      if (next[j] >= 0) {
        prev[next[j]] = i;
      }
      if (heap.length < size + 2) {
        heap = java.util.Arrays.copyOf(heap, heap.length * 2 + 2);
      }
      if (prev[i] >= 0) {
        int r = ranks.get(LongIntMap.pair(sym[prev[i]], sym[i]));
        if (r >= 0) {
          size = push(heap, size, key(r, prev[i]));
        }
      }
      if (next[i] >= 0) {
        int r = ranks.get(LongIntMap.pair(sym[i], sym[next[i]]));
        if (r >= 0) {
          size = push(heap, size, key(r, i));
        }
      }
    }
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (sym[i] >= 0) {
        sym[w++] = sym[i];
      }
    }
    return w;
  }

  private static long key(int rank, int position) {
    return ((long) rank << 32) | position;
  }

  private static int push(long[] heap, int size, long v) {
    int i = size;
    heap[size] = v;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= heap[i]) {
        break;
      }
      long t = heap[parent];
      heap[parent] = heap[i];
      heap[i] = t;
      i = parent;
    }
    return size + 1;
  }

  private static int pop(long[] heap, int size) {
    heap[0] = heap[--size];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int c = l + 1 < size && heap[l + 1] < heap[l] ? l + 1 : l;
      if (heap[i] <= heap[c]) {
        break;
      }
      long t = heap[c];
      heap[c] = heap[i];
      heap[i] = t;
      i = c;
    }
    return size;
  }
}

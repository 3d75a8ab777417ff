package dev.rnn4j.tokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Learns BPE merges from a corpus, incrementally: pair counts are kept up to date as merges are
 * applied, touching only the pieces that contain the merged pair, and the most frequent pair comes
 * from a heap with lazily corrected counts.
 *
 * <p>The corpus is cut into pieces as {@link BpeTokenizer} cuts text; equal pieces are counted
 * once with their frequency. The alphabet is every code point seen (unpaired surrogates excepted:
 * they are left to byte fallback). Each step merges the most frequent adjacent pair; ties go to the
 * pair whose left token, then right token, comes first in code point order, so the result depends
 * only on the multiset of pieces, never on hash order or on the order of the corpus. Training stops
 * when the tokenizer would have {@code vocabSize} tokens (256 byte tokens + the alphabet + one per
 * merge), or when no pair occurs twice. A pair whose merge would be spelled like a byte token
 * ({@code <0x41>}) is never merged.
 *
 * <p>Use: construct, {@link #add} every text, then {@link #train} once. Not thread-safe.
 */
final class BpeTrainer {
  private final Map<String, long[]> pieceCounts = new HashMap<>();
  private final TreeSet<Integer> alphabet = new TreeSet<>();

  /** Counts the pieces of {@code text}. */
  void add(String text) {
    BpeTokenizer.pieces(
        text, (from, to) -> pieceCounts.computeIfAbsent(text.substring(from, to), k -> new long[1])[0]++);
  }

  /** @return the tokenizer with the merges learned for {@code vocabSize} tokens */
  BpeTokenizer train(int vocabSize) {
    for (String piece : pieceCounts.keySet()) {
      piece.codePoints()
          .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
          .forEach(alphabet::add);
    }
    int[] alpha = alphabet.stream().mapToInt(Integer::intValue).toArray();
    State s = new State(alpha);
    int budget = vocabSize - BpeTokenizer.BYTES - alpha.length;
    List<String[]> merges = new ArrayList<>();
    while (merges.size() < budget) {
      long best = s.bestPair();
      if (best < 0) {
        break;
      }
      int left = (int) (best >>> 32);
      int right = (int) best;
      merges.add(new String[] {s.text(left), s.text(right)});
      s.merge(left, right);
    }
    return new BpeTokenizer(vocabSize, alpha, merges);
  }

  /** Pieces as symbol arrays, pair counts, the pieces each pair occurs in, and the heap. */
  private final class State {
    private final List<String> texts = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[][] words;
    private final int[] lengths;
    private final long[] freq;
    private final Map<Long, long[]> pairCounts = new HashMap<>();
    private final Map<Long, int[]> where = new HashMap<>();
    private final int[] seen;
    private int stamp;
    private final PriorityQueue<long[]> heap = new PriorityQueue<>(this::compare);
    /** Pairs whose count rose during the current merge. */
    private final Map<Long, long[]> changed = new HashMap<>();

    State(int[] alpha) {
      for (int cp : alpha) {
        idOf(new String(Character.toChars(cp)));
      }
      words = new int[pieceCounts.size()][];
      lengths = new int[words.length];
      freq = new long[words.length];
      seen = new int[words.length];
      int w = 0;
      for (Map.Entry<String, long[]> e : pieceCounts.entrySet()) {
        freq[w] = e.getValue()[0];
        words[w] = e.getKey().codePoints().map(cp -> ids.getOrDefault(new String(Character.toChars(cp)), -1)).toArray();
        lengths[w] = words[w].length;
        addPairs(w, +1, -1);
        w++;
      }
      for (Map.Entry<Long, long[]> e : pairCounts.entrySet()) {
        if (e.getValue()[0] >= 2) {
          heap.add(new long[] {e.getValue()[0], e.getKey()});
        }
      }
    }

    /**
     * @return the map key of the pair: the packed ids times an odd constant, a bijection that
     *     spreads {@link Long#hashCode} (the packed ids alone collide: (a, b) and (b, a) hash alike)
     */
    private long key(int left, int right) {
      return LongIntMap.pair(left, right) * 0x9E3779B97F4A7C15L;
    }

    /** @return the packed pair of a {@link #key} */
    private long unkey(long key) {
      return key * 0xF1DE83E19937733DL;
    }

    String text(int id) {
      return texts.get(id);
    }

    private int idOf(String text) {
      Integer id = ids.get(text);
      if (id == null) {
        id = texts.size();
        ids.put(text, id);
        texts.add(text);
      }
      return id;
    }

    /** Higher count first, then left text, then right text in code point order. */
    private int compare(long[] a, long[] b) {
      int c = Long.compare(b[0], a[0]);
      if (c != 0) {
        return c;
      }
      long pa = unkey(a[1]);
      long pb = unkey(b[1]);
      c = UnicodeText.compareCodePoints(text((int) (pa >>> 32)), text((int) (pb >>> 32)));
      return c != 0 ? c : UnicodeText.compareCodePoints(text((int) pa), text((int) pb));
    }

    /** @return the pair to merge next, or -1 when no pair occurs at least twice */
    long bestPair() {
      while (!heap.isEmpty()) {
        long[] top = heap.poll();
        long[] now = pairCounts.get(top[1]);
        long count = now == null ? 0 : now[0];
        if (count != top[0]) {
          if (count >= 2) {
            heap.add(new long[] {count, top[1]});
          }
          continue;
        }
        if (count < 2) {
          return -1;
        }
        long pair = unkey(top[1]);
        if (BpeTokenizer.isByteToken(text((int) (pair >>> 32)) + text((int) pair))) {
          continue; // never merged; dropping the entry keeps it out for good
        }
        return pair;
      }
      return -1;
    }

    /** Replaces every occurrence of (left, right) by the merged symbol, updating pair counts. */
    void merge(int left, int right) {
      long key = key(left, right);
      int merged = idOf(text(left) + text(right));
      int[] list = where.remove(key);
      pairCounts.remove(key);
      stamp++;
      for (int k = 1; list != null && k <= list[0]; k++) {
        int w = list[k];
        if (seen[w] != stamp) {
          seen[w] = stamp;
          apply(w, left, right, merged);
        }
      }
      for (Long pair : changed.keySet()) {
        long[] c = pairCounts.get(pair);
        if (c != null && c[0] >= 2) {
          heap.add(new long[] {c[0], pair});
        }
      }
      changed.clear();
    }

    /** Merges in word {@code w} when it still contains the pair. */
    private void apply(int w, int left, int right, int merged) {
      int[] sym = words[w];
      int n = lengths[w];
      boolean found = false;
      for (int i = 0; i + 1 < n && !found; i++) {
        found = sym[i] == left && sym[i + 1] == right;
      }
      if (!found) {
        return;
      }
      addPairs(w, -1, merged);
      int out = 0;
      for (int i = 0; i < n; i++) {
        if (i + 1 < n && sym[i] == left && sym[i + 1] == right) {
          sym[out++] = merged;
          i++;
        } else {
          sym[out++] = sym[i];
        }
      }
      lengths[w] = out;
      addPairs(w, +1, merged);
    }

    /**
     * Adds {@code sign} times the word's frequency to the count of each of its pairs; when adding,
     * records the word under pairs that involve {@code fresh} (or under every pair when fresh is
     * -1). Pairs with an unknown symbol (-1, a lone surrogate) are skipped.
     */
    private void addPairs(int w, int sign, int fresh) {
      int[] sym = words[w];
      for (int i = 0; i + 1 < lengths[w]; i++) {
        int a = sym[i];
        int b = sym[i + 1];
        if (a < 0 || b < 0) {
          continue;
        }
        long key = key(a, b);
        long[] c = pairCounts.computeIfAbsent(key, k -> new long[1]);
        c[0] += sign * freq[w];
        if (c[0] == 0) {
          pairCounts.remove(key);
        }
        if (sign > 0 && (a == fresh || b == fresh)) {
          changed.put(key, c); // only pairs with the new symbol can have grown
        }
        if (sign > 0 && (fresh < 0 || a == fresh || b == fresh)) {
          int[] list = where.get(key);
          if (list == null) {
            list = new int[4];
          } else if (list[0] + 1 == list.length) {
            list = Arrays.copyOf(list, list.length * 2);
          }
          list[++list[0]] = w;
          where.put(key, list);
        }
      }
    }
  }
}

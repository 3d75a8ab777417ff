package dev.rnn4j.core.data;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts tokens and builds a {@link Vocabulary}: the four specials first (ids 0–3), then every
 * token seen at least {@link #minCount} times, most frequent first, ties in code point order of
 * the token text, cut to {@link #maxSize} entries (specials included). The result depends only on
 * the counts, so it is identical across runs and JVMs. Tokens spelled like a special ({@code
 * <unk>}) are not counted: the special already has its id.
 *
 * <p>Use: set the limits (any time before {@link #build}), {@link #add} token sequences, then
 * {@link #build} (which may be called again after more adds). Mutable and not thread-safe; the
 * vocabularies it builds are immutable.
 */
public final class VocabularyBuilder {
  private final Map<String, long[]> counts = new HashMap<>();
  private int minCount = 1;
  private int maxSize = Integer.MAX_VALUE;

  /** Creates an empty builder: minimum count 1, no maximum size. */
  public VocabularyBuilder() {}

  /**
   * @param minCount the fewest occurrences a token needs to get an id (&ge; 1)
   * @return this builder
   * @throws RnnException when {@code minCount < 1}
   */
  public VocabularyBuilder minCount(int minCount) {
    if (minCount < 1) {
      throw new RnnException("the minimum token count must be at least 1, got " + minCount);
    }
    this.minCount = minCount;
    return this;
  }

  /**
   * @param maxSize the largest vocabulary size, the 4 specials included (&ge; 4)
   * @return this builder
   * @throws RnnException when {@code maxSize < 4}
   */
  public VocabularyBuilder maxSize(int maxSize) {
    if (maxSize < Vocabulary.SPECIALS.size()) {
      throw new RnnException(
          "the vocabulary size must be at least " + Vocabulary.SPECIALS.size()
              + " (the special tokens), got " + maxSize);
    }
    this.maxSize = maxSize;
    return this;
  }

  /**
   * Counts each token of {@code tokens} once per occurrence; {@code tokens} is not modified.
   *
   * @return this builder
   */
  public VocabularyBuilder add(Iterable<String> tokens) {
    for (String token : tokens) {
      if (!Vocabulary.SPECIALS.contains(token)) {
        counts.computeIfAbsent(token, k -> new long[1])[0]++;
      }
    }
    return this;
  }

  /**
   * Counts {@code token} {@code count} more times (as {@code count} occurrences): for counts made
   * elsewhere, such as on a cluster, so that one set of rules builds every vocabulary.
   *
   * @return this builder
   * @throws RnnException when {@code count < 0}
   */
  public VocabularyBuilder add(String token, long count) {
    if (count < 0) {
      throw new RnnException("a token count must be >= 0, got " + count + " for '" + token + "'");
    }
    if (!Vocabulary.SPECIALS.contains(token)) {
      counts.computeIfAbsent(token, k -> new long[1])[0] += count;
    }
    return this;
  }

  /** @return how often {@code token} was added so far */
  public long count(String token) {
    long[] c = counts.get(token);
    return c == null ? 0 : c[0];
  }

  /** @return the vocabulary of the tokens added so far, under the current limits */
  public Vocabulary build() {
    List<Map.Entry<String, long[]>> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] >= minCount) {
        kept.add(e);
      }
    }
    kept.sort(
        (a, b) -> {
          int c = Long.compare(b.getValue()[0], a.getValue()[0]);
          return c != 0 ? c : byCodePoints(a.getKey(), b.getKey());
        });
    int room = maxSize - Vocabulary.SPECIALS.size();
    List<String> words = new ArrayList<>(Math.min(room, kept.size()));
    for (int i = 0; i < kept.size() && i < room; i++) {
      words.add(kept.get(i).getKey());
    }
    return Vocabulary.withSpecials(words);
  }

  /** Orders by code point (not UTF-16 unit), so supplementary characters sort last. */
  private static int byCodePoints(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }
}

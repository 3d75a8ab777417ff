package dev.rnn4j.api.token;

import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping between tokens and ids {@code 0 .. size()-1}. The four special tokens come first,
 * with fixed ids: {@code <pad>} 0, {@code <unk>} 1, {@code <s>} 2, {@code </s>} 3. Unknown tokens
 * map to {@code <unk>}. Immutable and thread-safe.
 */
public final class Vocabulary {
  /** Padding, id 0: fills short sequences in a batch; never predicted. */
  public static final String PAD = "<pad>";
  /** Unknown token, id 1. */
  public static final String UNK = "<unk>";
  /** Start of a sentence, id 2. */
  public static final String BOS = "<s>";
  /** End of a sentence, id 3. */
  public static final String EOS = "</s>";
  /** The special tokens in id order. */
  public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens) {
    this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      if (ids.put(tokens.get(i), i) != null) {
        throw new RnnException("vocabulary lists '" + tokens.get(i) + "' twice");
      }
    }
  }

  /**
   * @param tokens every token in id order, starting with {@link #SPECIALS}
   * @throws RnnException if the specials are missing or misplaced, or a token repeats
   */
  public static Vocabulary of(List<String> tokens) {
    if (tokens.size() < SPECIALS.size() || !tokens.subList(0, SPECIALS.size()).equals(SPECIALS)) {
      throw new RnnException("a vocabulary must start with " + SPECIALS);
    }
    return new Vocabulary(tokens);
  }

  /** @return a vocabulary of the specials followed by {@code words} (in the given order) */
  public static Vocabulary withSpecials(List<String> words) {
    List<String> all = new ArrayList<>(SPECIALS);
    all.addAll(words);
    return of(all);
  }

  /** @return the number of tokens, specials included */
  public int size() {
    return tokens.size();
  }

  /** @return the id of {@code token}, or the id of {@code <unk>} when it is not in the vocabulary */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? unkId() : id;
  }

  /** @return whether {@code token} has its own id */
  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** @return the token of {@code id} */
  public String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new RnnException("token id " + id + " is outside the vocabulary [0, " + tokens.size() + ")");
    }
    return tokens.get(id);
  }

  /** @return all tokens in id order (unmodifiable) */
  public List<String> tokens() {
    return tokens;
  }

  /** @return the id of {@code <pad>} */
  public int padId() {
    return 0;
  }

  /** @return the id of {@code <unk>} */
  public int unkId() {
    return 1;
  }

  /** @return the id of {@code <s>} */
  public int bosId() {
    return 2;
  }

  /** @return the id of {@code </s>} */
  public int eosId() {
    return 3;
  }

  /** @return the ids of {@code tokens}, unknown ones mapped to {@code <unk>} */
  public int[] encode(List<String> tokens) {
    int[] out = new int[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = id(tokens.get(i));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary && ((Vocabulary) o).tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }
}

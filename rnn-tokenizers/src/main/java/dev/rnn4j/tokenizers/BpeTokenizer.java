package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-pair encoding over code points with byte fallback, as learned by {@link BpeTrainer}.
 *
 * <p>Text is first cut into pieces, each a run of whitespace followed by a run of non-whitespace
 * ({@code "I like"} gives {@code "I"}, {@code " like"}); merges never cross pieces. In a piece,
 * every code point of the learned alphabet starts as its own symbol, and every other code point
 * (never seen in training) as the bytes of its UTF-8 encoding, written {@code <0xE4>} (an unpaired
 * surrogate is encoded as the three bytes UTF-8 would give its value). The learned merges are then
 * applied in the order they were learned: the earliest-learned adjacent pair is merged first,
 * everywhere in the piece, left to right. Byte tokens are never merged.
 *
 * <p>Lossless: {@link #detokenize} concatenates tokens and decodes each run of byte tokens as
 * UTF-8. No merge ever produces a token spelled like a byte token.
 *
 * <p>Settings: {@code vocab-size} (the target it was trained for), {@code alphabet} (the code
 * points seen, in code point order, escaped as in {@link SettingsText}) and {@code merges} (one
 * merge a line, {@code left right}, escaped). Immutable and thread-safe.
 */
final class BpeTokenizer extends AbstractTokenizer {
  static final String NAME = "bpe";
  static final String VOCAB_SIZE = "vocab-size";
  static final String ALPHABET = "alphabet";
  static final String MERGES = "merges";
  static final int DEFAULT_VOCAB_SIZE = 8000;
  static final int BYTES = 256;

  /** Token text by id: ids 0..255 are the byte tokens, then the alphabet, then merge results. */
  private final String[] tokens;
  /** Code point to symbol id, for the alphabet. */
  private final LongIntMap alphabetIds;
  /** Pair of symbol ids to merge rank. */
  private final LongIntMap ranks;
  /** Symbol id produced by the merge of each rank. */
  private final int[] results;
  private final Options settings;
  /** Every token text this tokenizer can produce (byte tokens, alphabet, merge results). */
  private final java.util.Set<String> inventory;

  /**
   * @param vocabSize the target stored in the settings
   * @param alphabet code points seen in training, ascending, no surrogates
   * @param merges pairs of token texts, in the order learned; each part must be an alphabet
   *     character or the result of an earlier merge
   * @throws RnnException when a merge refers to an unknown token
   */
  BpeTokenizer(int vocabSize, int[] alphabet, List<String[]> merges) {
    List<String> texts = new ArrayList<>(BYTES + alphabet.length + merges.size());
    java.util.Map<String, Integer> ids = new java.util.HashMap<>();
    for (int b = 0; b < BYTES; b++) {
      texts.add(byteToken(b));
    }
    alphabetIds = new LongIntMap(alphabet.length);
    for (int cp : alphabet) {
      String s = new String(Character.toChars(cp));
      alphabetIds.put(cp, texts.size());
      ids.put(s, texts.size());
      texts.add(s);
    }
    ranks = new LongIntMap(merges.size());
    results = new int[merges.size()];
    for (int r = 0; r < merges.size(); r++) {
      String[] m = merges.get(r);
      Integer left = ids.get(m[0]);
      Integer right = ids.get(m[1]);
      if (left == null || right == null) {
        throw new RnnException(
            "BPE merge " + (r + 1) + " ('" + m[0] + "' + '" + m[1] + "') uses a token that is"
                + " neither in the alphabet nor made by an earlier merge; the settings are damaged");
      }
      String merged = m[0] + m[1];
      if (isByteToken(merged)) {
        throw new RnnException("BPE merge " + (r + 1) + " makes '" + merged + "', a byte token");
      }
      Integer id = ids.get(merged);
      if (id == null) {
        id = texts.size();
        ids.put(merged, id);
        texts.add(merged);
      }
      results[r] = id;
      if (ranks.get(LongIntMap.pair(left, right)) < 0) {
        ranks.put(LongIntMap.pair(left, right), r);
      }
    }
    tokens = texts.toArray(new String[0]);
    inventory = java.util.Set.copyOf(texts);
    settings = Options.of(
        VOCAB_SIZE, Integer.toString(vocabSize),
        ALPHABET, encodeAlphabet(alphabet),
        MERGES, encodeMerges(merges));
  }

  /** @throws RnnException when a setting is malformed */
  static BpeTokenizer fromSettings(Options options) {
    int vocabSize = options.getInt(VOCAB_SIZE, DEFAULT_VOCAB_SIZE);
    String alphabetText = SettingsText.unescape(options.get(ALPHABET, ""), "setting 'alphabet'");
    int[] alphabet = alphabetText.codePoints().toArray();
    for (int i = 0; i < alphabet.length; i++) {
      if ((i > 0 && alphabet[i] <= alphabet[i - 1])
          || (alphabet[i] >= Character.MIN_SURROGATE && alphabet[i] <= Character.MAX_SURROGATE)) {
        throw new RnnException("setting 'alphabet' of tokenizer 'bpe' must list distinct code"
            + " points in ascending order, without surrogates");
      }
    }
    List<String[]> merges = new ArrayList<>();
    for (String line : SettingsText.split(options.get(MERGES, ""), '\n', "setting 'merges'")) {
      List<String> parts = SettingsText.split(line, ' ', "setting 'merges'");
      if (parts.size() != 2) {
        throw new RnnException(
            "setting 'merges' of tokenizer 'bpe' must hold two tokens a line, got '" + line + "'");
      }
      merges.add(new String[] {
        SettingsText.unescape(parts.get(0), "setting 'merges'"),
        SettingsText.unescape(parts.get(1), "setting 'merges'")
      });
    }
    return new BpeTokenizer(vocabSize, alphabet, merges);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** @return the number of distinct tokens this tokenizer can produce (byte tokens included) */
  int tokenCount() {
    return tokens.length;
  }

  @Override
  public boolean canProduce(String token) {
    return inventory.contains(token);
  }

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int[][] buffer = {new int[64]};
    pieces(text, (from, to) -> buffer[0] = encodePiece(text, from, to, buffer[0], out));
    return out;
  }

  /** Receives the bounds of one piece, {@code [from, to)} in UTF-16 units. */
  interface PieceSink {
    void accept(int from, int to);
  }

  /** Cuts {@code text} into pieces: a run of whitespace, then a run of anything else. */
  static void pieces(String text, PieceSink sink) {
    int start = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean space = UnicodeText.isWhiteSpace(cp);
      if (space && inWord) {
        sink.accept(start, i);
        start = i;
      }
      inWord = !space;
      i += Character.charCount(cp);
    }
    if (start < text.length()) {
      sink.accept(start, text.length());
    }
  }

  /** Encodes text[from, to) and appends its tokens; @return a symbol buffer to reuse. */
  private int[] encodePiece(String text, int from, int to, int[] buffer, List<String> out) {
    int[] sym = buffer.length >= (to - from) * 4 ? buffer : new int[(to - from) * 4];
    int n = 0;
    for (int i = from; i < to; ) {
      int cp = text.codePointAt(i);
      int id = alphabetIds.get(cp);
      if (id >= 0) {
        sym[n++] = id;
      } else {
        n = Utf8.encode(cp, sym, n);
      }
      i += Character.charCount(cp);
    }
    n = n > 1 && results.length > 0 ? BpeMerger.merge(sym, n, ranks, results) : n;
    for (int i = 0; i < n; i++) {
      out.add(tokens[sym[i]]);
    }
    return sym;
  }

  @Override
  public String detokenize(List<String> tokens) {
    StringBuilder sb = new StringBuilder();
    byte[] bytes = new byte[16];
    int nBytes = 0;
    for (String token : tokens) {
      if (isByteToken(token)) {
        if (nBytes == bytes.length) {
          bytes = Arrays.copyOf(bytes, nBytes * 2);
        }
        bytes[nBytes++] = (byte) Integer.parseInt(token.substring(3, 5), 16);
        continue;
      }
      Utf8.decode(bytes, nBytes, sb);
      nBytes = 0;
      sb.append(token);
    }
    Utf8.decode(bytes, nBytes, sb);
    return sb.toString();
  }

  @Override
  public boolean isLossless() {
    return true;
  }

  @Override
  public Options settings() {
    return settings;
  }

  static String byteToken(int b) {
    return String.format("<0x%02X>", b);
  }

  /** @return whether {@code s} is spelled {@code <0xHH>} with upper-case hex digits */
  static boolean isByteToken(String s) {
    return s.length() == 6
        && s.startsWith("<0x")
        && s.charAt(5) == '>'
        && isHex(s.charAt(3))
        && isHex(s.charAt(4));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
  }

  private static String encodeAlphabet(int[] alphabet) {
    StringBuilder sb = new StringBuilder();
    for (int cp : alphabet) {
      SettingsText.escape(new String(Character.toChars(cp)), sb);
    }
    return sb.toString();
  }

  private static String encodeMerges(List<String[]> merges) {
    StringBuilder sb = new StringBuilder();
    for (String[] m : merges) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      SettingsText.escape(m[0], sb);
      sb.append(' ');
      SettingsText.escape(m[1], sb);
    }
    return sb.toString();
  }
}

package dev.rnn4j.tokenizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BpeTokenizerTest {
  private final BpeTokenizerProvider provider = new BpeTokenizerProvider();

  private static List<String> corpus(int lines, long seed) {
    String[] words = {"我", "昨天", "上学", "迟到", "了", "low", "lower", "newest", "widest", "the",
        "bug", "Debian", "写", "个", "2", "，", "。", "🙂", "e\u0301"};
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      StringBuilder sb = new StringBuilder();
      int n = 1 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        sb.append(words[r.nextInt(words.length)]);
        if (r.nextInt(3) == 0) {
          sb.append(' ');
        }
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static List<String> merges(Tokenizer t) {
    String m = t.settings().get("merges", "");
    return m.isEmpty() ? List.of() : List.of(m.split("\n"));
  }

  @Test
  void learnsTheMostFrequentPairsFirst() {
    Tokenizer t = provider.train(List.of("ab ab ab abc", "abc"), Options.of("vocab-size", "262"));
    // alphabet " abc" (4) + 256 bytes leaves 2 merges: "a b" (5 times), then " ab" (3 times)
    assertEquals(List.of("a b", "\\s ab"), merges(t));
    assertEquals(List.of("ab", " ab", " ab", " ab", "c"), t.tokenize("ab ab ab abc"));
  }

  @Test
  void trainingIsDeterministicAndIndependentOfCorpusOrder() {
    List<String> corpus = corpus(2000, 7);
    Tokenizer a = provider.train(corpus, Options.of("vocab-size", "400"));
    Tokenizer b = provider.train(corpus, Options.of("vocab-size", "400"));
    List<String> shuffled = new ArrayList<>(corpus);
    Collections.shuffle(shuffled, new Random(3));
    Tokenizer c = provider.train(shuffled, Options.of("vocab-size", "400"));
    assertEquals(a.settings(), b.settings());
    assertEquals(a.settings(), c.settings());
    assertFalse(merges(a).isEmpty());
  }

  @Test
  void incrementalTrainingMatchesRecountingEveryStep() {
    List<String> corpus = corpus(300, 11);
    BpeTokenizer fast = (BpeTokenizer) provider.train(corpus, Options.of("vocab-size", "330"));
    assertEquals(NaiveBpe.train(corpus, 330 - 256 - alphabetSize(fast)), merges(fast));
  }

  private static int alphabetSize(Tokenizer t) {
    return (int) SettingsText.unescape(t.settings().get("alphabet", ""), "").codePoints().count();
  }

  @Test
  void unseenCharactersFallBackToUtf8ByteTokens() {
    Tokenizer t = provider.train(List.of("我昨天上学迟到了"), Options.of("vocab-size", "300"));
    List<String> tokens = t.tokenize("我写了🦩");
    assertEquals(List.of("我", "<0xE5>", "<0x86>", "<0x99>", "了",
        "<0xF0>", "<0x9F>", "<0xA6>", "<0xA9>"), tokens);
    assertEquals("我写了🦩", t.detokenize(tokens));
  }

  @Test
  void literalByteTokenTextInTheCorpusIsNeverMergedIntoAByteToken() {
    Tokenizer t = provider.train(Collections.nCopies(50, "<0x41>"), Options.of("vocab-size", "400"));
    for (String m : merges(t)) {
      assertFalse(SettingsText.unescape(m.replace(' ', '|'), "").replace("|", "").equals("<0x41>"));
    }
    List<String> tokens = t.tokenize("<0x41>");
    assertTrue(tokens.size() >= 2, tokens.toString());
    assertEquals("<0x41>", t.detokenize(tokens));
  }

  @Test
  void loneSurrogatesRoundTrip() {
    Tokenizer t = provider.train(List.of("a\uD800b", "a\uDC00b"), Options.of("vocab-size", "300"));
    for (String s : List.of("\uD800", "x\uDBFFy", "\uDC00\uD800", "a\uD800b")) {
      assertEquals(s, t.detokenize(t.tokenize(s)));
    }
  }

  @Test
  void mergesAreRestoredFromSettings() {
    Tokenizer trained = provider.train(corpus(500, 5), Options.of("vocab-size", "350"));
    Tokenizer restored = provider.create(Options.of(trained.settings().asMap()));
    String text = "我昨天写了 lowest newest bug 🙂 e\u0301 zebra";
    assertEquals(trained.tokenize(text), restored.tokenize(text));
    assertTrue(trained.tokenize(text).contains("昨天"));
    assertEquals(trained, restored);
  }

  @Test
  void vocabSizeBoundsTheTokenCount() {
    List<String> corpus = corpus(1000, 9);
    BpeTokenizer small = (BpeTokenizer) provider.train(corpus, Options.of("vocab-size", "300"));
    BpeTokenizer big = (BpeTokenizer) provider.train(corpus, Options.of("vocab-size", "420"));
    assertTrue(small.tokenCount() <= 300, "" + small.tokenCount());
    assertTrue(big.tokenCount() <= 420, "" + big.tokenCount());
    assertTrue(merges(big).size() > merges(small).size());
    assertNotEquals(small, big);
  }

  @Test
  void badSettingsAreUserErrors() {
    assertThrows(RnnException.class, () -> provider.train(List.of("a"), Options.of("vocab-size", "10")));
    assertThrows(RnnException.class, () -> provider.train(List.of("a"), Options.of("merges", "a b")));
    RnnException e = assertThrows(RnnException.class,
        () -> provider.create(Options.of("alphabet", "ab", "merges", "a c")));
    assertTrue(e.getMessage().contains("merge 1"), e.getMessage());
    assertThrows(RnnException.class, () -> provider.create(Options.of("alphabet", "ba")));
  }

  @Test
  void untrainedTokenizerIsByteLevelAndLossless() {
    Tokenizer t = provider.create(Options.empty());
    assertEquals(List.of("<0x61>", "<0x20>", "<0xC3>", "<0xA9>"), t.tokenize("a é"));
    assertEquals("a é", t.detokenize(t.tokenize("a é")));
  }

  @Test
  void trainingIsReasonablyFast() {
    List<String> corpus = corpus(20_000, 1);
    long t0 = System.nanoTime();
    Tokenizer t = provider.train(corpus, Options.of("vocab-size", "2000"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 10_000, "training took " + ms + " ms");
    assertFalse(merges(t).isEmpty());
  }

  /** The textbook algorithm: recount every pair before every merge. */
  static final class NaiveBpe {
    static List<String> train(List<String> corpus, int merges) {
      Map<List<String>, Long> words = new HashMap<>();
      for (String text : corpus) {
        BpeTokenizer.pieces(text, (a, b) -> {
          List<String> w = new ArrayList<>();
          text.substring(a, b).codePoints().forEach(cp -> w.add(new String(Character.toChars(cp))));
          words.merge(w, 1L, Long::sum);
        });
      }
      List<String> out = new ArrayList<>();
      while (out.size() < merges) {
        Map<List<String>, Long> pairs = new HashMap<>();
        words.forEach((w, n) -> {
          for (int i = 0; i + 1 < w.size(); i++) {
            pairs.merge(List.of(w.get(i), w.get(i + 1)), n, Long::sum);
          }
        });
        List<String> best = null;
        long bestCount = 1;
        for (Map.Entry<List<String>, Long> e : pairs.entrySet()) {
          List<String> p = e.getKey();
          long c = e.getValue();
          if (c > bestCount || (c == bestCount && best != null && less(p, best))) {
            best = p;
            bestCount = c;
          }
        }
        if (best == null) {
          break;
        }
        StringBuilder line = new StringBuilder();
        SettingsText.escape(best.get(0), line);
        line.append(' ');
        SettingsText.escape(best.get(1), line);
        out.add(line.toString());
        Map<List<String>, Long> next = new HashMap<>();
        for (Map.Entry<List<String>, Long> e : words.entrySet()) {
          List<String> w = new ArrayList<>();
          List<String> old = e.getKey();
          for (int i = 0; i < old.size(); i++) {
            if (i + 1 < old.size() && old.get(i).equals(best.get(0)) && old.get(i + 1).equals(best.get(1))) {
              w.add(best.get(0) + best.get(1));
              i++;
            } else {
              w.add(old.get(i));
            }
          }
          next.merge(w, e.getValue(), Long::sum);
        }
        words.clear();
        words.putAll(next);
      }
      return out;
    }

    private static boolean less(List<String> a, List<String> b) {
      int c = UnicodeText.compareCodePoints(a.get(0), b.get(0));
      return c < 0 || (c == 0 && UnicodeText.compareCodePoints(a.get(1), b.get(1)) < 0);
    }
  }
}

package dev.rnn4j.testkit.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TokenizerProvider} must keep. Subclass it in one line, naming the
 * provider and the options to create (or train) the tokenizer with:
 *
 * <pre>{@code
 * class CharTokenizerConformanceTest extends TokenizerConformanceTest {
 *   CharTokenizerConformanceTest() { super(new CharTokenizerProvider(), Options.empty()); }
 * }
 * }</pre>
 *
 * <p>A trainable provider ({@link TokenizerProvider#isTrainable()}) is trained once per test on
 * {@link #trainingCorpus()}. The checks: the provider's name and option keys, round trips where
 * {@link Tokenizer#isLossless()} promises them (and stable re-tokenization where it does not),
 * {@link Tokenizer#settings()} re-creating an equal tokenizer that tokenizes alike, empty and blank
 * input, about a million characters of input, characters the tokenizer never saw (rare scripts,
 * private use, a lone surrogate), and identical results from several threads at once.
 *
 * <p>JUnit creates an instance per test method; the instance is not shared between threads except
 * by the concurrency test itself.
 */
public abstract class TokenizerConformanceTest {
  /** Texts every tokenizer must handle: Chinese, Latin, mixed, emoji, marks, odd whitespace. */
  protected static final List<String> SAMPLES =
      List.of(
          "我昨天上学迟到了",
          "我 昨天 上学 迟到 了",
          "Debian写了2个bug",
          "Hello, world! It costs 3.14 dollars.",
          "  leading and trailing spaces  ",
          "tabs\tand\nnew lines\r\nhere",
          "家人 👩‍👩‍👧‍👦 国旗 🇨🇳🇫🇷 赞 👍🏽 e\u0301te\u0301 a\u0308",
          "surrogate pairs 𝄞 and 𠀀𪚥",
          "ideographic\u3000space and no-break\u00A0space",
          "ＡＢＣ全角１２３，半角ABC123.",
          "Ελληνικά Русский العربية हिन्दी 한국어");

  /** Characters no tokenizer has seen in {@link #trainingCorpus()}. */
  protected static final List<String> UNSEEN =
      List.of(
          "\uD83E\uDDA9 flamingo",
          "𓀀𓀁 hieroglyphs and ꙮ",
          "private use \uE000\uDBFF\uDFFD",
          "control \u0000\u0007 chars",
          "lone \uD800 surrogate");

  private final TokenizerProvider provider;
  private final Options options;
  private Tokenizer tokenizer;

  /**
   * @param provider the provider under test
   * @param options the options to create (or train) the tokenizer with
   */
  protected TokenizerConformanceTest(TokenizerProvider provider, Options options) {
    this.provider = provider;
    this.options = options;
  }

  /** @return the corpus a trainable provider learns from; by default {@link #SAMPLES} */
  protected Iterable<String> trainingCorpus() {
    return SAMPLES;
  }

  /** @return the tokenizer under test, created (or trained) on first use */
  protected final Tokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer =
          provider.isTrainable()
              ? provider.train(trainingCorpus(), options)
              : provider.create(options);
    }
    return tokenizer;
  }

  private static List<String> allTexts() {
    List<String> all = new ArrayList<>(SAMPLES);
    all.addAll(UNSEEN);
    return all;
  }

  @Test
  void providerNameIsLowerCaseAndMatchesTheTokenizer() {
    assertFalse(provider.name().isEmpty());
    assertEquals(provider.name().toLowerCase(Locale.ROOT), provider.name());
    assertEquals(provider.name(), tokenizer().name());
  }

  @Test
  void settingsUseOnlyDeclaredOptionKeys() {
    for (String key : tokenizer().settings().asMap().keySet()) {
      assertTrue(provider.optionKeys().contains(key), "settings key '" + key + "' not declared");
    }
  }

  @Test
  void unknownOptionIsAUserError() {
    RnnException e =
        assertThrows(
            RnnException.class,
            () -> provider.create(options.with("no-such-option-xyz", "1")));
    assertTrue(e.getMessage().contains("no-such-option-xyz"), e.getMessage());
  }

  @Test
  void tokensAreNeverEmpty() {
    for (String text : allTexts()) {
      for (String token : tokenizer().tokenize(text)) {
        assertFalse(token.isEmpty(), () -> "empty token in " + text);
      }
    }
  }

  @Test
  void roundTripWhereLossless() {
    for (String text : allTexts()) {
      List<String> tokens = tokenizer().tokenize(text);
      if (tokenizer().isLossless()) {
        assertEquals(text, tokenizer().detokenize(tokens), "round trip of " + text);
      } else {
        assertEquals(
            tokens,
            tokenizer().tokenize(tokenizer().detokenize(tokens)),
            "re-tokenizing the detokenized " + text);
      }
    }
  }

  @Test
  void settingsRecreateAnEqualTokenizer() {
    Tokenizer again = provider.create(tokenizer().settings());
    assertEquals(tokenizer(), again);
    assertEquals(tokenizer().hashCode(), again.hashCode());
    assertEquals(tokenizer().settings(), again.settings());
    assertEquals(tokenizer().isLossless(), again.isLossless());
    for (String text : allTexts()) {
      assertEquals(tokenizer().tokenize(text), again.tokenize(text), text);
    }
  }

  @Test
  void emptyAndBlankInput() {
    assertEquals(List.of(), tokenizer().tokenize(""));
    assertEquals("", tokenizer().detokenize(List.of()));
    for (String blank : List.of(" ", "\n", " \t\u3000 ")) {
      List<String> tokens = tokenizer().tokenize(blank);
      if (tokenizer().isLossless()) {
        assertEquals(blank, tokenizer().detokenize(tokens));
      } else {
        assertEquals(List.of(), tokens, "tokens of blank input");
      }
    }
  }

  @Test
  void aMillionCharacters() {
    StringBuilder sb = new StringBuilder();
    List<String> parts = new ArrayList<>();
    for (int i = 0; sb.length() < 1_000_000; i++) {
      String part = SAMPLES.get(i % SAMPLES.size()) + (i % 7 == 0 ? "。" : "") + " " + i;
      parts.add(part);
      sb.append(part).append('\n');
    }
    String text = sb.toString();
    List<String> tokens = tokenizer().tokenize(text);
    if (tokenizer().isLossless()) {
      assertEquals(text, tokenizer().detokenize(tokens));
    } else {
      List<String> expected = new ArrayList<>();
      for (String part : parts) {
        expected.addAll(tokenizer().tokenize(part));
      }
      assertEquals(expected, tokens);
    }
  }

  @Test
  void unseenCharactersAreKept() {
    for (String text : UNSEEN) {
      List<String> tokens = tokenizer().tokenize(text);
      assertFalse(tokens.isEmpty(), text);
      if (tokenizer().isLossless()) {
        assertEquals(text, tokenizer().detokenize(tokens), "round trip of " + text);
      }
    }
  }

  @Test
  void concurrentUseGivesTheSameTokens() throws Exception {
    List<String> texts = allTexts();
    List<List<String>> expected = new ArrayList<>();
    for (String text : texts) {
      expected.add(tokenizer().tokenize(text));
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<List<String>>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<List<String>> got = null;
                  for (int round = 0; round < 20; round++) {
                    List<List<String>> these = new ArrayList<>(expected);
                    for (int k = 0; k < texts.size(); k++) {
                      int i = (k + offset) % texts.size();
                      these.set(i, tokenizer().tokenize(texts.get(i)));
                    }
                    got = these;
                  }
                  return got;
                }));
      }
      start.countDown();
      for (Future<List<List<String>>> f : results) {
        assertEquals(expected, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}

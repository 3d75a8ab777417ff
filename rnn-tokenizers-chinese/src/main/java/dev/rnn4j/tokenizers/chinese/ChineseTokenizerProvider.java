package dev.rnn4j.tokenizers.chinese;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.Set;

/**
 * Provides the {@code chinese} word segmenter (HanLP portable). Option {@code person-names}
 * (default {@code false}) turns on person-name recognition. Creating a tokenizer loads HanLP's
 * dictionaries (a fraction of a second the first time in a JVM). Stateless and thread-safe.
 */
public final class ChineseTokenizerProvider implements TokenizerProvider {
  private static final String PROBE = "com.hankcs.hanlp.seg.Viterbi.ViterbiSegment";

  /** Creates the provider; does no work. */
  public ChineseTokenizerProvider() {}

  @Override
  public String name() {
    return ChineseTokenizer.NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    try {
      Class.forName(PROBE, false, ChineseTokenizerProvider.class.getClassLoader());
      return "";
    } catch (ClassNotFoundException | LinkageError e) {
      return "HanLP is not on the class path: add com.hankcs:hanlp:portable-1.8.6";
    }
  }

  @Override
  public String description() {
    return "Chinese word segmentation (HanLP portable); whitespace runs kept as tokens; lossless";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(ChineseTokenizer.PERSON_NAMES);
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + name() + "'");
    return new ChineseTokenizer(options.getBoolean(ChineseTokenizer.PERSON_NAMES, false));
  }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class PatternNfkcLowercaseConformanceTest extends TokenizerConformanceTest {
  PatternNfkcLowercaseConformanceTest() { super(new PatternTokenizerProvider(), Options.of("nfkc", "true", "lowercase", "true")); }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class PatternConformanceTest extends TokenizerConformanceTest {
  PatternConformanceTest() { super(new PatternTokenizerProvider(), Options.empty()); }
}

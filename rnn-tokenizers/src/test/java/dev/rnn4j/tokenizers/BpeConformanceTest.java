package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class BpeConformanceTest extends TokenizerConformanceTest {
  BpeConformanceTest() { super(new BpeTokenizerProvider(), Options.of("vocab-size", "500")); }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class CharGraphemeConformanceTest extends TokenizerConformanceTest {
  CharGraphemeConformanceTest() { super(new CharTokenizerProvider(), Options.of("graphemes", "true")); }
}

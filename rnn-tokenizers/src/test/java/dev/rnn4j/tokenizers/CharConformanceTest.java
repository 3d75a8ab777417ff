package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class CharConformanceTest extends TokenizerConformanceTest {
  CharConformanceTest() { super(new CharTokenizerProvider(), Options.empty()); }
}

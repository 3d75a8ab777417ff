package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class WhitespaceConformanceTest extends TokenizerConformanceTest {
  WhitespaceConformanceTest() { super(new WhitespaceTokenizerProvider(), Options.empty()); }
}

package dev.rnn4j.tokenizers.chinese;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class ChineseConformanceTest extends TokenizerConformanceTest {
  ChineseConformanceTest() { super(new ChineseTokenizerProvider(), Options.empty()); }
}

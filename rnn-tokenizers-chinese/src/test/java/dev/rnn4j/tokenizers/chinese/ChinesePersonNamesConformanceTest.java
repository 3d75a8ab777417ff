package dev.rnn4j.tokenizers.chinese;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

class ChinesePersonNamesConformanceTest extends TokenizerConformanceTest {
  ChinesePersonNamesConformanceTest() { super(new ChineseTokenizerProvider(), Options.of("person-names", "true")); }
}

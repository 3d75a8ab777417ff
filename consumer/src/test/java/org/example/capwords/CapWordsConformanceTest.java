package org.example.capwords;

import dev.rnn4j.api.Options;
import dev.rnn4j.testkit.token.TokenizerConformanceTest;

/** The consumer's tokenizer plugin passes rnn4j's tokenizer kit. */
class CapWordsConformanceTest extends TokenizerConformanceTest {
  CapWordsConformanceTest() {
    super(new CapWordsTokenizerProvider(), Options.empty());
  }
}

package dev.rnn4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Vocabulary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VocabularyBuilderTest {
  @Test
  void specialsFirstThenByCountThenCodePointOrder() {
    Vocabulary v = new VocabularyBuilder()
        .add(List.of("了", "我", "b", "a", "了", "😀", "\uFFFD", "b", "了"))
        .build();
    // 了 3, b 2, then count 1 in code point order: a (61) 我 (6211) U+FFFD 😀 (1F600)
    assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "了", "b", "a", "我", "\uFFFD", "😀"),
        v.tokens());
  }

  @Test
  void minCountDropsRareTokens() {
    Vocabulary v = new VocabularyBuilder().minCount(2).add(List.of("x", "y", "y", "z", "z", "z")).build();
    assertEquals(List.of("z", "y"), v.tokens().subList(4, v.size()));
    assertEquals(v.unkId(), v.id("x"));
  }

  @Test
  void maxSizeCountsTheSpecials() {
    Vocabulary v = new VocabularyBuilder().maxSize(6).add(List.of("a", "b", "b", "c", "c", "c")).build();
    assertEquals(6, v.size());
    assertEquals(List.of("c", "b"), v.tokens().subList(4, 6));
    assertEquals(4, new VocabularyBuilder().maxSize(4).add(List.of("a")).build().size());
  }

  @Test
  void sameCountsGiveTheSameVocabularyWhateverTheOrder() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      tokens.add("w" + (i % 37) + (i % 3 == 0 ? "中" : ""));
    }
    Vocabulary a = new VocabularyBuilder().add(tokens).build();
    Collections.shuffle(tokens, new Random(1));
    Vocabulary b = new VocabularyBuilder().add(tokens.subList(0, 1000)).add(tokens.subList(1000, 2000)).build();
    assertEquals(a, b);
  }

  @Test
  void specialsInTheTextAreNotCountedTwice() {
    VocabularyBuilder b = new VocabularyBuilder().add(List.of("<unk>", "<s>", "a"));
    assertEquals(0, b.count("<unk>"));
    assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a"), b.build().tokens());
  }

  @Test
  void badLimitsAreUserErrors() {
    assertThrows(RnnException.class, () -> new VocabularyBuilder().minCount(0));
    assertThrows(RnnException.class, () -> new VocabularyBuilder().maxSize(3));
  }
}

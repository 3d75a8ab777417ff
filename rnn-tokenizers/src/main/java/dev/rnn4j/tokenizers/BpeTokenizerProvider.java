package dev.rnn4j.tokenizers;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import java.util.Set;

/**
 * Provides the {@code bpe} tokenizer: byte-pair encoding learned by rnn4j over code points, with
 * byte fallback ({@code <0xE4>}) for characters never seen in training.
 *
 * <p>{@link #train} takes the option {@code vocab-size} (the target number of distinct tokens,
 * 256 byte tokens and the alphabet included; default {@value BpeTokenizer#DEFAULT_VOCAB_SIZE}) and
 * is deterministic for a given corpus (see {@link BpeTrainer} for tie-breaking). {@link #create}
 * re-creates a trained tokenizer from its settings ({@code vocab-size}, {@code alphabet}, {@code
 * merges}); without merges it gives a byte-level tokenizer. Stateless and thread-safe.
 */
public final class BpeTokenizerProvider implements TokenizerProvider {
  /** Creates the provider; does no work. */
  public BpeTokenizerProvider() {}

  @Override
  public String name() {
    return BpeTokenizer.NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String description() {
    return "byte-pair encoding trained on the corpus, byte fallback for unseen characters; lossless";
  }

  @Override
  public Set<String> optionKeys() {
    return Set.of(BpeTokenizer.VOCAB_SIZE, BpeTokenizer.ALPHABET, BpeTokenizer.MERGES);
  }

  @Override
  public Tokenizer create(Options options) {
    options.requireKnownKeys(optionKeys(), "tokenizer '" + name() + "'");
    return BpeTokenizer.fromSettings(options);
  }

  @Override
  public boolean isTrainable() {
    return true;
  }

  /**
   * Learns merges from {@code corpus} (each element a sentence or a document).
   *
   * @throws RnnException for options other than {@code vocab-size}, or a vocab-size below 256
   */
  @Override
  public Tokenizer train(Iterable<String> corpus, Options options) {
    options.requireKnownKeys(Set.of(BpeTokenizer.VOCAB_SIZE), "training tokenizer '" + name() + "'");
    int vocabSize = options.getInt(BpeTokenizer.VOCAB_SIZE, BpeTokenizer.DEFAULT_VOCAB_SIZE);
    if (vocabSize < BpeTokenizer.BYTES) {
      throw new RnnException(
          "setting 'vocab-size' of tokenizer 'bpe' must be at least 256 (the byte tokens), got "
              + vocabSize);
    }
    BpeTrainer trainer = new BpeTrainer();
    for (String text : corpus) {
      trainer.add(text);
    }
    return trainer.train(vocabSize);
  }
}

package dev.rnn4j.core.run;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.TextPieces;
import dev.rnn4j.core.data.TextSource;
import dev.rnn4j.core.data.VocabularyBuilder;
import dev.rnn4j.core.train.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A run's text turned into token ids: the tokenizer (trained on the text when it learns, such as
 * BPE), the vocabulary, the training data and the optional validation data. The text is read in
 * passes (tokenizer training, counting, encoding) and only ids are kept.
 *
 * @param tokenizerName the tokenizer plugin's name
 * @param tokenizer the tokenizer, as the model file will record it
 * @param vocabulary the vocabulary built from the training part
 * @param train the training data
 * @param validation the validation data, or null
 * @param sequences lines with at least one token in the training part
 * @param tokens predicted tokens in the training part (tokens plus one {@code </s>} per line)
 * @param longestSteps steps of the longest training sentence (0 in stream mode)
 * @param longestPosition where the longest training sentence is ("line N of 'FILE'"), or null
 */
public record RunData(String tokenizerName, Tokenizer tokenizer, Vocabulary vocabulary,
    TrainingData train, TrainingData validation, int sequences, long tokens, int longestSteps,
    String longestPosition) {

  /**
   * Reads and encodes the text of a run.
   *
   * @param text the training text
   * @param validationText held-out text, or null to hold out lines by {@link RunConfig#validationFraction()}
   * @param provider the tokenizer plugin (options already checked)
   * @throws RnnException for text without tokens, a line too long for sentence mode, or a stream
   *     too long for one array
   */
  public static RunData read(TextSource text, TextSource validationText, RunConfig c,
      TokenizerProvider provider) {
    return read(text, validationText, c, provider, null, null);
  }

  /**
   * As {@link #read(TextSource, TextSource, RunConfig, TokenizerProvider)}, with the tokenizer and
   * vocabulary given (a resumed run keeps those it started with) unless they are null.
   */
  public static RunData read(TextSource text, TextSource validationText, RunConfig c,
      TokenizerProvider provider, Tokenizer givenTokenizer, Vocabulary givenVocabulary) {
    boolean stream = c.isStream();
    Split train = new Split(text, stream, c.seed(), validationText == null ? c.validationFraction() : 0, false);
    Split held = validationText != null ? new Split(validationText, stream, 0, 0, false)
        : c.validationFraction() > 0 ? new Split(text, stream, c.seed(), c.validationFraction(), true) : null;
    Options options = Options.of(c.tokenizerOptions());
    Tokenizer tokenizer = givenTokenizer != null ? givenTokenizer
        : provider.isTrainable() ? provider.train(train, options) : provider.create(options);
    Vocabulary vocab = givenVocabulary;
    if (vocab == null) {
      VocabularyBuilder builder = new VocabularyBuilder().minCount(c.minCount());
      if (c.maxVocab() > 0) {
        builder.maxSize(c.maxVocab());
      }
      train.forEachTokens(tokenizer, (tokens, position) -> builder.add(tokens));
      vocab = builder.build();
    }
    Encoded trainIds = Encoded.of(train, tokenizer, vocab, stream);
    if (trainIds.sequences == 0) {
      throw new RnnException("the corpus has no tokens with tokenizer '" + provider.name() + "'"
          + (held != null && validationText == null ? " (or all lines went to validation)" : ""));
    }
    TrainingData val = null;
    if (held != null) {
      Encoded v = Encoded.of(held, tokenizer, vocab, stream);
      if (v.sequences == 0) {
        throw new RnnException("the validation data has no tokens; use a larger validation_fraction "
            + "or a validation file");
      }
      val = v.data(c.seqLength());
    }
    return new RunData(provider.name(), tokenizer, vocab, trainIds.data(c.seqLength()), val,
        trainIds.sequences, trainIds.tokens, stream ? 0 : trainIds.longest + 1, trainIds.longestPosition);
  }

  /**
   * The seeded split of a run's text into training and validation lines, as {@link #read} makes
   * it when no validation text is given: whether line {@code line} (counting from 0 the lines a
   * {@link TextSource} pass yields: for text from files, the non-blank lines in sentence mode,
   * every line in stream mode) is held out for validation.
   *
   * @param seed the run's seed
   * @param fraction the validation fraction, in (0, 1)
   */
  public static boolean isHeldOut(long seed, double fraction, long line) {
    long h = mix(seed * 0x9E3779B97F4A7C15L + line);
    return (h >>> 11) * 0x1.0p-53 < fraction;
  }

  /** Receives the tokens of a line (or piece) and where it came from. */
  private interface TokensConsumer {
    void accept(List<String> tokens, TextSource.Pass position);
  }

  /**
   * The lines of a text that belong to one side of a seeded split (all lines when the fraction is
   * 0); iterable as text for tokenizer training.
   */
  private static final class Split implements Iterable<String> {
    private final TextSource source;
    private final boolean stream;
    private final long seed;
    private final double fraction;
    private final boolean validation;

    Split(TextSource source, boolean stream, long seed, double fraction, boolean validation) {
      this.source = source;
      this.stream = stream;
      this.seed = seed;
      this.fraction = fraction;
      this.validation = validation;
    }

    /** Feeds every piece of this side of the split to {@code consumer}; null text ends a line. */
    void forEachPiece(PieceConsumer consumer) {
      try (TextSource.Pass pass = source.open(stream)) {
        long line = 0;
        while (pass.hasNext()) {
          TextPieces.Piece p = pass.next();
          if (mine(line)) {
            consumer.accept(p, pass);
          }
          if (p.endOfLine()) {
            line++;
          }
        }
      }
    }

    void forEachTokens(Tokenizer tokenizer, TokensConsumer consumer) {
      forEachPiece((p, pass) -> consumer.accept(tokenizer.tokenize(p.text()), pass));
    }

    private boolean mine(long line) {
      return fraction == 0 ? !validation : isHeldOut(seed, fraction, line) == validation;
    }

    /** A lazy pass over the texts of this side, for tokenizer training. */
    @Override
    public Iterator<String> iterator() {
      TextSource.Pass pass = source.open(stream);
      return new Iterator<>() {
        private long line;
        private String next;

        @Override
        public boolean hasNext() {
          while (next == null && pass.hasNext()) {
            TextPieces.Piece p = pass.next();
            if (mine(line)) {
              next = p.text();
            }
            if (p.endOfLine()) {
              line++;
            }
          }
          if (next == null) {
            pass.close();
          }
          return next != null;
        }

        @Override
        public String next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          String s = next;
          next = null;
          return s;
        }
      };
    }
  }

  private interface PieceConsumer {
    void accept(TextPieces.Piece piece, TextSource.Pass pass);
  }

  /** The splitmix64 finaliser: a well-mixed 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Token ids: sentences, or one stream in which each line with tokens ends with {@code </s>}. */
  private static final class Encoded {
    final List<int[]> sentences = new ArrayList<>();
    int[] stream;
    int streamLength;
    int sequences;
    long tokens;
    int longest;
    String longestPosition;
    final boolean isStream;

    private Encoded(boolean isStream) {
      this.isStream = isStream;
    }

    static Encoded of(Split split, Tokenizer tokenizer, Vocabulary vocab, boolean stream) {
      Encoded e = new Encoded(stream);
      if (stream) {
        e.stream = new int[1024];
        e.append(vocab.eosId());
        boolean[] lineHasTokens = {false};
        split.forEachPiece((p, pass) -> {
          List<String> t = tokenizer.tokenize(p.text());
          for (int id : vocab.encode(t)) {
            e.append(id);
          }
          lineHasTokens[0] |= !t.isEmpty();
          e.tokens += t.size();
          if (p.endOfLine() && lineHasTokens[0]) {
            e.append(vocab.eosId());
            e.tokens++;
            e.sequences++;
            lineHasTokens[0] = false;
          }
        });
        return e;
      }
      split.forEachTokens(tokenizer, (t, pass) -> {
        if (!t.isEmpty()) {
          if (t.size() > e.longest) {
            e.longest = t.size();
            e.longestPosition = pass.position();
          }
          e.sentences.add(vocab.encode(t));
          e.tokens += t.size() + 1;
          e.sequences++;
        }
      });
      return e;
    }

    private void append(int id) {
      if (streamLength == stream.length) {
        if (stream.length >= Integer.MAX_VALUE - 8) {
          throw new RnnException("the token stream is too long for one array (more than "
              + streamLength + " tokens); train on a part of the corpus");
        }
        stream = Arrays.copyOf(stream, (int) Math.min(Integer.MAX_VALUE - 8L, stream.length * 2L));
      }
      stream[streamLength++] = id;
    }

    TrainingData data(int window) {
      return isStream ? TrainingData.stream(Arrays.copyOf(stream, streamLength), window)
          : TrainingData.sentences(sentences);
    }
  }
}

package dev.rnn4j.core.generate;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Text in, text out: generation and next-token tables for a {@link LanguageModel}, with the
 * model's own tokenizer (re-created from its saved settings) and vocabulary. Generated text never
 * contains {@code <pad>}, {@code <s>} or {@code <unk>}. Not thread-safe.
 */
public final class TextGenerator {
  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final Generator generator;

  /** Uses {@code tokenizer} to turn text into tokens. */
  public TextGenerator(LanguageModel model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
    Vocabulary v = model.vocabulary();
    this.generator = new Generator(model.network(), v.eosId(), v.padId(), v.bosId(), v.unkId());
  }

  /** Re-creates the model's tokenizer from its saved name and settings. */
  public static TextGenerator of(LanguageModel model, Plugins plugins) {
    Tokenizer t = plugins.select(plugins.tokenizers(), model.tokenizer()).create(model.tokenizerSettings());
    return new TextGenerator(model, t);
  }

  /** @return the tokenizer in use */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** @return {@code <s>} followed by the ids of the prefix's tokens (unknown ones as {@code <unk>}) */
  public int[] promptIds(String prefix) {
    List<String> tokens = prefix == null ? List.of() : tokenizer.tokenize(prefix);
    int[] ids = new int[tokens.size() + 1];
    ids[0] = model.vocabulary().bosId();
    for (int i = 0; i < tokens.size(); i++) {
      ids[i + 1] = model.vocabulary().id(tokens.get(i));
    }
    return ids;
  }

  /** @return the most probable continuation of {@code prefix}, as tokens (prefix excluded) */
  public List<String> greedy(String prefix, int maxTokens) {
    return tokens(generator.greedy(promptIds(prefix), maxTokens));
  }

  /** @return a sampled continuation of {@code prefix}, as tokens (prefix excluded) */
  public List<String> sample(String prefix, int maxTokens, double temperature, RandomGenerator random) {
    return tokens(generator.sample(promptIds(prefix), maxTokens, temperature, random));
  }

  /** @return a continuation sampled with temperature, top-k and top-p */
  public List<String> sample(String prefix, int maxTokens, Generator.Sampling sampling,
      RandomGenerator random) {
    return tokens(generator.sample(promptIds(prefix), maxTokens, sampling, random));
  }

  /**
   * Greedy ({@code sampling == null}) or sampled generation reporting each token as it is chosen.
   *
   * @param onToken called with each generated token in order; false stops after that token
   * @return the continuation of {@code prefix}, as tokens (prefix excluded)
   */
  public List<String> generate(String prefix, int maxTokens, Generator.Sampling sampling,
      RandomGenerator random, Predicate<String> onToken) {
    return tokens(generator.generate(promptIds(prefix), maxTokens, sampling, random,
        id -> onToken.test(model.vocabulary().token(id))));
  }

  /**
   * @return the {@code top} most probable tokens to follow {@code <s>} and the tokens of {@code
   *     prefix}, with their probabilities, best first
   */
  public List<Candidate> next(String prefix, int top) {
    return best(generator.next(promptIds(prefix)), top, model.vocabulary());
  }

  /** @return the model this generator reads */
  public LanguageModel model() {
    return model;
  }

  /** @return the most probable continuation found by beam search of the given width */
  public List<String> beam(String prefix, int maxTokens, int width) {
    return tokens(generator.beam(promptIds(prefix), maxTokens, width));
  }

  /**
   * @return the {@code count} most probable distinct continuations found by beam search of the
   *     given width, most probable first (see {@link Generator#beams})
   */
  public List<List<String>> beams(String prefix, int maxTokens, int width, int count) {
    List<List<String>> out = new ArrayList<>();
    for (int[] ids : generator.beams(promptIds(prefix), maxTokens, width, count)) {
      out.add(tokens(ids));
    }
    return out;
  }

  /** @return the tokens joined back into text by the tokenizer */
  public String text(List<String> tokens) {
    return tokenizer.detokenize(tokens);
  }

  /**
   * The model's explanation of a sentence: for each position, the probability of the token that
   * actually comes next and the most probable alternatives.
   *
   * @param sentence text without {@code <s>}/{@code </s>} (they are added)
   * @param top how many most-probable next tokens to list per position
   */
  public List<NextToken> explain(String sentence, int top) {
    List<String> words = tokenizer.tokenize(sentence);
    if (words.isEmpty()) {
      throw new RnnException("the sentence to explain has no tokens");
    }
    Vocabulary v = model.vocabulary();
    List<String> seq = new ArrayList<>();
    seq.add(Vocabulary.BOS);
    seq.addAll(words);
    int[] ids = new int[seq.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = v.id(seq.get(i));
    }
    double[][] table = Generator.nextTokenProbabilities(model.network(), ids);
    List<NextToken> out = new ArrayList<>();
    for (int t = 0; t < ids.length; t++) {
      String actual = t + 1 < seq.size() ? seq.get(t + 1) : Vocabulary.EOS;
      int actualId = t + 1 < ids.length ? ids[t + 1] : v.eosId();
      out.add(new NextToken(seq.get(t), actual, table[t][actualId], best(table[t], top, v)));
    }
    return out;
  }

  /**
   * @param p a distribution over {@code v} (not modified)
   * @return the {@code top} most probable tokens of {@code p}, best first (ties: lower id first)
   */
  public static List<Candidate> best(double[] p, int top, Vocabulary v) {
    List<Candidate> out = new ArrayList<>();
    boolean[] taken = new boolean[p.length];
    for (int k = 0; k < Math.min(top, p.length); k++) {
      int bestId = -1;
      for (int i = 0; i < p.length; i++) {
        if (!taken[i] && (bestId < 0 || p[i] > p[bestId])) {
          bestId = i;
        }
      }
      taken[bestId] = true;
      out.add(new Candidate(v.token(bestId), p[bestId]));
    }
    return out;
  }

  private List<String> tokens(int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      out.add(model.vocabulary().token(id));
    }
    return out;
  }

  /**
   * One row of an explanation.
   *
   * @param current the token just read
   * @param actual the token that follows in the sentence ({@code </s>} at the end)
   * @param probability P(actual | tokens so far)
   * @param alternatives the most probable next tokens, best first
   */
  public record NextToken(String current, String actual, double probability, List<Candidate> alternatives) {
    /** @return the surprisal of the actual next token, {@code -log2(probability)}, in bits */
    public double surprisal() {
      return -Math.log(probability) / Math.log(2);
    }
  }

  /**
   * A possible next token.
   *
   * @param token the token
   * @param probability its probability
   */
  public record Candidate(String token, double probability) {}
}

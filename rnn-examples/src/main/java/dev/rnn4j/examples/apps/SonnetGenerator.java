package dev.rnn4j.examples.apps;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.data.CorpusReader;
import dev.rnn4j.core.data.VocabularyBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An English sonnet-line generator: trains an Elman language model on Shakespeare's sonnets, one
 * line of verse per training sentence, saves it, and writes quatrains of four generated lines.
 *
 * <p>The corpus is {@code sonnets.txt} of {@code scripts/fetch-corpus shakespeare} (2,155 lines;
 * blank lines between sonnets are skipped). Two tokenizations: {@code words} (the default: the
 * {@code pattern} tokenizer, lower-cased, words with their apostrophes such as {@code beauty's}
 * kept whole, punctuation marks separate, words seen once become {@code <unk>}; generated lines are
 * shown with their first letter and a lone {@code i} capitalised) or {@code char} (every character
 * a token, lossless, 64 tokens).
 *
 * <p>Each line is sampled on its own from {@code <s>} (the model never sees two lines together, so
 * a quatrain does not rhyme on purpose); a line that reaches the length limit without
 * {@code </s>} is drawn again, up to ten times. {@code <unk>} is never generated.
 */
@Command(name = "sonnet", sortOptions = false,
    description = {"Trains an Elman model on Shakespeare's sonnets, one line of verse per sentence, "
        + "saves it and generates quatrains.",
        "Defaults: --hidden 192, --lr 0.05; --lr-decay 0.93 and --epochs 25 for words, 0.95 and 30 "
        + "for char; --output models/sonnets.safetensors."})
public final class SonnetGenerator implements Callable<Integer> {
  /**
   * Words with their apostrophes ({@code beauty's}, {@code tatter'd}, {@code 'tis}), numbers,
   * single other characters.
   */
  static final String WORD_PATTERN =
      "'?[\\p{L}\\p{M}]+(?:'[\\p{L}\\p{M}]+)*|\\p{N}+|[^\\p{IsWhite_Space}\\p{L}\\p{M}\\p{N}]";
  private static final int RETRIES = 10;

  /** How lines become tokens. */
  enum Tokens {
    /** One token per character ({@code char} tokenizer). */
    CHAR,
    /** Lower-cased words and punctuation ({@code pattern} tokenizer with {@link #WORD_PATTERN}). */
    WORDS
  }

  @Spec CommandSpec spec;

  @Option(names = {"-c", "--corpus"}, paramLabel = "PATH",
      description = "The shakespeare folder (sonnets.txt is read) or a file with one line of verse "
          + "per line (default: corpora/shakespeare).")
  Path corpus;

  @Option(names = "--tokens", defaultValue = "words", paramLabel = "words|char",
      description = "Lower-cased words or characters as tokens (default: ${DEFAULT-VALUE}).")
  String tokens;

  @Option(names = "--min-count", paramLabel = "N",
      description = "Tokens seen fewer times become <unk>, never generated (default: 2 for words, "
          + "1 for char).")
  Integer minCount;

  @Option(names = {"-n", "--quatrains"}, defaultValue = "3", paramLabel = "N",
      description = "Quatrains (four lines each) to generate (default: ${DEFAULT-VALUE}).")
  int quatrains;

  @Option(names = "--first", paramLabel = "TEXT",
      description = "Text the first line of every quatrain starts with (for example \"Shall I\").")
  String first;

  @Mixin ExampleSupport.TrainingOptions training;

  /** Creates the command; {@link #main} parses the options into it. */
  public SonnetGenerator() {}

  /**
   * Runs the example. Exit codes: 0 success, 1 a mistake (missing corpus, bad option), 2 an
   * internal error.
   *
   * @param args options, see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return ExampleSupport.commandLine(new SonnetGenerator(), "sonnet");
  }

  @Override
  public Integer call() {
    training.check();
    if (quatrains < 1) {
      throw new RnnException("--quatrains must be at least 1, got " + quatrains);
    }
    PrintWriter out = spec.commandLine().getOut();
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(training.backend, training.backendOptions());
    Path output = ExampleSupport.pathOrDefault(training.output, "models/sonnets.safetensors");
    LanguageModel lm = training.generateOnly
        ? ExampleSupport.load(output, ops, plugins)
        : trainAndSave(plugins, ops, output, out);
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), lm.tokenizer()).create(lm.tokenizerSettings());
    generate(lm, tokenizer, out);
    return 0;
  }

  static Tokens tokens(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "char" -> Tokens.CHAR;
      case "words", "word", "pattern" -> Tokens.WORDS;
      default -> throw new RnnException("--tokens must be char or words, got '" + name + "'");
    };
  }

  private LanguageModel trainAndSave(Plugins plugins, TensorOps ops, Path output, PrintWriter out) {
    Tokens kind = tokens(tokens);
    boolean chars = kind == Tokens.CHAR;
    int min = orElse(minCount, chars ? 1 : 2);
    if (min < 1) {
      throw new RnnException("--min-count must be at least 1, got " + min);
    }
    Path file = ExampleSupport.requireCorpus(
        ExampleSupport.pathOrDefault(corpus, "corpora/shakespeare"), "sonnets.txt", "shakespeare");
    String tokenizerName = kind == Tokens.CHAR ? "char" : "pattern";
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), tokenizerName).create(kind == Tokens.CHAR
        ? Options.empty()
        : Options.of("pattern", WORD_PATTERN, "lowercase", "true"));
    List<List<String>> tokenized = new ArrayList<>();
    List<String> verses = new ArrayList<>();
    VocabularyBuilder builder = new VocabularyBuilder().minCount(min);
    try (Stream<String> lines = CorpusReader.of(file).sentences()) {
      for (String line : (Iterable<String>) lines::iterator) {
        List<String> t = tokenizer.tokenize(line.strip());
        if (!t.isEmpty()) {
          tokenized.add(t);
          verses.add(line.strip());
          builder.add(t);
        }
      }
    }
    Vocabulary vocab = builder.build();
    List<int[]> sentences = new ArrayList<>();
    long count = 0;
    for (List<String> t : tokenized) {
      sentences.add(vocab.encode(t));
      count += t.size();
    }
    out.printf(Locale.ROOT, "corpus %s: %,d lines of verse, %,d tokens (%s), vocabulary %,d%n", file,
        sentences.size(), count, kind == Tokens.CHAR ? "characters" : "words and punctuation",
        vocab.size());
    out.flush();
    ExampleSupport.Hyper h = new ExampleSupport.Hyper(orElse(training.hidden, 192),
        orElse(training.learningRate, 0.05), orElse(training.learningRateDecay, chars ? 0.95 : 0.93),
        orElse(training.epochs, chars ? 30 : 25), training.seed, training.clipNorm);
    LanguageModel lm = ExampleSupport.train(verses, tokenizerName, tokenizer.settings().asMap(), min, 0,
        h, training, out);
    ExampleSupport.save(lm, output, out);
    return lm;
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private void generate(LanguageModel lm, Tokenizer tokenizer, PrintWriter out) {
    RandomGenerator random = new SplittableRandom(training.seed);
    out.printf(Locale.ROOT, "%d quatrains, temperature %s, seed %d:%n", quatrains,
        training.temperature, training.seed);
    for (int q = 0; q < quatrains; q++) {
      if (q > 0) {
        out.println();
      }
      for (int l = 0; l < 4; l++) {
        out.println(sampleLine(lm, tokenizer, l == 0 && first != null ? first : "",
            training.temperature, random));
      }
    }
    out.flush();
  }

  /**
   * Samples one line of verse continuing {@code start}; a line that reaches the length limit
   * without ending is drawn again (up to ten times).
   */
  static String sampleLine(LanguageModel lm, Tokenizer tokenizer, String start, double temperature,
      RandomGenerator random) {
    Vocabulary v = lm.vocabulary();
    boolean chars = "char".equals(lm.tokenizer());
    int max = chars ? 90 : 20;
    Generator g = new Generator(lm.network(), v.eosId(), v.padId(), v.bosId(), v.unkId());
    List<String> startTokens = tokenizer.tokenize(start);
    int[] prompt = new int[startTokens.size() + 1];
    prompt[0] = v.bosId();
    for (int i = 0; i < startTokens.size(); i++) {
      prompt[i + 1] = v.id(startTokens.get(i));
    }
    int[] ids = new int[0];
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      ids = g.sample(prompt, max, temperature, random);
      if (ids.length < max && ids.length + startTokens.size() > 0) {
        break;
      }
    }
    List<String> all = new ArrayList<>(startTokens);
    for (int id : ids) {
      all.add(v.token(id));
    }
    String text = tokenizer.detokenize(all);
    return chars ? text : capitalise(text);
  }

  /** @return the line with its first letter and every lone {@code i} upper-cased */
  static String capitalise(String line) {
    String s = line.replaceAll("(?<![\\p{L}'])i(?![\\p{L}'])", "I");
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}

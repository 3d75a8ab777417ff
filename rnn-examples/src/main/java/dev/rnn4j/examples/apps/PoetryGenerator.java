package dev.rnn4j.examples.apps;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.generate.Generator;
import dev.rnn4j.core.model.LanguageModel;
import dev.rnn4j.core.model.RnnLanguageModel;
import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.core.data.CorpusReader;
import dev.rnn4j.core.data.VocabularyBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A character-level Chinese poetry generator: trains an Elman language model on the
 * five-character quatrains (五言绝句: four lines of five characters, each line closed by a
 * punctuation mark) of the Quan Tang Shi, saves it, and writes new quatrains, optionally each
 * starting with a given character.
 *
 * <p>The corpus is {@code tang.txt} of {@code scripts/fetch-corpus chinese-poetry} (one poem per
 * line, traditional characters as published). Only poems of exactly that form are kept, the first
 * {@code --max-poems} of them in file order; characters outside the {@code --max-vocab} most
 * frequent become {@code <unk>}, which is never generated. Tokens are single characters (the
 * {@code char} tokenizer).
 *
 * <p>Generation samples from the model as it is (never {@code <unk>}) and reports how many poems
 * came out in the form. {@code --keep-form} guarantees it instead: at the 20 character positions
 * only Han characters are drawn, at the four line ends only punctuation, each time from the model's
 * next-character distribution restricted to those tokens and renormalised.
 */
@Command(name = "poetry", sortOptions = false,
    description = {"Trains a character-level Elman model on the five-character quatrains of the Tang "
        + "poems, saves it and generates new ones.",
        "Defaults: --hidden 128 --lr 0.05 --lr-decay 0.9 --epochs 10 --output "
        + "models/poetry.safetensors."})
public final class PoetryGenerator implements Callable<Integer> {
  /** Four lines of five Han characters, each followed by one punctuation mark. */
  static final Pattern QUATRAIN = Pattern.compile("(?:\\p{IsHan}{5}[，。？！；]){4}");
  /** Characters a line may end with. */
  static final String PUNCTUATION = "，。？！；";
  /** Characters per line, punctuation excluded. */
  static final int LINE = 5;
  /** Lines per poem. */
  static final int LINES = 4;

  @Spec CommandSpec spec;

  @Option(names = {"-c", "--corpus"}, paramLabel = "PATH",
      description = "The chinese-poetry folder (tang.txt is read) or a file with one poem per line "
          + "(default: corpora/chinese-poetry).")
  Path corpus;

  @Option(names = "--max-poems", defaultValue = "4000", paramLabel = "N",
      description = "Train on at most the first N quatrains of the file (default: ${DEFAULT-VALUE}; "
          + "tang.txt has 3,916).")
  int maxPoems;

  @Option(names = "--max-vocab", defaultValue = "2000", paramLabel = "N",
      description = "Keep the N most frequent characters (specials included); rarer ones become "
          + "<unk> (default: ${DEFAULT-VALUE}).")
  int maxVocab;

  @Option(names = {"-n", "--count"}, defaultValue = "6", paramLabel = "N",
      description = "Poems to generate when --first is not given (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--first", paramLabel = "CHARS",
      description = "Generate one poem per character of CHARS, starting with it (for example 春月山).")
  String first;

  @Option(names = "--keep-form",
      description = "Draw only Han characters at the 20 character positions and only punctuation at "
          + "the 4 line ends (by default the model's own choice, and the poems in the form are counted).")
  boolean keepForm;

  @Mixin ExampleSupport.TrainingOptions training;

  /** Creates the command; {@link #main} parses the options into it. */
  public PoetryGenerator() {}

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
    return ExampleSupport.commandLine(new PoetryGenerator(), "poetry");
  }

  @Override
  public Integer call() {
    training.check();
    if (count < 1) {
      throw new RnnException("--count must be at least 1, got " + count);
    }
    PrintWriter out = spec.commandLine().getOut();
    Plugins plugins = Plugins.defaults();
    TensorOps ops = plugins.backend(training.backend, training.backendOptions());
    Path output = ExampleSupport.pathOrDefault(training.output, "models/poetry.safetensors");
    LanguageModel lm = training.generateOnly
        ? ExampleSupport.load(output, ops, plugins)
        : trainAndSave(plugins, ops, output, out);
    generate(lm, out);
    return 0;
  }

  private LanguageModel trainAndSave(Plugins plugins, TensorOps ops, Path output, PrintWriter out) {
    if (maxPoems < 1 || maxVocab < 5) {
      throw new RnnException("--max-poems must be at least 1 and --max-vocab at least 5");
    }
    Path file = ExampleSupport.requireCorpus(
        ExampleSupport.pathOrDefault(corpus, "corpora/chinese-poetry"), "tang.txt", "chinese-poetry");
    Selection poems = selectQuatrains(file, maxPoems);
    if (poems.poems().isEmpty()) {
      throw new RnnException("'" + file + "' has no five-character quatrain (4 lines of 5 characters,"
          + " each ending with one of " + PUNCTUATION + ")");
    }
    Tokenizer tokenizer = plugins.select(plugins.tokenizers(), "char").create(Options.empty());
    VocabularyBuilder builder = new VocabularyBuilder().maxSize(maxVocab);
    List<List<String>> tokenized = new ArrayList<>();
    for (String poem : poems.poems()) {
      List<String> tokens = tokenizer.tokenize(poem);
      tokenized.add(tokens);
      builder.add(tokens);
    }
    Vocabulary vocab = builder.build();
    List<int[]> sentences = new ArrayList<>();
    long tokens = 0;
    long unknown = 0;
    for (List<String> t : tokenized) {
      int[] ids = vocab.encode(t);
      sentences.add(ids);
      tokens += ids.length;
      unknown += Arrays.stream(ids).filter(id -> id == vocab.unkId()).count();
    }
    out.printf(Locale.ROOT, "corpus %s: %,d poems read, %,d five-character quatrains used, "
        + "%,d characters, vocabulary %,d (%.2f%% of characters outside it, <unk>)%n", file,
        poems.read(), sentences.size(), tokens, vocab.size(), 100.0 * unknown / tokens);
    out.flush();
    ExampleSupport.Hyper h = new ExampleSupport.Hyper(orElse(training.hidden, 128),
        orElse(training.learningRate, 0.05), orElse(training.learningRateDecay, 0.9),
        orElse(training.epochs, 10), training.seed, training.clipNorm);
    LanguageModel lm = ExampleSupport.train(poems.poems(), "char", Map.of(), 1, maxVocab, h, training, out);
    ExampleSupport.save(lm, output, out);
    return lm;
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** The quatrains kept and the number of poems read. */
  record Selection(List<String> poems, long read) {}

  /**
   * @return the first {@code max} lines of {@code file} that are five-character quatrains, in file
   *     order (surrounding whitespace ignored)
   */
  static Selection selectQuatrains(Path file, int max) {
    List<String> kept = new ArrayList<>();
    long read = 0;
    try (Stream<String> lines = CorpusReader.of(file).sentences()) {
      for (String line : (Iterable<String>) lines::iterator) {
        read++;
        String poem = line.strip();
        if (QUATRAIN.matcher(poem).matches()) {
          kept.add(poem);
          if (kept.size() == max) {
            break;
          }
        }
      }
    }
    return new Selection(kept, read);
  }

  private void generate(LanguageModel lm, PrintWriter out) {
    List<String> starts = new ArrayList<>();
    if (first != null && !first.isEmpty()) {
      first.codePoints().forEach(cp -> starts.add(Character.toString(cp)));
    } else {
      for (int i = 0; i < count; i++) {
        starts.add("");
      }
    }
    RandomGenerator random = new SplittableRandom(training.seed);
    out.printf(Locale.ROOT, "%s, temperature %s, seed %d:%n",
        keepForm ? "samples keeping the form" : "samples", training.temperature, training.seed);
    int wellFormed = 0;
    for (String start : starts) {
      String poem = keepForm
          ? sampleQuatrain(lm, start, training.temperature, random)
          : sampleFree(lm, start, training.temperature, random);
      wellFormed += QUATRAIN.matcher(poem).matches() ? 1 : 0;
      out.println(poem);
    }
    if (!keepForm) {
      out.printf(Locale.ROOT, "%d of %d have the form of a five-character quatrain%n", wellFormed,
          starts.size());
    }
    out.flush();
  }

  /**
   * Samples a poem of exactly four lines of five Han characters, each ending with punctuation,
   * from the model's distributions restricted to the tokens allowed at each position.
   *
   * @param start the first character(s) of the poem ("" for none)
   */
  static String sampleQuatrain(LanguageModel lm, String start, double temperature, RandomGenerator random) {
    Vocabulary v = lm.vocabulary();
    boolean[] han = new boolean[v.size()];
    boolean[] punct = new boolean[v.size()];
    for (int id = 0; id < v.size(); id++) {
      String t = v.token(id);
      if (id == v.padId() || id == v.unkId() || id == v.bosId() || id == v.eosId()) {
        continue;
      }
      han[id] = isHan(t);
      punct[id] = t.length() == 1 && PUNCTUATION.contains(t);
    }
    List<Integer> ids = new ArrayList<>();
    ids.add(v.bosId());
    StringBuilder poem = new StringBuilder();
    int length = LINES * (LINE + 1);
    int position = 0;
    for (int cp : start.codePoints().toArray()) {
      String t = Character.toString(cp);
      if (position % (LINE + 1) == LINE || position >= length) {
        throw new RnnException("--first gives one starting character per poem");
      }
      ids.add(startId(v, t));
      poem.append(t);
      position++;
    }
    RnnLanguageModel net = lm.network();
    for (; position < length; position++) {
      int[] prefix = ids.stream().mapToInt(Integer::intValue).toArray();
      double[][] table = Generator.nextTokenProbabilities(net, prefix);
      double[] p = table[table.length - 1];
      boolean[] allowed = position % (LINE + 1) == LINE ? punct : han;
      int next = draw(p, allowed, temperature, random);
      ids.add(next);
      poem.append(v.token(next));
    }
    return poem.toString();
  }

  /**
   * Samples from {@code <s>} and the start until {@code </s>} (at most 40 characters), never
   * {@code <unk>}.
   */
  static String sampleFree(LanguageModel lm, String start, double temperature, RandomGenerator random) {
    Vocabulary v = lm.vocabulary();
    Generator g = new Generator(lm.network(), v.eosId(), v.padId(), v.bosId(), v.unkId());
    List<Integer> prompt = new ArrayList<>();
    prompt.add(v.bosId());
    start.codePoints().forEach(cp -> prompt.add(startId(v, Character.toString(cp))));
    int[] ids = g.sample(prompt.stream().mapToInt(Integer::intValue).toArray(), 40, temperature, random);
    StringBuilder sb = new StringBuilder(start);
    for (int id : ids) {
      sb.append(v.token(id));
    }
    return sb.toString();
  }

  private static int startId(Vocabulary v, String t) {
    if (!v.contains(t) || !isHan(t)) {
      throw new RnnException("'" + t + "' cannot start a poem: it is not a Han character in the "
          + "model's vocabulary");
    }
    return v.id(t);
  }

  static boolean isHan(String token) {
    return !token.isEmpty() && token.codePoints().allMatch(
        cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }

  /** Draws an allowed id with probability proportional to {@code p[id]^(1/temperature)}. */
  static int draw(double[] p, boolean[] allowed, double temperature, RandomGenerator random) {
    double[] w = new double[p.length];
    double max = 0;
    for (int i = 0; i < p.length; i++) {
      if (allowed[i] && p[i] > max) {
        max = p[i];
      }
    }
    double total = 0;
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (allowed[i] && p[i] > 0) {
        w[i] = Math.pow(p[i] / max, 1 / temperature);
        total += w[i];
        last = i;
      }
    }
    if (last < 0) {
      throw new RnnException("the model's vocabulary has no token allowed at this position");
    }
    double u = random.nextDouble() * total;
    double acc = 0;
    for (int i = 0; i < p.length; i++) {
      acc += w[i];
      if (w[i] > 0 && u < acc) {
        return i;
      }
    }
    return last;
  }
}

package dev.rnn4j.tokenizers;

import dev.rnn4j.api.token.Tokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures how fast a tokenizer tokenizes, in characters ({@code char}s) per second, on a
 * generated corpus of mixed Chinese and English lines. The corpus depends only on its seed and
 * size (it uses {@link Random}, whose algorithm is fixed by its specification), so numbers from
 * different runs and machines are comparable.
 *
 * <p>Use: {@link #generateCorpus}, then {@link #measure} for each tokenizer. Stateless and
 * thread-safe; {@link #measure} runs on the calling thread and modifies nothing it is given.
 */
public final class TokenizerThroughput {
  private static final String[] CHINESE = {
    "我", "昨天", "上学", "迟到", "了", "今天", "天气", "很好", "我们", "一起", "去", "北京", "学习",
    "机器", "神经网络", "语言", "模型", "训练", "数据", "生成", "句子", "的", "是", "在", "有", "这个",
    "问题", "已经", "解决", "程序员", "写", "代码", "测试", "通过", "服务器", "下载", "文件", "中文",
    "分词", "春天", "花", "开", "山", "水", "月亮", "朋友", "老师", "学生", "图书馆", "咖啡"
  };
  private static final String[] ENGLISH = {
    "the", "model", "learns", "language", "from", "data", "Java", "Debian", "bug", "network",
    "recurrent", "neural", "token", "sequence", "hidden", "state", "gradient", "training", "is",
    "a", "of", "and", "to", "in", "fast", "slow", "GPU", "CPU", "release", "version", "test"
  };
  private static final String[] CHINESE_PUNCTUATION = {"，", "。", "！", "？", "、", "；"};
  private static final String[] ENGLISH_PUNCTUATION = {",", ".", "!", "?", ";", ":"};

  private TokenizerThroughput() {}

  /** One measurement: what was tokenized, how much, and how long it took. */
  public record Result(String tokenizer, long characters, long tokens, long nanos) {
    /** @return characters tokenized per second */
    public double charsPerSecond() {
      return characters * 1e9 / nanos;
    }

    /** @return tokens produced per second */
    public double tokensPerSecond() {
      return tokens * 1e9 / nanos;
    }
  }

  /**
   * @param seed the seed; the same seed and line count always give the same lines
   * @param lines how many lines (&ge; 1)
   * @return mixed lines: Chinese phrases without spaces, English phrases with spaces, numbers,
   *     punctuation of both kinds, now and then an emoji
   */
  public static List<String> generateCorpus(long seed, int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, got " + lines);
    }
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(lines);
    for (int i = 0; i < lines; i++) {
      StringBuilder sb = new StringBuilder();
      int phrases = 1 + r.nextInt(4);
      for (int p = 0; p < phrases; p++) {
        boolean chinese = r.nextInt(3) != 0;
        int words = 2 + r.nextInt(8);
        for (int w = 0; w < words; w++) {
          if (!chinese && w > 0) {
            sb.append(' ');
          }
          int kind = r.nextInt(20);
          if (kind == 0) {
            sb.append(r.nextInt(2025));
          } else if (kind == 1 && chinese) {
            sb.append("😀");
          } else {
            sb.append(chinese ? pick(r, CHINESE) : pick(r, ENGLISH));
          }
        }
        sb.append(chinese ? pick(r, CHINESE_PUNCTUATION) : pick(r, ENGLISH_PUNCTUATION));
        if (!chinese && p + 1 < phrases) {
          sb.append(' ');
        }
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static String pick(Random r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  /**
   * Tokenizes {@code lines} once to warm up, then again and again until {@code minTime} has
   * passed (at least once), and reports the timed passes.
   *
   * @param tokenizer the tokenizer to measure (not modified)
   * @param lines the text, one {@link Tokenizer#tokenize} call per line
   * @param minTime the least time to spend measuring, warm-up excluded
   */
  public static Result measure(Tokenizer tokenizer, List<String> lines, Duration minTime) {
    long sink = pass(tokenizer, lines);
    long chars = 0;
    long tokens = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      tokens += pass(tokenizer, lines);
      for (String line : lines) {
        chars += line.length();
      }
      elapsed = System.nanoTime() - start;
    } while (elapsed < minTime.toNanos());
    if (sink < 0) {
      throw new IllegalStateException("negative token count");
    }
    return new Result(tokenizer.toString(), chars, tokens, Math.max(1, elapsed));
  }

  private static long pass(Tokenizer tokenizer, List<String> lines) {
    long tokens = 0;
    for (String line : lines) {
      tokens += tokenizer.tokenize(line).size();
    }
    return tokens;
  }
}

package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.TokenizerProvider;
import dev.rnn4j.core.plugin.Plugins;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Every tokenizer plugin on the class path ({@code create} with default settings, and {@code
 * train}ed on {@link Samples#TEXTS} when trainable) on arbitrary strings. The first byte of an
 * input chooses how the rest becomes text: as UTF-8 (malformed bytes replaced) or as raw UTF-16
 * code units (so unpaired surrogates occur). Oracles: no null token, and for a lossless tokenizer
 * {@code detokenize(tokenize(t)).equals(t)}.
 */
public final class TokenizerTarget implements FuzzTarget {
  private final List<Tokenizer> tokenizers = new ArrayList<>();

  /** Creates every available tokenizer. */
  public TokenizerTarget() {
    for (TokenizerProvider p : Plugins.defaults().tokenizers().all()) {
      if (!p.isAvailable()) {
        continue;
      }
      try {
        tokenizers.add(p.create(Options.empty()));
      } catch (RnnException e) {
        // a provider that needs settings is covered by its trained form below, if any
      }
      if (p.isTrainable()) {
        tokenizers.add(p.train(Samples.TEXTS, Options.of("vocab-size", "300")));
      }
    }
  }

  /** @return the names of the tokenizers exercised (one per instance, trained ones too) */
  public List<String> names() {
    return tokenizers.stream().map(Tokenizer::name).toList();
  }

  @Override
  public String name() {
    return "tokenizers";
  }

  @Override
  public List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    for (String t : Samples.TEXTS) {
      out.add(("u" + t).getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public byte[] generate(SplittableRandom r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(r.nextInt(10) == 0 ? 5000 : 40);
    int[][] ranges = {{0x20, 0x7f}, {0, 0x20}, {0x300, 0x370}, {0x4e00, 0x9fff}, {0x1f300, 0x1faff},
      {0xd800, 0xe000}, {0xfe00, 0xfe10}, {0x200b, 0x2070}, {0x10000, 0x10ffff}, {0x600, 0x700}};
    for (int k = 0; k < n; k++) {
      int[] range = ranges[r.nextInt(ranges.length)];
      b.appendCodePoint(range[0] + r.nextInt(range[1] - range[0]));
    }
    byte[] utf16 = b.toString().getBytes(StandardCharsets.UTF_16LE);
    byte[] out = new byte[utf16.length + 1];
    out[0] = 's';
    System.arraycopy(utf16, 0, out, 1, utf16.length);
    return out;
  }

  /** @return the text an input stands for (see the class comment) */
  static String text(byte[] input) {
    if (input.length == 0) {
      return "";
    }
    if ((input[0] & 1) == 1) {
      return new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    }
    char[] c = new char[(input.length - 1) / 2];
    for (int k = 0; k < c.length; k++) {
      c[k] = (char) ((input[1 + 2 * k] & 0xff) | (input[2 + 2 * k] & 0xff) << 8);
    }
    return new String(c);
  }

  @Override
  public void run(byte[] input) {
    String text = text(input);
    for (Tokenizer t : tokenizers) {
      List<String> tokens = t.tokenize(text);
      if (tokens.contains(null)) {
        throw new AssertionError(t.name() + " produced a null token");
      }
      if (t.isLossless() && !t.detokenize(tokens).equals(text)) {
        throw new AssertionError(t.name() + " is lossless but did not give back its input");
      }
    }
  }
}

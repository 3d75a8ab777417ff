package dev.rnn4j.spark;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.token.Tokenizer;
import dev.rnn4j.api.token.Vocabulary;
import dev.rnn4j.core.data.CorpusReader;
import dev.rnn4j.core.data.TextPieces;
import dev.rnn4j.core.plugin.Plugins;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * How executors turn lines into ids as a local run reading files does ({@code RunData.read} on
 * the lines as {@code TextSource.of} yields them: blank lines skipped in sentence mode, not in
 * stream mode): the tokenizer re-created by name
 * from its settings (for a trained tokenizer such as BPE, its learned merges) from the executor's
 * plugins, and the vocabulary broadcast once. Serializable; the broadcast is the caller's to
 * destroy.
 *
 * @param tokenizer the tokenizer plugin's name
 * @param options its options, or a trained tokenizer's {@link Tokenizer#settings()}
 * @param vocabulary the vocabulary's tokens in id order
 */
record LineEncoding(String tokenizer, HashMap<String, String> options,
    Broadcast<ArrayList<String>> vocabulary) implements Serializable {

  /** @return the tokenizer, created on this JVM */
  Tokenizer newTokenizer() {
    Plugins plugins = Plugins.defaults();
    return plugins.select(plugins.tokenizers(), tokenizer).create(Options.of(options));
  }

  /**
   * Sentence mode: the ids of each line with tokens (a line over {@link
   * CorpusReader#MAX_LINE_CHARS} characters is refused, as locally).
   */
  Iterator<int[]> sentences(Iterator<String> lines) {
    Tokenizer t = newTokenizer();
    Vocabulary v = Vocabulary.of(vocabulary.value());
    List<int[]> out = new ArrayList<>();
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.length() > CorpusReader.MAX_LINE_CHARS) {
        throw new RnnException("a line of the text is longer than " + CorpusReader.MAX_LINE_CHARS
            + " characters, too long for one sequence; train with --mode stream");
      }
      if (!line.isBlank()) {
        List<String> tokens = t.tokenize(line);
        if (!tokens.isEmpty()) {
          out.add(v.encode(tokens));
        }
      }
    }
    return out.iterator();
  }

  /**
   * Stream mode: one part of the stream, as its only element: each line with tokens (blank lines
   * tokenized too, and a line longer than {@link TextPieces#MAX_PIECE} in its pieces, as a
   * stream-mode run reading files does), its ids and {@code </s>}; the first part ({@code first}) begins with the {@code </s>} that begins a
   * stream.
   */
  Iterator<StreamPart> streamPart(boolean first, Iterator<String> lines) {
    Tokenizer t = newTokenizer();
    Vocabulary v = Vocabulary.of(vocabulary.value());
    int[] ids = new int[1024];
    int n = 0;
    long sequences = 0;
    long tokens = 0;
    if (first) {
      ids[n++] = v.eosId();
    }
    while (lines.hasNext()) {
      // blank lines too, and a long line in the pieces a local pass cuts it into
      List<String> words = new ArrayList<>();
      for (String piece : TextPieces.piecesOf(lines.next())) {
        words.addAll(t.tokenize(piece));
      }
      if (words.isEmpty()) {
        continue;
      }
      int[] encoded = v.encode(words);
      if ((long) n + encoded.length + 1 > Integer.MAX_VALUE - 8) {
        throw new RnnException("the token stream is too long for one array (more than " + n
            + " tokens in one partition); train on a part of the corpus");
      }
      if (n + encoded.length + 1 > ids.length) {
        ids = Arrays.copyOf(ids, (int) Math.min(Integer.MAX_VALUE - 8L,
            Math.max(2L * ids.length, n + encoded.length + 1L)));
      }
      System.arraycopy(encoded, 0, ids, n, encoded.length);
      n += encoded.length;
      ids[n++] = v.eosId();
      sequences++;
      tokens += encoded.length + 1;
    }
    return List.of(new StreamPart(Arrays.copyOf(ids, n), sequences, tokens)).iterator();
  }

  /** @return the options of a tokenizer as a serializable map */
  static HashMap<String, String> options(Map<String, String> options) {
    return new HashMap<>(options);
  }

  /**
   * One partition's share of a stream.
   *
   * @param ids its ids in text order
   * @param sequences its lines with tokens
   * @param tokens its predicted tokens (tokens plus one {@code </s>} per line with tokens)
   */
  record StreamPart(int[] ids, long sequences, long tokens) implements Serializable {}
}

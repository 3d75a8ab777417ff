package dev.rnn4j.tokenizers.chinese;

import dev.rnn4j.tokenizers.AbstractTokenizer;
import dev.rnn4j.tokenizers.UnicodeText;

import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.Viterbi.ViterbiSegment;
import com.hankcs.hanlp.seg.common.Term;
import com.hankcs.hanlp.utility.Predefine;
import dev.rnn4j.api.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * Chinese word segmentation with HanLP's Viterbi segmenter on its portable dictionaries: {@code
 * 我昨天上学迟到了} gives {@code 我 昨天 上学 迟到 了}; Latin words and numbers in mixed text are
 * tokens of their own ({@code Debian 写 了 2 个 bug}).
 *
 * <p>Lossless: the tokens concatenate to the input. Whitespace is kept: each run of Unicode {@code
 * White_Space} is one token ({@code " "}, {@code "\n"}, {@code "\u3000"}), and only the text between
 * runs goes to HanLP. Tokens never split a grapheme cluster (a combining mark or an emoji sequence
 * stays with what it belongs to). Runs longer than {@value #MAX_CHUNK} characters are segmented in
 * pieces cut after sentence punctuation where possible, which keeps memory bounded on long input.
 *
 * <p>HanLP's custom dictionary, its character normalization, and place and organization
 * recognition are off; person-name recognition (Chinese and transliterated names) is the option
 * {@code person-names}, off by default. HanLP's {@code java.util.logging} logger is switched off
 * when the first tokenizer is created, so nothing is written to stdout or stderr; this affects
 * every HanLP user in the JVM.
 *
 * <p>Immutable and thread-safe: the segmenter's configuration is fixed at construction and HanLP's
 * segmenters keep no state between calls.
 */
final class ChineseTokenizer extends AbstractTokenizer {
  static final String NAME = "chinese";
  static final String PERSON_NAMES = "person-names";
  static final int MAX_CHUNK = 4096;
  private static final String SENTENCE_END = "。！？；，、.!?;,：:…";

  private final Segment segment;
  private final Options settings;

  ChineseTokenizer(boolean personNames) {
    Predefine.logger.setLevel(Level.OFF);
    this.segment =
        new ViterbiSegment()
            .enableCustomDictionary(false)
            .enableCustomDictionaryForcing(false)
            .enableNormalization(false)
            .enablePartOfSpeechTagging(false)
            .enablePlaceRecognize(false)
            .enableOrganizationRecognize(false)
            .enableJapaneseNameRecognize(false)
            .enableNumberQuantifierRecognize(false)
            .enableNameRecognize(personNames)
            .enableTranslatedNameRecognize(personNames)
            .enableOffset(true);
    this.settings = Options.of(PERSON_NAMES, Boolean.toString(personNames));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> tokenize(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    boolean inSpace = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean space = UnicodeText.isWhiteSpace(cp);
      if (space != inSpace && i > start) {
        emit(text.substring(start, i), inSpace, out);
        start = i;
      }
      inSpace = space;
      i += Character.charCount(cp);
    }
    if (start < text.length()) {
      emit(text.substring(start), inSpace, out);
    }
    return out;
  }

  private void emit(String run, boolean whitespace, List<String> out) {
    if (whitespace) {
      out.add(run);
      return;
    }
    int from = 0;
    while (run.length() - from > MAX_CHUNK) {
      int cut = cutPoint(run, from);
      segmentChunk(run.substring(from, cut), out);
      from = cut;
    }
    segmentChunk(run.substring(from), out);
  }

  /** @return where to end the chunk starting at {@code from}: after punctuation, never mid-pair */
  private static int cutPoint(String run, int from) {
    int limit = from + MAX_CHUNK;
    for (int i = limit; i > from + MAX_CHUNK / 2; i--) {
      if (SENTENCE_END.indexOf(run.charAt(i - 1)) >= 0) {
        return i;
      }
    }
    return Character.isLowSurrogate(run.charAt(limit)) ? limit - 1 : limit;
  }

  private void segmentChunk(String chunk, List<String> out) {
    int first = out.size();
    int pos = 0;
    for (Term term : segment.seg(chunk)) {
      int begin = Math.max(pos, Math.min(term.offset, chunk.length()));
      int end = Math.min(chunk.length(), term.offset + term.word.length());
      if (begin > pos) {
        out.add(chunk.substring(pos, begin));
      }
      if (end > begin) {
        out.add(chunk.substring(begin, end));
        pos = end;
      }
    }
    if (pos < chunk.length()) {
      out.add(chunk.substring(pos));
    }
    joinBrokenGraphemes(out, first);
  }

  /** Merges neighbouring tokens (from index {@code first}) that split a grapheme cluster. */
  private static void joinBrokenGraphemes(List<String> tokens, int first) {
    int w = first;
    for (int r = first; r < tokens.size(); r++) {
      String t = tokens.get(r);
      if (w > first && !UnicodeText.isGraphemeBoundary(tokens.get(w - 1), t)) {
        tokens.set(w - 1, tokens.get(w - 1) + t);
      } else {
        tokens.set(w++, t);
      }
    }
    tokens.subList(w, tokens.size()).clear();
  }

  @Override
  public String detokenize(List<String> tokens) {
    return String.join("", tokens);
  }

  @Override
  public boolean isLossless() {
    return true;
  }

  @Override
  public Options settings() {
    return settings;
  }
}

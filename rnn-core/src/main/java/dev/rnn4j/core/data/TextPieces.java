package dev.rnn4j.core.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The text of a corpus as pieces of bounded length that never span a line: a line longer than
 * {@link #MAX_PIECE} {@code char}s is cut at its last whitespace before that length (or, without
 * whitespace, at a code-point boundary). Memory stays bounded whatever the file holds, even one
 * line of gigabytes. For stream-mode training and evaluation; close it when not read to the end.
 */
public final class TextPieces implements Iterator<TextPieces.Piece>, AutoCloseable {
  /** The most {@code char}s in a piece. */
  public static final int MAX_PIECE = 1 << 16;

  /**
   * @param text the piece (without line terminators)
   * @param endOfLine whether the piece ends its line
   */
  public record Piece(String text, boolean endOfLine) {}

  private final Stream<String> chunks;
  private final Iterator<String> it;
  private final StringBuilder pending = new StringBuilder();
  private Piece next;
  private boolean afterCarriageReturn;

  /** @param reader the corpus, read with {@link CorpusReader#chunks(int)} */
  public TextPieces(CorpusReader reader) {
    this.chunks = reader.chunks(MAX_PIECE);
    this.it = chunks.iterator();
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      int nl = lineEnd();
      if (nl >= 0) {
        next = new Piece(pending.substring(0, nl), true);
        afterCarriageReturn = pending.charAt(nl) == '\r' && nl == pending.length() - 1;
        pending.delete(0, nl + 1);
      } else if (pending.length() > MAX_PIECE) {
        int cut = cut();
        next = new Piece(pending.substring(0, cut), false);
        pending.delete(0, cut);
      } else if (it.hasNext()) {
        pending.append(it.next());
        if (afterCarriageReturn && pending.length() > 0 && pending.charAt(0) == '\n') {
          pending.deleteCharAt(0);
        }
        afterCarriageReturn = false;
      } else if (pending.length() > 0) {
        next = new Piece(pending.toString(), true);
        pending.setLength(0);
      } else {
        return false;
      }
    }
    return true;
  }

  /** @return the index of the first line terminator, treating CRLF as one; -1 if none */
  private int lineEnd() {
    for (int i = 0; i < pending.length() && i <= MAX_PIECE; i++) {
      char c = pending.charAt(i);
      if (c == '\n') {
        return i;
      }
      if (c == '\r') {
        if (i + 1 < pending.length() && pending.charAt(i + 1) == '\n') {
          pending.deleteCharAt(i); // CRLF: keep the LF as the terminator
        }
        return i;
      }
    }
    return -1;
  }

  private int cut() {
    return cut(pending, 0);
  }

  /**
   * @return the length of the piece cut from {@code text} at {@code from}, where more than
   *     {@link #MAX_PIECE} chars remain of the line: up to its last whitespace in the second half
   *     of that length, else {@code MAX_PIECE} chars (one less where that would split a surrogate
   *     pair)
   */
  private static int cut(CharSequence text, int from) {
    for (int i = MAX_PIECE; i > MAX_PIECE / 2; i--) {
      if (Character.isWhitespace(text.charAt(from + i - 1))) {
        return i;
      }
    }
    return Character.isHighSurrogate(text.charAt(from + MAX_PIECE - 1)) ? MAX_PIECE - 1 : MAX_PIECE;
  }

  /**
   * The pieces a pass over a file cuts one line into, for text that arrives as lines (e.g. from a
   * cluster): the line itself when it has at most {@link #MAX_PIECE} chars, else pieces cut as
   * {@link TextPieces} cuts them; the last one ends the line.
   *
   * @param line a line without its terminator
   */
  public static List<String> piecesOf(String line) {
    if (line.length() <= MAX_PIECE) {
      return List.of(line);
    }
    List<String> pieces = new ArrayList<>();
    int from = 0;
    while (line.length() - from > MAX_PIECE) {
      int n = cut(line, from);
      pieces.add(line.substring(from, from + n));
      from += n;
    }
    pieces.add(line.substring(from));
    return pieces;
  }

  @Override
  public Piece next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Piece p = next;
    next = null;
    return p;
  }

  @Override
  public void close() {
    chunks.close();
  }
}

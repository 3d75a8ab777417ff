package dev.rnn4j.core.data;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Where a run's text comes from: files (read again on every pass, never whole in memory) or lines
 * held in memory. A pass yields {@link TextPieces.Piece}s: whole lines for sentences, blank lines
 * skipped, or bounded pieces of every line for streams (a blank line too: most tokenizers make
 * nothing of it, a lossless one such as BPE keeps its spaces), the same for files and for lines in
 * memory. Immutable; each pass is for one thread.
 */
public abstract class TextSource {
  private TextSource() {}

  /** A pass over the text; tells where the piece last returned came from. */
  public interface Pass extends Iterator<TextPieces.Piece>, AutoCloseable {
    /** @return "line N of 'FILE'" (or of the text) for the piece last returned */
    String position();

    @Override
    void close();
  }

  /** @return the text of {@code path}: a UTF-8 file or a directory of {@code *.txt} files */
  public static TextSource of(Path path) {
    CorpusReader reader = CorpusReader.of(path);
    return new TextSource() {
      @Override
      public Pass open(boolean stream) {
        return stream ? pieces(reader) : lines(reader);
      }

      @Override
      public List<Path> files() {
        return reader.files();
      }
    };
  }

  /** @return text given as lines (line terminators inside a line are kept as they are) */
  public static TextSource ofLines(List<String> lines) {
    List<String> copy = List.copyOf(lines);
    return new TextSource() {
      @Override
      public Pass open(boolean stream) {
        return new Pass() {
          private int index;
          private int returned;
          private List<String> pieces = List.of();
          private int piece;

          @Override
          public boolean hasNext() {
            if (piece < pieces.size()) {
              return true;
            }
            while (!stream && index < copy.size() && copy.get(index).isBlank()) {
              index++;
            }
            return index < copy.size();
          }

          @Override
          public TextPieces.Piece next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            if (piece == pieces.size()) {
              returned = index + 1;
              pieces = stream ? TextPieces.piecesOf(copy.get(index++)) : List.of(copy.get(index++));
              piece = 0;
            }
            String text = pieces.get(piece++);
            return new TextPieces.Piece(text, piece == pieces.size());
          }

          @Override
          public String position() {
            return "line " + returned + " of the text";
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public List<Path> files() {
        return List.of();
      }
    };
  }

  /**
   * @param stream true for bounded pieces of lines, false for whole lines (a line longer than
   *     {@link CorpusReader#MAX_LINE_CHARS} is then an error naming it)
   * @return a new pass over the text
   */
  public abstract Pass open(boolean stream);

  /** @return the files read, in order (empty for text in memory) */
  public abstract List<Path> files();

  private static Pass lines(CorpusReader reader) {
    CorpusReader.Lines lines = reader.lines();
    return new Pass() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public TextPieces.Piece next() {
        return new TextPieces.Piece(lines.next(), true);
      }

      @Override
      public String position() {
        return lines.position();
      }

      @Override
      public void close() {
        lines.close();
      }
    };
  }

  private static Pass pieces(CorpusReader reader) {
    TextPieces pieces = new TextPieces(reader);
    return new Pass() {
      private long line = 1;
      private boolean lineEnded;

      @Override
      public boolean hasNext() {
        return pieces.hasNext();
      }

      @Override
      public TextPieces.Piece next() {
        if (lineEnded) {
          line++;
        }
        TextPieces.Piece p = pieces.next();
        lineEnded = p.endOfLine();
        return p;
      }

      @Override
      public String position() {
        return "line " + line + " of the text";
      }

      @Override
      public void close() {
        pieces.close();
      }
    };
  }
}

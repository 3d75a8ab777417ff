package dev.rnn4j.core.data;

import dev.rnn4j.api.RnnException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a text corpus: one file, or every {@code *.txt} file under a directory (sub-directories
 * included, hidden ones skipped), in order of their relative paths, so a {@code LICENSE} or
 * {@code README.md} beside the text is not read. Files are UTF-8; a byte order mark at the start
 * of a file is dropped; bytes that are not UTF-8 stop reading with a {@link RnnException} naming
 * the file and the line.
 *
 * <p>Two views, both streamed (one buffer per open file, never a whole file in memory):
 *
 * <ul>
 *   <li>{@link #sentences()}: one sentence per line (line feed, carriage return or both end a
 *       line), blank lines skipped, the text of each line kept as it is;
 *   <li>{@link #chunks(int)}: the whole text in pieces of at most a given number of {@code char}s
 *       (never splitting a surrogate pair), line breaks included, a line feed added between files
 *       when a file does not end with one; for character models.
 * </ul>
 *
 * <p>A corpus without any text (no files, or only blank ones) is a {@link RnnException} when the
 * view is exhausted. The streams hold an open file: close them (try-with-resources) when not read
 * to the end. A {@code CorpusReader} is immutable and thread-safe; each stream it returns is for
 * one thread.
 */
public final class CorpusReader {
  /** The longest line, in {@code char}s, that {@link #sentences()} returns. */
  public static final int MAX_LINE_CHARS = 1_000_000;

  private final Path root;
  private final List<Path> files;

  private CorpusReader(Path root, List<Path> files) {
    this.root = root;
    this.files = files;
  }

  /**
   * @param path a UTF-8 text file, or a directory of {@code *.txt} files
   * @throws RnnException when the path does not exist, cannot be listed, or a directory has no
   *     {@code *.txt} file
   */
  public static CorpusReader of(Path path) {
    if (Files.isRegularFile(path)) {
      return new CorpusReader(path, List.of(path));
    }
    if (!Files.isDirectory(path)) {
      throw new RnnException("corpus '" + path + "' does not exist (expected a file or a directory)");
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(path)) {
      walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".txt"))
          .filter(p -> !isHidden(path.relativize(p)))
          .forEach(found::add);
    } catch (IOException | UncheckedIOException e) {
      throw new RnnException("cannot list corpus directory '" + path + "': " + e.getMessage(), e);
    }
    if (found.isEmpty()) {
      throw new RnnException("corpus directory '" + path + "' has no *.txt file");
    }
    found.sort((a, b) -> path.relativize(a).toString().compareTo(path.relativize(b).toString()));
    return new CorpusReader(path, List.copyOf(found));
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** @return the files read, in reading order (unmodifiable) */
  public List<Path> files() {
    return files;
  }

  /**
   * @return the non-blank lines of all files, in order, read lazily; close it if not read to the
   *     end
   * @throws RnnException while reading: invalid UTF-8 (file and line named), an I/O error, or a
   *     corpus without any non-blank line
   */
  public Stream<String> sentences() {
    return stream(new LineIterator());
  }

  /**
   * @return an iterable whose every iteration reads the corpus again with {@link #sentences()};
   *     for trainers that take an {@link Iterable} (BPE); an iteration left unfinished keeps one
   *     file open until the iterator is garbage
   */
  public Iterable<String> sentenceIterable() {
    return LineIterator::new;
  }

  /**
   * @return an iterator of the non-blank lines, as {@link #sentences()}, that also tells where
   *     the last line it returned came from ({@link Position}); close it if not read to the end
   */
  public Lines lines() {
    return new Lines(new LineIterator());
  }

  /** Lines with their file and line number; see {@link #lines()}. For one thread. */
  public static final class Lines implements Iterator<String>, AutoCloseable {
    private final CursorIterator it;

    private Lines(CursorIterator it) {
      this.it = it;
    }

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    public String next() {
      return it.next();
    }

    /** @return "line N of 'FILE'" for the line last returned by {@link #next()} */
    public String position() {
      return "line " + it.lastLine + " of '" + it.outer().files.get(Math.max(0, it.fileIndex)) + "'";
    }

    @Override
    public void close() {
      it.close();
    }
  }

  /**
   * @param maxChars the most {@code char}s a chunk holds (&ge; 2)
   * @return the whole text in chunks, read lazily; close it if not read to the end
   * @throws RnnException as {@link #sentences()}; for a corpus of no characters at all
   */
  public Stream<String> chunks(int maxChars) {
    if (maxChars < 2) {
      throw new IllegalArgumentException("maxChars must be at least 2, got " + maxChars);
    }
    return stream(new ChunkIterator(maxChars));
  }

  private static Stream<String> stream(CursorIterator it) {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(it::close);
  }

  /** Walks the files, one open reader at a time. */
  private abstract class CursorIterator implements Iterator<String> {
    int fileIndex = -1;
    Reader reader;
    long line;
    long lastLine;
    long produced;
    private String next;

    /** @return the next item from the open file, or null at its end */
    abstract String readItem() throws IOException;

    /** Called when a file has been opened. */
    void opened() {}

    CorpusReader outer() {
      return CorpusReader.this;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (reader == null && !openNext()) {
          if (produced == 0) {
            throw new RnnException(
                "corpus '" + root + "' has no text (" + files.size() + " file"
                    + (files.size() == 1 ? "" : "s") + ", all empty or blank)");
          }
          return false;
        }
        try {
          next = readItem();
        } catch (CharacterCodingException e) {
          throw invalid(files.get(fileIndex), e);
        } catch (IOException e) {
          throw new RnnException("cannot read '" + files.get(fileIndex) + "': " + e.getMessage(), e);
        }
        if (next == null) {
          close();
        }
      }
      return true;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String s = next;
      next = null;
      produced++;
      return s;
    }

    private boolean openNext() {
      if (fileIndex + 1 >= files.size()) {
        return false;
      }
      fileIndex++;
      Path p = files.get(fileIndex);
      CharsetDecoder decoder =
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try {
        reader = new BufferedReader(new InputStreamReader(Files.newInputStream(p), decoder), 1 << 16);
        reader.mark(1);
        int first = reader.read();
        if (first != '\uFEFF') {
          reader.reset();
        }
      } catch (CharacterCodingException e) {
        throw invalid(p, e);
      } catch (IOException e) {
        throw new RnnException("cannot read '" + p + "': " + e.getMessage(), e);
      }
      line = 0;
      opened();
      return true;
    }

    void close() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          reader = null;
        }
      }
    }
  }

  private final class LineIterator extends CursorIterator {
    private final StringBuilder text = new StringBuilder();

    @Override
    String readItem() throws IOException {
      for (String s = readLine(); s != null; s = readLine()) {
        if (!s.isBlank()) {
          lastLine = line;
          return s;
        }
      }
      return null;
    }

    /** A line without its terminator (LF, CR or CRLF), refused past {@link #MAX_LINE_CHARS}. */
    private String readLine() throws IOException {
      text.setLength(0);
      int c = reader.read();
      if (c < 0) {
        return null;
      }
      line++;
      for (; c >= 0 && c != '\n' && c != '\r'; c = reader.read()) {
        if (text.length() == MAX_LINE_CHARS) {
          throw new RnnException("line " + line + " of '" + files.get(fileIndex) + "' is longer than "
              + MAX_LINE_CHARS + " characters, too long for one sequence; train with --mode stream "
              + "(the text in windows) or split the text into lines");
        }
        text.append((char) c);
      }
      if (c == '\r') {
        reader.mark(1);
        if (reader.read() != '\n') {
          reader.reset();
        }
      }
      return text.toString();
    }
  }

  private final class ChunkIterator extends CursorIterator {
    private final char[] buffer;
    private boolean endsWithNewline = true;
    private boolean needSeparator;
    private int pending = -1;

    ChunkIterator(int maxChars) {
      this.buffer = new char[maxChars];
    }

    @Override
    void opened() {
      needSeparator = !endsWithNewline;
      endsWithNewline = true;
    }

    @Override
    String readItem() throws IOException {
      int n = 0;
      if (pending >= 0) {
        buffer[n++] = (char) pending;
        pending = -1;
      }
      if (needSeparator) {
        buffer[n++] = '\n';
        needSeparator = false;
      }
      while (n < buffer.length) {
        int got = reader.read(buffer, n, buffer.length - n);
        if (got < 0) {
          break;
        }
        n += got;
      }
      if (n == buffer.length && Character.isHighSurrogate(buffer[n - 1])) {
        pending = buffer[--n]; // keep a surrogate pair together: it opens the next chunk
      }
      if (n == 0) {
        return null;
      }
      endsWithNewline = buffer[n - 1] == '\n';
      return new String(buffer, 0, n);
    }
  }

  /** Builds the error for invalid UTF-8, finding the exact line by re-reading the file's bytes. */
  private static RnnException invalid(Path file, CharacterCodingException cause) {
    long[] where = firstInvalidLine(file);
    String at = where == null ? "" : ": line " + where[0] + ", byte " + where[1] + " of the line";
    return new RnnException(
        "corpus file '" + file + "' is not valid UTF-8" + at
            + "; convert it to UTF-8 (for example with iconv)", cause);
  }

  /** @return {line (1-based), byte in line (1-based)} of the first invalid byte, or null */
  static long[] firstInvalidLine(Path file) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      byte[] line = new byte[256];
      int n = 0;
      long lineNo = 1;
      for (int b = in.read(); ; b = in.read()) {
        if (b < 0 || b == '\n') {
          try {
            decoder.reset().decode(ByteBuffer.wrap(line, 0, n));
          } catch (CharacterCodingException e) {
            return new long[] {lineNo, badByte(line, n) + 1};
          }
          if (b < 0) {
            return null;
          }
          lineNo++;
          n = 0;
        } else {
          if (n == line.length) {
            line = Arrays.copyOf(line, n * 2);
          }
          line[n++] = (byte) b;
        }
      }
    } catch (IOException e) {
      return null;
    }
  }

  private static int badByte(byte[] line, int n) {
    ByteBuffer in = ByteBuffer.wrap(line, 0, n);
    CharsetDecoder d =
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(n + 1);
    d.decode(in, out, true);
    return in.position();
  }
}

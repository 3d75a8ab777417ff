package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code metrics.csv} file of a run folder: one row per logged training step or epoch.
 *
 * <p>Columns, in this order: {@code epoch, step, tokens, train_loss, train_ppl, val_loss,
 * val_ppl, learning_rate, tokens_per_s, elapsed_s}. Losses are cross-entropy in nats per token;
 * {@code step} is the 1-based update within the epoch and is empty on the row that summarises an
 * epoch; {@code tokens} counts the predicted tokens since training started; {@code elapsed_s} is
 * wall-clock seconds since training started. A cell is empty when the value is unknown
 * ({@link Double#NaN}, or {@link Row#UNKNOWN} for the integer columns). UTF-8, {@code \n} line
 * ends, numbers in the root locale ({@code 0.5}, never {@code 0,5}).
 *
 * <p>Writing: {@link #open} then {@link #append} any number of times, then {@link #close}. Each
 * row is flushed to the operating system as soon as it is appended, so a plot drawn while the
 * run goes on sees every finished row. Opening an existing file appends to it; a partial last
 * line left by a crash is cut off first. Not thread-safe: append from one thread.
 *
 * <p>Reading: {@link #read} tolerates a partial last line (a writer in the middle of a row).
 */
public final class MetricsLog implements Closeable {
  /** The file name inside a run folder. */
  public static final String FILE_NAME = "metrics.csv";

  /** The header, in column order. */
  public static final List<String> COLUMNS = List.of("epoch", "step", "tokens", "train_loss",
      "train_ppl", "val_loss", "val_ppl", "learning_rate", "tokens_per_s", "elapsed_s");

  private static final MathContext SIGNIFICANT = new MathContext(7);

  private final Path file;
  private final Writer out;
  private final StringBuilder line = new StringBuilder(128);

  private MetricsLog(Path file, Writer out) {
    this.file = file;
    this.out = out;
  }

  /**
   * One row. Unknown values are {@link Double#NaN} (for {@code epoch}, {@code step} and
   * {@code tokens}: {@link #UNKNOWN}).
   *
   * @param epoch 1-based epoch the row belongs to (0 for a measurement before training)
   * @param step 1-based update within the epoch; {@link #UNKNOWN} on an epoch's summary row
   * @param tokens predicted tokens since training started
   * @param trainLoss training loss, nats per token
   * @param trainPerplexity {@code exp(trainLoss)}
   * @param validationLoss validation loss, nats per token
   * @param validationPerplexity {@code exp(validationLoss)}
   * @param learningRate the optimizer's learning rate
   * @param tokensPerSecond training throughput
   * @param elapsedSeconds wall-clock seconds since training started
   */
  public record Row(int epoch, long step, long tokens, double trainLoss, double trainPerplexity,
      double validationLoss, double validationPerplexity, double learningRate,
      double tokensPerSecond, double elapsedSeconds) {
    /** The value of an unknown {@code epoch}, {@code step} or {@code tokens}. */
    public static final int UNKNOWN = -1;

    /** @return whether this row summarises an epoch (its {@code step} is unknown) */
    public boolean isEpochSummary() {
      return step == UNKNOWN;
    }
  }

  /**
   * Opens {@code runDir/metrics.csv} for appending, creating the folder and the file (with its
   * header) when missing.
   *
   * @throws RnnException when the file cannot be written or has another header
   */
  public static MetricsLog open(Path runDir) {
    Path file = runDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(runDir);
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        boolean fresh = prepareForAppend(ch, file);
        Writer w = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
            StandardCharsets.UTF_8));
        if (fresh) {
          w.write(String.join(",", COLUMNS));
          w.write('\n');
          w.flush();
        }
        return new MetricsLog(file, w);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new RnnException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks the header, cuts a partial last line, positions at the end; true if the file is empty. */
  private static boolean prepareForAppend(FileChannel ch, Path file) throws IOException {
    long size = ch.size();
    if (size == 0) {
      return true;
    }
    ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
    while (all.hasRemaining() && ch.read(all) >= 0) {
      // read everything (the file is small: one row per logged step)
    }
    byte[] bytes = all.array();
    int lastNewline = all.position() - 1;
    while (lastNewline >= 0 && bytes[lastNewline] != '\n') {
      lastNewline--;
    }
    int headerEnd = 0;
    while (headerEnd < all.position() && bytes[headerEnd] != '\n') {
      headerEnd++;
    }
    String header = new String(bytes, 0, headerEnd, StandardCharsets.UTF_8).strip();
    if (lastNewline < 0 || !header.equals(String.join(",", COLUMNS))) {
      if (lastNewline < 0 && String.join(",", COLUMNS).startsWith(header)) {
        ch.truncate(0);
        ch.position(0);
        return true;
      }
      throw new RnnException(file + " is not an rnn4j metrics file (its header is '" + cut(header)
          + "'); choose another run folder");
    }
    ch.truncate(lastNewline + 1L);
    ch.position(lastNewline + 1L);
    return false;
  }

  /**
   * Cuts {@code runDir/metrics.csv} back to its first {@code bytes} bytes (the length a checkpoint
   * recorded), so that a resumed run appends the rows after its checkpoint once; a missing file
   * or a shorter one is left as it is.
   */
  public static void cut(Path runDir, long bytes) {
    Path file = runDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (ch.size() > bytes) {
        ch.truncate(bytes);
      }
    } catch (IOException e) {
      throw new RnnException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** @return the bytes written to the file so far (every appended row is flushed) */
  public long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new RnnException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** @return the file this log appends to */
  public Path file() {
    return file;
  }

  /**
   * Appends one row and flushes it.
   *
   * @throws RnnException when the file cannot be written
   */
  public void append(Row row) {
    line.setLength(0);
    line.append(row.epoch() == Row.UNKNOWN ? "" : Integer.toString(row.epoch())).append(',');
    line.append(row.step() == Row.UNKNOWN ? "" : Long.toString(row.step())).append(',');
    line.append(row.tokens() == Row.UNKNOWN ? "" : Long.toString(row.tokens())).append(',');
    number(row.trainLoss()).append(',');
    number(row.trainPerplexity()).append(',');
    number(row.validationLoss()).append(',');
    number(row.validationPerplexity()).append(',');
    number(row.learningRate()).append(',');
    number(row.tokensPerSecond()).append(',');
    number(row.elapsedSeconds()).append('\n');
    try {
      out.write(line.toString());
      out.flush();
    } catch (IOException e) {
      throw new RnnException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private StringBuilder number(double v) {
    return line.append(format(v));
  }

  /** @return {@code v} with at most 7 significant digits; empty for NaN, {@code inf} for infinities */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(SIGNIFICANT).stripTrailingZeros();
    double abs = Math.abs(v);
    return abs >= 1e-4 && abs < 1e15 ? d.toPlainString() : d.toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new RnnException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a metrics file. Columns are matched by name, so files with extra columns or another
   * order are read too; missing columns read as unknown. A last line without its line end is
   * kept only when it is complete (every column present and every cell a number), since it may
   * be a row still being written.
   *
   * @param csv the metrics file (usually {@code runDir/metrics.csv})
   * @return the rows in file order
   * @throws RnnException when the file is missing, unreadable, or malformed before its last line
   */
  public static List<Row> read(Path csv) {
    String text;
    try {
      text = utf8(csv, Files.readAllBytes(csv));
    } catch (NoSuchFileException e) {
      throw new RnnException(csv + " does not exist");
    } catch (IOException e) {
      throw new RnnException("cannot read " + csv + ": " + e.getMessage(), e);
    }
    List<String> lines = new ArrayList<>(text.lines().toList());
    boolean lastTerminated = text.endsWith("\n");
    if (lines.isEmpty()) {
      return List.of();
    }
    int[] index = columnIndex(csv, lines.get(0));
    List<Row> rows = new ArrayList<>(lines.size());
    for (int i = 1; i < lines.size(); i++) {
      String l = lines.get(i);
      boolean partial = i == lines.size() - 1 && !lastTerminated;
      if (l.isBlank()) {
        continue;
      }
      try {
        rows.add(parse(l.split(",", -1), index, partial));
      } catch (IllegalArgumentException e) {
        if (partial) {
          break;
        }
        throw new RnnException(csv + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return rows;
  }

  /** @throws RnnException naming the file and the line of the first byte that is not UTF-8 */
  private static String utf8(Path csv, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(b, CharBuffer.allocate(bytes.length), true);
      int line = 1;
      for (int k = 0; k < b.position(); k++) {
        line += bytes[k] == '\n' ? 1 : 0;
      }
      throw new RnnException(csv + " line " + line + " is not UTF-8 text (byte " + b.position()
          + "); metrics files are UTF-8");
    }
  }

  /** @return {@code text} cut to 80 characters, control characters as '?', for a message */
  private static String cut(String text) {
    String line = text.replaceAll("\\p{Cntrl}", "?");
    return line.length() <= 80 ? line : line.substring(0, 80) + "…";
  }

  private static int[] columnIndex(Path csv, String headerLine) {
    String[] header = headerLine.strip().split(",", -1);
    int[] index = new int[COLUMNS.size()];
    boolean any = false;
    for (int c = 0; c < COLUMNS.size(); c++) {
      index[c] = -1;
      for (int h = 0; h < header.length; h++) {
        if (header[h].strip().equalsIgnoreCase(COLUMNS.get(c))) {
          index[c] = h;
          any = true;
        }
      }
    }
    if (!any || index[0] < 0) {
      throw new RnnException(csv + " is not an rnn4j metrics file: its header '" + cut(headerLine.strip())
          + "' lacks the column 'epoch' (expected " + String.join(",", COLUMNS) + ")");
    }
    return index;
  }

  private static Row parse(String[] cells, int[] index, boolean strict) {
    int width = 0;
    for (int i : index) {
      width = Math.max(width, i + 1);
    }
    if (cells.length < width || (strict && cells.length != width)) {
      throw new IllegalArgumentException("expected " + width + " cells, found " + cells.length);
    }
    return new Row(
        (int) integer(cells, index[0], "epoch"),
        integer(cells, index[1], "step"),
        integer(cells, index[2], "tokens"),
        real(cells, index[3]), real(cells, index[4]), real(cells, index[5]), real(cells, index[6]),
        real(cells, index[7]), real(cells, index[8]), real(cells, index[9]));
  }

  private static long integer(String[] cells, int at, String name) {
    String s = at < 0 ? "" : cells[at].strip();
    if (s.isEmpty()) {
      return Row.UNKNOWN;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + cut(s) + "' is not a whole number");
    }
  }

  private static double real(String[] cells, int at) {
    String s = at < 0 ? "" : cells[at].strip();
    switch (s.toLowerCase(Locale.ROOT)) {
      case "", "nan":
        return Double.NaN;
      case "inf", "+inf", "infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + cut(s) + "' is not a number");
        }
    }
  }
}

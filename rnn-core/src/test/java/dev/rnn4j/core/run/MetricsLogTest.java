package dev.rnn4j.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  static final double NAN = Double.NaN;
  static final MetricsLog.Row STEP = new MetricsLog.Row(1, 50, 1200, 4.5, 90.01713, NAN, NAN, 0.02, 15000, 0.08);
  static final MetricsLog.Row EPOCH = new MetricsLog.Row(1, MetricsLog.Row.UNKNOWN, 2400, 4.25, 70.10541,
      4.5, 90.01713, 0.02, 14500.5, 0.165);

  @Test
  void rowsRoundTripWithEmptyCellsForUnknownValues(@TempDir Path dir) {
    try (MetricsLog log = MetricsLog.open(dir.resolve("run"))) {
      log.append(STEP);
      log.append(EPOCH);
    }
    Path csv = dir.resolve("run").resolve(MetricsLog.FILE_NAME);
    assertEquals(List.of(STEP, EPOCH), MetricsLog.read(csv));
    List<String> lines = lines(csv);
    assertEquals(String.join(",", MetricsLog.COLUMNS), lines.get(0));
    assertEquals("1,50,1200,4.5,90.01713,,,0.02,15000,0.08", lines.get(1));
    assertEquals("1,,2400,4.25,70.10541,4.5,90.01713,0.02,14500.5,0.165", lines.get(2));
  }

  @Test
  void eachRowIsOnDiskAsSoonAsItIsAppended(@TempDir Path dir) {
    try (MetricsLog log = MetricsLog.open(dir)) {
      log.append(STEP);
      assertEquals(List.of(STEP), MetricsLog.read(log.file()));
    }
  }

  @Test
  void aPartialLastLineIsIgnoredByTheReader(@TempDir Path dir) throws IOException {
    try (MetricsLog log = MetricsLog.open(dir)) {
      log.append(STEP);
    }
    Path csv = dir.resolve(MetricsLog.FILE_NAME);
    Files.writeString(csv, "1,100,2400,4.2", StandardOpenOption.APPEND);
    assertEquals(List.of(STEP), MetricsLog.read(csv));
  }

  @Test
  void reopeningCutsAPartialLineAndAppends(@TempDir Path dir) throws IOException {
    try (MetricsLog log = MetricsLog.open(dir)) {
      log.append(STEP);
    }
    Path csv = dir.resolve(MetricsLog.FILE_NAME);
    Files.writeString(csv, "1,100,24", StandardOpenOption.APPEND);
    try (MetricsLog log = MetricsLog.open(dir)) {
      log.append(EPOCH);
    }
    assertEquals(List.of(STEP, EPOCH), MetricsLog.read(csv));
    assertEquals(3, lines(csv).size());
  }

  @Test
  void aMalformedLineBeforeTheEndIsAnErrorNamingTheLine(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve(MetricsLog.FILE_NAME);
    Files.writeString(csv, String.join(",", MetricsLog.COLUMNS) + "\n1,x,,,,,,,,\n2,,,,,,,,,\n");
    RnnException e = assertThrows(RnnException.class, () -> MetricsLog.read(csv));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void anotherFileIsNotAppendedTo(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(MetricsLog.FILE_NAME), "name,age\nbob,3\n");
    RnnException e = assertThrows(RnnException.class, () -> MetricsLog.open(dir));
    assertTrue(e.getMessage().contains("not an rnn4j metrics file"), e.getMessage());
  }

  @Test
  void columnsAreFoundByNameAndInfinityIsKept(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("m.csv");
    Files.writeString(csv, "val_loss,epoch,train_loss,note\n2.5,3,inf,hello\n");
    MetricsLog.Row r = MetricsLog.read(csv).get(0);
    assertEquals(3, r.epoch());
    assertTrue(r.isEpochSummary());
    assertEquals(2.5, r.validationLoss());
    assertEquals(Double.POSITIVE_INFINITY, r.trainLoss());
    assertTrue(Double.isNaN(r.learningRate()));
  }

  @Test
  void numbersAreWrittenShortAndInTheRootLocale() {
    assertEquals("", MetricsLog.format(Double.NaN));
    assertEquals("inf", MetricsLog.format(Double.POSITIVE_INFINITY));
    assertEquals("0.02", MetricsLog.format(0.02));
    assertEquals("3.141593", MetricsLog.format(Math.PI));
    assertEquals("12345680", MetricsLog.format(12345678.9));
    assertEquals("1e-7", MetricsLog.format(1e-7));
    assertEquals("1.5e+20", MetricsLog.format(1.5e20));
  }

  static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

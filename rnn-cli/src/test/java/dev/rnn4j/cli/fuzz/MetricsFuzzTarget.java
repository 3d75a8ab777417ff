package dev.rnn4j.cli.fuzz;

import dev.rnn4j.core.run.MetricsLog;
import dev.rnn4j.cli.report.PlotRenderer;
import dev.rnn4j.testkit.fuzz.FuzzTarget;
import dev.rnn4j.testkit.fuzz.TempFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bytes as a run's {@code metrics.csv}: {@link MetricsLog#read}, and the charts drawn from what
 * it read (as {@code rnn4j plot} does) for one input in eight.
 */
public final class MetricsFuzzTarget implements FuzzTarget {
  private static final String HEADER = String.join(",", MetricsLog.COLUMNS);
  private static final String[] CELLS = {"", "0", "1", "-1", "3.5", "NaN", "nan", "Infinity",
    "-Infinity", "inf", "1e308", "1e999", "-0", "9223372036854775807", "99999999999999999999",
    "0x1p3", "1,2", " 7 ", "abc", "\u00e9"};
  private final TempFile file = new TempFile(MetricsLog.FILE_NAME);
  private final PlotRenderer renderer = new PlotRenderer(200, 200);
  private long runs;

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public List<byte[]> seeds() {
    return List.of((HEADER + "\n1,10,100,5.1,164.0,,,0.1,1000,1.5\n1,,100,,,4.9,134.3,0.1,,2.0\n"
        + "2,20,200,NaN,NaN,Infinity,inf,0.05,NaN,3.0\n2,30,300,4.2,66.7").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] generate(SplittableRandom r) {
    StringBuilder b = new StringBuilder(r.nextInt(10) == 0 ? "epoch,x" : HEADER).append('\n');
    int rows = r.nextInt(30);
    for (int i = 0; i < rows; i++) {
      int cells = r.nextInt(10) == 0 ? r.nextInt(14) : MetricsLog.COLUMNS.size();
      for (int c = 0; c < cells; c++) {
        b.append(c > 0 ? "," : "").append(r.nextInt(3) == 0 ? CELLS[r.nextInt(CELLS.length)]
            : Double.toString(r.nextDouble() * 10));
      }
      b.append(r.nextInt(20) == 0 ? "" : "\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void run(byte[] input) throws IOException {
    Path p = file.write(input);
    List<MetricsLog.Row> rows = MetricsLog.read(p);
    if (runs++ % 8 == 0) {
      renderer.render(rows, p.getParent(), "fuzz");
    }
  }

  @Override
  public void close() {
    file.close();
  }
}

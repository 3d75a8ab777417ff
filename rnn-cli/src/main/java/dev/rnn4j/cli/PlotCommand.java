package dev.rnn4j.cli;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.run.MetricsLog;
import dev.rnn4j.cli.report.PlotRenderer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn4j plot}: redraws a run's charts from its metrics file. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = {"Draws two charts into RUN_DIR from RUN_DIR/" + MetricsLog.FILE_NAME
        + ", replacing older ones, and prints their paths:",
        "  " + PlotRenderer.LOSS_FILE + "        training and validation loss per token by epoch",
        "  " + PlotRenderer.PERPLEXITY_FILE + "  the same as perplexity, log scale",
        "Safe to run while training goes on: a partial last row is ignored and the images are "
        + "replaced atomically."})
final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR",
      description = "The run folder holding " + MetricsLog.FILE_NAME + " (or that file itself).")
  Path runDir;

  @Option(names = "--width", defaultValue = "" + PlotRenderer.DEFAULT_WIDTH, paramLabel = "PIXELS",
      description = "Image width, 200..10000 (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", defaultValue = "" + PlotRenderer.DEFAULT_HEIGHT, paramLabel = "PIXELS",
      description = "Image height, 200..10000 (default: ${DEFAULT-VALUE}).")
  int height;

  @Override
  public Integer call() {
    Path dir = runDir;
    Path csv;
    if (Files.isRegularFile(runDir)) {
      csv = runDir;
      dir = runDir.toAbsolutePath().getParent();
    } else if (Files.isDirectory(runDir)) {
      csv = runDir.resolve(MetricsLog.FILE_NAME);
      if (!Files.isRegularFile(csv)) {
        throw new RnnException("the run folder " + runDir + " has no " + MetricsLog.FILE_NAME
            + " (it is written while a run trains)");
      }
    } else {
      throw new RnnException("the run folder " + runDir + " does not exist");
    }
    PlotRenderer renderer;
    try {
      renderer = new PlotRenderer(width, height);
    } catch (IllegalArgumentException e) {
      throw new RnnException("--width/--height: " + e.getMessage());
    }
    List<MetricsLog.Row> rows = MetricsLog.read(csv);
    Path name = dir.toAbsolutePath().normalize().getFileName();
    List<Path> written = renderer.render(rows, dir, name == null ? "" : name.toString());
    PrintWriter out = spec.commandLine().getOut();
    for (Path p : written) {
      out.println(p);
    }
    out.flush();
    return 0;
  }
}

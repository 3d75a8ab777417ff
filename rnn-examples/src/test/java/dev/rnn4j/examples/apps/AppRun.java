package dev.rnn4j.examples.apps;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs an example application's command line in-process and captures what it prints. */
record AppRun(int exit, String out, String err) {
  static AppRun of(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new AppRun(exit, out.toString(), err.toString());
  }

  /** @return the lines after the first line starting with {@code header}, blank ones skipped */
  List<String> linesAfter(String header) {
    List<String> lines = new ArrayList<>();
    boolean on = false;
    for (String line : out.split("\\R")) {
      if (on && !line.isBlank()) {
        lines.add(line);
      }
      on |= line.startsWith(header);
    }
    return lines;
  }
}

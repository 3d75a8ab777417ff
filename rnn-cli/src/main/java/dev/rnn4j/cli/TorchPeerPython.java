package dev.rnn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code bench} starts its PyTorch peers ({@code torch_rnn.py}, {@code torch_cells.py}):
 * Debian's {@code /usr/bin/python3}, with OpenBLAS's directory first on the library path, the
 * row's thread count and passive OpenMP waiting; and the check, made once before the first row,
 * that this python imports torch and that torch did not load the reference BLAS.
 *
 * <p>Debian's torch is linked against the generic {@code libblas.so.3}. Where only the reference
 * BLAS ({@code libblas3}) provides it, torch still runs, about ten times slower (on one machine
 * here, c's LSTM at batch 32 ran 232 instead of 1,976-3,595 tokens/s), and a ratio against it would say
 * more about the machine's packages than about rnn4j. Such a peer is not run: {@link #problem}
 * gives the one line that says so and what to install.
 */
final class TorchPeerPython {
  /** The python that has Debian's torch. */
  static final String PYTHON = "/usr/bin/python3";
  /** Debian's OpenBLAS (package {@code libopenblas0-pthread}), put first on the library path. */
  static final String OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
  /** Imports torch, then prints every mapped file whose name says BLAS. */
  private static final String PROBE = "import torch\n"
      + "for line in open('/proc/self/maps'):\n"
      + "    path = line.split()[-1]\n"
      + "    if 'blas' in path.rsplit('/', 1)[-1]: print('mapped', path)\n";
  private static final String INSTALL = "on Debian: apt-get install python3-torch libopenblas0-pthread";

  private TorchPeerPython() {}

  /** A peer process: {@code python} with {@code args}, OpenBLAS first, {@code threads} threads. */
  static ProcessBuilder process(String python, List<String> args, int threads) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("LD_LIBRARY_PATH", OPENBLAS_DIR);
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    BenchCommand.putThreadCounts(pb, threads);
    return pb;
  }

  /**
   * {@code script} when the PyTorch peers can give fair figures here ({@link #problem} with {@link
   * #PYTHON}); else null, after one line on {@code out} saying why not. Null for a null script.
   */
  static Path usable(PrintWriter out, Path script) {
    if (script == null) {
      return null;
    }
    String problem = problem(PYTHON);
    if (problem != null) {
      out.println("(" + problem + ")");
      out.flush();
      return null;
    }
    return script;
  }

  /**
   * Runs the probe with {@code python} as the peers run: null when the peer can give fair
   * figures, else one line saying why it is not run.
   */
  static String problem(String python) {
    ProcessBuilder pb = process(python, List.of("-c", PROBE), 1).redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return judge(python, p.waitFor(), output);
    } catch (IOException e) {
      return "PyTorch peer not run: cannot start " + python + " (" + INSTALL + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "PyTorch peer not run: interrupted";
    }
  }

  /**
   * The probe's verdict from its exit code and output (standard output and error together): null,
   * or the line saying why not.
   */
  static String judge(String python, int exit, String output) {
    if (exit != 0) {
      if (output.contains("No module named 'torch'")) {
        return "PyTorch peer not run: " + python + " has no torch (" + INSTALL + ")";
      }
      String[] lines = output.strip().split("\n");
      return "PyTorch peer not run: " + python + " failed to import torch: " + lines[lines.length - 1];
    }
    for (String line : output.split("\n")) {
      if (line.startsWith("mapped ") && line.contains("/blas/libblas.so")) {
        return "PyTorch peer not run: torch loaded the reference BLAS (" + line.substring(7).strip()
            + "), about ten times slower than OpenBLAS, so ratios against it would mislead ("
            + INSTALL + ")";
      }
    }
    return null;
  }
}

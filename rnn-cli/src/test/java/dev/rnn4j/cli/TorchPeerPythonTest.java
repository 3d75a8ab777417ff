package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch peers are run only where they give fair figures: a python without torch, or a torch
 * on the reference BLAS (ten times slower than OpenBLAS), is one line and no peer, instead of a
 * failure per row or ratios that flatter rnn4j. Pythons are stand-in scripts here.
 */
class TorchPeerPythonTest {
  @TempDir
  Path dir;

  @Test
  void torchOnOpenBlasRuns() throws IOException {
    Path python = fakePython("echo 'mapped /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3'\n"
        + "echo 'mapped /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'\n");
    assertNull(TorchPeerPython.problem(python.toString()));
  }

  @Test
  void torchOnTheReferenceBlasIsNotRun() throws IOException {
    Path python = fakePython("echo 'mapped /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0'\n");
    String why = TorchPeerPython.problem(python.toString());
    assertTrue(why.contains("reference BLAS (/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0)"), why);
    assertTrue(why.contains("libopenblas0-pthread"), why);
    assertEquals(1, why.lines().count(), why);
  }

  @Test
  void aPythonWithoutTorchIsNotRun() throws IOException {
    Path python = fakePython("echo 'Traceback (most recent call last):' >&2\n"
        + "echo \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
    String why = TorchPeerPython.problem(python.toString());
    assertEquals("PyTorch peer not run: " + python + " has no torch (on Debian: apt-get install python3-torch"
        + " libopenblas0-pthread)", why);
  }

  @Test
  void otherImportFailuresGiveTheirLastLine() {
    assertEquals("PyTorch peer not run: py failed to import torch: OSError: libgomp.so.1: cannot open",
        TorchPeerPython.judge("py", 1, "Traceback\n  File x\nOSError: libgomp.so.1: cannot open\n"));
  }

  @Test
  void aMissingPythonIsOneLine() {
    String why = TorchPeerPython.problem(dir.resolve("no-such-python").toString());
    assertTrue(why.startsWith("PyTorch peer not run: cannot start "), why);
  }

  @Test
  void thePeerRunsWithOpenBlasFirstAndTheRowsThreads() {
    ProcessBuilder pb = TorchPeerPython.process("py", java.util.List.of("peer.py", "--x"), 2);
    assertEquals(java.util.List.of("py", "peer.py", "--x"), pb.command());
    assertEquals(TorchPeerPython.OPENBLAS_DIR, pb.environment().get("LD_LIBRARY_PATH"));
    assertEquals("2", pb.environment().get("OPENBLAS_NUM_THREADS"));
    assertEquals("2", pb.environment().get("OMP_NUM_THREADS"));
    assertEquals("PASSIVE", pb.environment().get("OMP_WAIT_POLICY"));
  }

  private Path fakePython(String body) throws IOException {
    Path p = dir.resolve("python3");
    Files.writeString(p, "#!/bin/sh\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}

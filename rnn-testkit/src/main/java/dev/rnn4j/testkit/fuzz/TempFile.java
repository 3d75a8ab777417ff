package dev.rnn4j.testkit.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary file rewritten for every input; deleted with its directory on close. */
public final class TempFile implements AutoCloseable {
  private final Path dir;
  private final Path path;

  /** Creates a new temporary directory; the file is {@code name} in it. */
  public TempFile(String name) {
    try {
      dir = Files.createTempDirectory("rnn4j-fuzz");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    path = dir.resolve(name);
  }

  /** @return the path of the file, now holding {@code bytes} */
  public Path write(byte[] bytes) throws IOException {
    return Files.write(path, bytes);
  }

  /** @return the path of the file */
  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory is left behind
    }
  }
}

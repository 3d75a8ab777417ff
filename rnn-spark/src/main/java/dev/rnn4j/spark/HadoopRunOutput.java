package dev.rnn4j.spark;

import dev.rnn4j.api.RnnException;
import dev.rnn4j.core.run.RunOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;

/**
 * A {@link RunOutput} on any Hadoop file system ({@code hdfs://}, {@code file://}, ...), written
 * by the driver: each complete file of the locally staged run folder is copied to a temporary
 * file next to its target, closed, then renamed over the target, so that readers (and a resumed
 * run) see the old file or the new one. On the local file system no checksum side files are
 * written, so the folder holds exactly what a local run's holds (no {@code .lock}: a run folder
 * on a cluster file system is not locked). The staging directory is a temporary directory removed
 * when the run ends. One run; its thread only.
 */
final class HadoopRunOutput implements RunOutput {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:/.*");
  /** The files a resumed run needs from its folder. */
  private static final List<String> RUN_FILES = List.of("config.json", "provenance.json",
      "metrics.csv", "checkpoint.safetensors", "model.safetensors", "last.safetensors");

  private final FileSystem fs;
  private final Configuration conf;
  private final org.apache.hadoop.fs.Path runs;
  private org.apache.hadoop.fs.Path folder;
  private Path staging;

  private HadoopRunOutput(Configuration conf, org.apache.hadoop.fs.Path runs,
      org.apache.hadoop.fs.Path folder) {
    this.conf = conf;
    this.runs = runs;
    this.folder = folder;
    try {
      FileSystem f = (runs != null ? runs : folder).getFileSystem(conf);
      this.fs = f instanceof LocalFileSystem local ? local.getRaw() : f;
    } catch (IOException | RuntimeException e) {
      throw new RnnException("cannot open the file system of " + (runs != null ? runs : folder)
          + ": " + SparkTraining.rootMessage(e));
    }
  }

  /** @return whether {@code location} names a file system by its scheme ({@code hdfs://...}) */
  static boolean isUri(String location) {
    return location != null && SCHEME.matcher(location).matches();
  }

  /** @return an output that makes new run folders under {@code runs} */
  static HadoopRunOutput under(Configuration conf, String runs) {
    return new HadoopRunOutput(conf, new org.apache.hadoop.fs.Path(URI.create(runs)), null);
  }

  /**
   * Copies the run folder {@code location} into a local staging folder, to resume from.
   *
   * @return the output, whose {@link #stagedFolder()} is that copy
   * @throws RnnException when {@code location} is not a run folder or cannot be read
   */
  static HadoopRunOutput resume(Configuration conf, String location) {
    HadoopRunOutput out = new HadoopRunOutput(conf, null,
        new org.apache.hadoop.fs.Path(URI.create(location)));
    try {
      if (!out.fs.exists(new org.apache.hadoop.fs.Path(out.folder, "config.json"))) {
        throw new RnnException(location + " is not a run folder (no config.json); give the folder "
            + "printed as 'run folder:' by the run to resume");
      }
      Path local = out.staging().resolve(out.folder.getName());
      Files.createDirectories(local);
      for (String name : RUN_FILES) {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(out.folder, name);
        if (out.fs.exists(remote)) {
          try (InputStream in = out.fs.open(remote)) {
            Files.copy(in, local.resolve(name));
          }
        }
      }
      return out;
    } catch (RnnException e) {
      out.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      out.close();
      throw new RnnException("cannot read run folder " + location + ": " + SparkTraining.rootMessage(e));
    }
  }

  /** @return the local copy of the folder a resumed run continues */
  Path stagedFolder() {
    return staging.resolve(folder.getName());
  }

  @Override
  public Path staging() {
    if (staging == null) {
      try {
        staging = Files.createTempDirectory("rnn4j-run-");
      } catch (IOException e) {
        throw new RnnException("cannot create a local staging folder: " + e.getMessage());
      }
    }
    return staging;
  }

  @Override
  public String open(Path local) {
    try {
      if (folder == null) {
        String name = local.getFileName().toString();
        for (int i = 1; ; i++) {
          org.apache.hadoop.fs.Path candidate = new org.apache.hadoop.fs.Path(runs,
              name + (i == 1 ? "" : "-" + i));
          if (!fs.exists(candidate)) {
            folder = candidate;
            break;
          }
        }
      }
      if (!fs.mkdirs(folder)) {
        throw new IOException("mkdirs returned false");
      }
      return fs.makeQualified(folder).toString();
    } catch (IOException | RuntimeException e) {
      throw new RnnException("cannot create run folder " + (folder != null ? folder : runs) + ": "
          + SparkTraining.rootMessage(e));
    }
  }

  @Override
  public void publish(Path file) {
    String name = file.getFileName().toString();
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder, name);
    org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(folder,
        "." + name + "." + UUID.randomUUID() + ".tmp");
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        Files.copy(file, out);
      }
      rename(tmp, target);
      tmp = null;
    } catch (IOException | RuntimeException e) {
      throw new RnnException("cannot write " + target + ": " + SparkTraining.rootMessage(e));
    } finally {
      if (tmp != null) {
        try {
          fs.delete(tmp, false);
        } catch (IOException ignored) {
          // the temporary file stays; the target is untouched
        }
      }
    }
  }

  /**
   * Renames {@code tmp} over {@code target}: Hadoop's {@code rename} replaces an existing file on
   * the local file system (POSIX rename) and refuses to on HDFS, where {@link FileContext}'s
   * rename with {@code OVERWRITE} replaces it atomically.
   */
  private void rename(org.apache.hadoop.fs.Path tmp, org.apache.hadoop.fs.Path target)
      throws IOException {
    if (fs.rename(tmp, target)) {
      return;
    }
    FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
  }

  @Override
  public void close() {
    if (staging == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory is left behind
    }
    staging = null;
  }
}

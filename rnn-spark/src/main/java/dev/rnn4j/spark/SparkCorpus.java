package dev.rnn4j.spark;

import dev.rnn4j.api.RnnException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A corpus on a Hadoop file system as lines, chosen as a local run chooses them ({@code
 * CorpusReader}): one file, or every {@code *.txt} file under a directory (sub-directories
 * included, hidden ones skipped) in order of their relative paths, so that a {@code LICENSE}
 * beside the text is not read and the lines come in the local run's order. Stateless.
 */
final class SparkCorpus {
  private SparkCorpus() {}

  /**
   * @param corpus a file or directory ({@code file://}, {@code hdfs://}, or a path on the
   *     default file system)
   * @param partitions the fewest partitions of a single file's lines
   * @throws RnnException when the path does not exist, cannot be listed, or a directory has no
   *     {@code *.txt} file
   */
  static JavaRDD<String> lines(JavaSparkContext sc, String corpus, int partitions) {
    Path root = new Path(corpus);
    List<String> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(sc.hadoopConfiguration());
      FileStatus status = fs.getFileStatus(root);
      if (!status.isDirectory()) {
        return sc.textFile(corpus, partitions);
      }
      String base = status.getPath().toUri().getPath();
      base = base.endsWith("/") ? base : base + "/";
      List<String[]> found = new ArrayList<>(); // {relative path, address}
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(status.getPath(), true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String path = f.getPath().toUri().getPath();
        String relative = path.startsWith(base) ? path.substring(base.length()) : path;
        if (f.isFile() && f.getPath().getName().endsWith(".txt") && !isHidden(relative)) {
          found.add(new String[] {relative, f.getPath().toString()});
        }
      }
      found.sort((a, b) -> a[0].compareTo(b[0]));
      for (String[] f : found) {
        files.add(f[1]);
      }
    } catch (FileNotFoundException e) {
      throw new RnnException("corpus '" + corpus + "' does not exist (expected a file or a "
          + "directory)");
    } catch (IOException | IllegalArgumentException e) {
      throw new RnnException("cannot list corpus '" + corpus + "': " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new RnnException("corpus directory '" + corpus + "' has no *.txt file");
    }
    List<JavaRDD<String>> parts = new ArrayList<>();
    for (String f : files) {
      parts.add(sc.textFile(f, 1));
    }
    return parts.size() == 1 ? parts.get(0) : union(sc, parts);
  }

  /** @return the lines of {@code parts} in their order */
  @SuppressWarnings({"unchecked", "rawtypes"}) // JavaSparkContext.union takes a generic array
  private static JavaRDD<String> union(JavaSparkContext sc, List<JavaRDD<String>> parts) {
    return sc.union(parts.toArray(new JavaRDD[0]));
  }

  private static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}

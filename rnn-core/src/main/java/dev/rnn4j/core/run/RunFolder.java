package dev.rnn4j.core.run;

import dev.rnn4j.api.RnnException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run folder, locked while this process trains in it. The lock is an operating-system lock on
 * {@code .lock} (which also names the holder), so a process that is killed leaves no lock
 * behind; a second process, or a second run in this one, is refused with the holder's name.
 *
 * <p>Files: {@code config.json}, {@code provenance.json}, {@code train.log} (written by the
 * application's logging), {@code metrics.csv}, {@code checkpoint.safetensors}, {@code
 * model.safetensors} (the best epoch by validation loss, or the last without validation) and,
 * with validation, {@code last.safetensors}.
 */
public final class RunFolder implements AutoCloseable {
  /** The lock file's name. */
  public static final String LOCK = ".lock";

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private RunFolder(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code runs/NAME-yyyyMMdd-HHmmss} (with {@code -2}, {@code -3} … when taken) and
   * locks it.
   */
  static RunFolder create(Path runs, String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    try {
      Files.createDirectories(runs);
      for (int i = 1; ; i++) {
        Path dir = runs.resolve(name + "-" + stamp + (i == 1 ? "" : "-" + i));
        try {
          Files.createDirectory(dir);
          return lock(dir);
        } catch (FileAlreadyExistsException e) {
          // try the next suffix
        }
      }
    } catch (IOException e) {
      throw new RnnException("cannot create a run folder under " + runs + ": " + e.getMessage());
    }
  }

  /**
   * Locks an existing run folder.
   *
   * @throws RnnException naming the holder when another process (or run) holds it
   */
  static RunFolder lock(Path dir) {
    Path file = dir.resolve(LOCK);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        ch.close();
        throw new RnnException("run folder " + dir + " is in use by "
            + (holder.isEmpty() ? "another process" : holder)
            + "; wait for it to finish or stop that process");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + " on "
          + host() + " since " + LocalDateTime.now().withNano(0) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      return new RunFolder(dir, ch, lock);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new RnnException("cannot lock run folder " + dir + ": " + e.getMessage());
    }
  }

  private static String host() {
    String name = ManagementFactory.getRuntimeMXBean().getName(); // pid@host on HotSpot
    int at = name.indexOf('@');
    return at >= 0 ? name.substring(at + 1) : "this machine";
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  /** @return the folder */
  public Path dir() {
    return dir;
  }

  /** @return {@code name} inside the folder */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Releases the lock and removes the lock file. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve(LOCK));
      lock.release();
    } catch (IOException e) {
      // the lock goes with the channel below
    } finally {
      closeQuietly(channel);
    }
  }
}

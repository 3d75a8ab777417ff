package dev.rnn4j.core.run;

import dev.rnn4j.core.train.TrainingListener;
import java.nio.file.Path;

/**
 * Follows a {@link TrainingRun} on its thread: the data once read, the run folder once created
 * and locked, then every update and epoch ({@link TrainingListener}). Methods must return quickly;
 * the defaults do nothing.
 */
public interface RunListener extends TrainingListener {
  /** After the text has been read and encoded, before anything is written. */
  default void onData(RunData data) {}

  /**
   * After the run folder has been created (or locked, on resume) and {@code config.json}
   * written, before the first update: the place to start writing a log file there.
   */
  default void onFolder(Path folder) {}

  /**
   * As {@link #onFolder(Path)}, with the folder's address: its path, or where a {@link
   * RunOutput} keeps it (then {@code folder} is the local staging copy). The default calls {@link
   * #onFolder(Path)}.
   */
  default void onFolder(Path folder, String location) {
    onFolder(folder);
  }
}

package dev.rnn4j.core.run;

import java.nio.file.Path;

/**
 * Where a {@link TrainingRun}'s folder is kept when it is not the driver's own file system (a
 * cluster file system, for example): the run writes its folder in a local staging directory, as
 * always, and hands each file to the output as soon as it is complete, which copies it atomically
 * (readers of the output see the old file or the new one). {@code config.json} and {@code
 * provenance.json} are handed over when the run starts, {@code metrics.csv} then {@code
 * checkpoint.safetensors} after every checkpoint (so the metrics always reach the length the
 * checkpoint recorded), the model files when written, and {@code metrics.csv} once more at the
 * end. The core knows no file system but the local one; implementations live elsewhere (rnn-spark
 * has one on Hadoop's file systems). Called on the run's thread.
 */
public interface RunOutput {
  /** @return the local directory under which a new run's folder is staged */
  Path staging();

  /**
   * The local folder {@code folder} was created (a new run, under {@link #staging()}) or locked (a
   * resumed one): creates its counterpart in the output.
   *
   * @return the address of the run folder in the output (for messages and {@link RunResult})
   * @throws dev.rnn4j.api.RnnException when the output cannot be written
   */
  String open(Path folder);

  /**
   * Copies {@code file}, complete in the local folder, to the output folder atomically.
   *
   * @throws dev.rnn4j.api.RnnException when it cannot be copied
   */
  void publish(Path file);

  /** The run ended (however): releases the staging directory. */
  void close();
}

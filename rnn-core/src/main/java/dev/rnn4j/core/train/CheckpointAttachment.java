package dev.rnn4j.core.train;

import java.util.Map;

/**
 * State that travels with a {@link Trainer}'s checkpoints besides the trainer's own: a training
 * run stores there where its metrics file stood and the model-file metadata that makes a
 * checkpoint loadable as a model. Called on the training thread.
 */
public interface CheckpointAttachment {
  /**
   * @return metadata entries to store in the checkpoint (keys other than {@code format} and
   *     {@code trainer}); called just before each checkpoint is written
   */
  Map<String, String> save();

  /**
   * Restores from the metadata of the checkpoint a run resumes from (all of it; unknown keys are
   * ignored); called once, before training continues.
   */
  void restore(Map<String, String> metadata);

  /** Called just after each checkpoint has been written (atomically) to {@code file}. */
  default void written(java.nio.file.Path file) {}
}

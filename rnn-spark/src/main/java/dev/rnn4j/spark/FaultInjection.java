package dev.rnn4j.spark;

import java.io.Serializable;

/**
 * For tests: which task's first attempt fails (by update number and partition), to show that a
 * retried task gives the same result. Immutable; serializable.
 *
 * @param update the update (from 0 over the engine's life) whose task fails, or -1 for none
 * @param partition the partition whose first attempt fails
 */
record FaultInjection(long update, int partition) implements Serializable {
  static final FaultInjection NONE = new FaultInjection(-1, -1);
}

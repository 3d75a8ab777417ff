package dev.rnn4j.ops.simd;

/** Work on the panels {@code [from, to)} of a packed matrix (see {@code onPanelParts}). */
@FunctionalInterface
interface PanelRange {
  void run(int from, int to);
}

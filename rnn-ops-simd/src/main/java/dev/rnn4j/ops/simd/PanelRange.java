package dev.rnn4j.ops.simd;

/**
 * Work on the range {@code [from, to)} of a split: panels of a packed matrix (see {@code
 * onPanelParts}), rows, columns or elements (see {@code DoubleElementwise}).
 */
@FunctionalInterface
interface PanelRange {
  void run(int from, int to);
}

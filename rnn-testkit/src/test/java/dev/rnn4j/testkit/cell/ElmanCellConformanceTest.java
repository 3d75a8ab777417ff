package dev.rnn4j.testkit.cell;

import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.core.cell.ElmanCellProvider;

/** The built-in {@code elman} cell passes the cell conformance kit. */
class ElmanCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new ElmanCellProvider();
  }
}

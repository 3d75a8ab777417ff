package dev.rnn4j.testkit.cell;

import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.core.cell.LstmCellProvider;

/** The built-in {@code lstm} cell passes the cell conformance kit. */
class LstmCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new LstmCellProvider();
  }
}

package dev.rnn4j.testkit.cell;

import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.core.cell.GruCellProvider;

/** The built-in {@code gru} cell passes the cell conformance kit. */
class GruCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new GruCellProvider();
  }
}

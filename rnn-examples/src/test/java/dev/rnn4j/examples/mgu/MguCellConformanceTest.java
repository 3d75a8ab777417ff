package dev.rnn4j.examples.mgu;

import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.testkit.cell.CellConformanceTest;

/** The example {@code mgu} cell passes the same conformance kit as the built-in cells. */
class MguCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new MguCellProvider();
  }
}

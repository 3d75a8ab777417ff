package dev.rnn4j.testkit.cell;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.core.cell.ElmanCellProvider;

/** The {@code elman} cell with {@code activation=relu} passes the cell conformance kit. */
class ElmanReluCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new ElmanCellProvider();
  }

  @Override
  protected Options cellOptions() {
    return Options.of("activation", "relu");
  }

  @Override
  protected boolean boundedOutputs() {
    return false;
  }
}

package dev.rnn4j.ops.ejml;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.cell.CellProvider;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.core.cell.GruCellProvider;
import dev.rnn4j.testkit.cell.CellConformanceTest;

/** The gru cell passes the cell conformance kit on the ejml backend. */
class EjmlGruCellConformanceTest extends CellConformanceTest {
  @Override
  protected CellProvider provider() {
    return new GruCellProvider();
  }

  @Override
  protected TensorOps ops() {
    return new EjmlTensorOpsProvider().create(Options.of("threads", "2"));
  }
}

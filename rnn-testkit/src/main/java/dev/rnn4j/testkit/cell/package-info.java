/**
 * The {@link dev.rnn4j.api.cell.Cell} conformance kit: subclass {@link
 * dev.rnn4j.testkit.cell.CellConformanceTest} in one line to test a cell provider.
 */
package dev.rnn4j.testkit.cell;

/** The recurrent-cell SPI: {@link dev.rnn4j.api.cell.Cell}, its workspace, input and provider. */
package dev.rnn4j.api.cell;

/** The optimizer SPI. */
package dev.rnn4j.api.optim;

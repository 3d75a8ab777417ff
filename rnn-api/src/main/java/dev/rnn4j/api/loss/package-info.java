/** The loss SPI. */
package dev.rnn4j.api.loss;

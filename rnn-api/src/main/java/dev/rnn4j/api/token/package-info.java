/** The tokenizer SPI and the vocabulary. */
package dev.rnn4j.api.token;

/**
 * Optional Guice wiring: {@link dev.rnn4j.core.inject.Rnn4jModule} binds the chosen plugins. The
 * only package of rnn4j that may use Guice; the rest of the library works without it.
 */
package dev.rnn4j.core.inject;

/** Whole-model conformance: a backend must reproduce the reference fixtures. */
package dev.rnn4j.testkit.model;

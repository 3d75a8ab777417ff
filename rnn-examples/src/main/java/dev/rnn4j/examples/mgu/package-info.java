/**
 * A user-defined recurrent cell, the minimal gated unit ({@code mgu}), written against the public
 * API ({@code dev.rnn4j.api}) only: a {@link dev.rnn4j.api.cell.CellProvider}, a {@link
 * dev.rnn4j.api.cell.Cell} and its workspace, registered in {@code
 * META-INF/services/dev.rnn4j.api.cell.CellProvider}. Putting this jar on the class path is all
 * it takes to train with {@code rnn4j train --cell mgu}.
 */
package dev.rnn4j.examples.mgu;

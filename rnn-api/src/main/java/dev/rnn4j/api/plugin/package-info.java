/** The common shape of plugin providers; selection among them lives in {@code rnn-core}. */
package dev.rnn4j.api.plugin;

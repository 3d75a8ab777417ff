package dev.rnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.core.plugin.Plugins;
import dev.rnn4j.cli.Rnn4jCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Cells are chosen by name: the example {@code mgu} plugin (found on the class path through
 * {@code META-INF/services}) and the built-in {@code lstm} and {@code gru} train on the bundled
 * Chinese corpus, are saved, reloaded by name and generate.
 */
class CellsFromTheCommandLineTest {

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Rnn4jCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  @Test
  void thePluginRegistryFindsTheExampleCellByName() {
    Plugins plugins = Plugins.defaults();
    assertEquals("mgu", plugins.select(plugins.cells(), "mgu").name());
    assertEquals("lstm", plugins.select(plugins.cells(), "lstm").name());
    assertEquals("gru", plugins.select(plugins.cells(), "gru").name());
  }

  @ParameterizedTest(name = "--cell {0}")
  @CsvSource({"mgu", "lstm", "gru"})
  void trainsOnTheBundledCorpusThenGenerates(String cell, @TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("zh-daily.txt");
    try (InputStream in = getClass().getResourceAsStream("/dev/rnn4j/cli/demo/zh-daily.txt")) {
      Files.write(corpus, in.readAllBytes());
    }
    Path model = dir.resolve(cell + ".safetensors");
    String[] train = run("train", "--corpus", corpus.toString(), "--output", model.toString(),
        "--cell", cell, "--hidden", "16", "--epochs", "2", "--batch", "8", "--lr", "0.1",
        "--backend", "scalar", "--threads", "1", "--runs", dir.resolve("runs").toString());
    assertEquals("0", train[0], train[2]);
    assertTrue(train[1].contains("epoch   2/2"), train[1]);
    String[] generate = run("generate", "--model", model.toString(), "-t", "1.0", "-n", "2",
        "--seed", "3");
    assertEquals("0", generate[0], generate[2]);
    assertEquals(2, generate[1].lines().count(), generate[1]);
  }
}

package dev.rnn4j.cli.fuzz;

import dev.rnn4j.testkit.fuzz.FuzzTarget;
import dev.rnn4j.testkit.fuzz.Samples;
import dev.rnn4j.testkit.fuzz.TempFile;
import dev.rnn4j.core.data.CorpusReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Bytes as a corpus file: {@link CorpusReader} read as sentences and as chunks. */
public final class CorpusFuzzTarget implements FuzzTarget {
  private final TempFile file = new TempFile("corpus.txt");

  @Override
  public String name() {
    return "corpus";
  }

  @Override
  public List<byte[]> seeds() {
    return List.of(String.join("\n", Samples.TEXTS).getBytes(StandardCharsets.UTF_8),
        "one line without an end".getBytes(StandardCharsets.UTF_8),
        "\ufeffbom first\r\nwindows lines\r\n\r\n".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<byte[]> dictionary() {
    return List.of(new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        new byte[] {(byte) 0xf0, (byte) 0x9f}, "\n\n".getBytes(StandardCharsets.UTF_8),
        new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[] {0});
  }

  @Override
  public byte[] generate(SplittableRandom r) {
    byte[] b = new byte[r.nextInt(200)];
    for (int k = 0; k < b.length; k++) {
      b[k] = (byte) (r.nextInt(4) == 0 ? '\n' : r.nextInt(256));
    }
    return b;
  }

  @Override
  public void run(byte[] input) throws IOException {
    Path p = file.write(input);
    CorpusReader c = CorpusReader.of(p);
    try (Stream<String> s = c.sentences()) {
      s.forEach(line -> { });
    }
    try (Stream<String> s = c.chunks(7)) {
      s.forEach(chunk -> { });
    }
  }

  @Override
  public void close() {
    file.close();
  }
}

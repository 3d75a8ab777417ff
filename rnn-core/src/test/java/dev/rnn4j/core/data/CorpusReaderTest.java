package dev.rnn4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.api.RnnException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, bytes);
    return p;
  }

  private Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> sentences(CorpusReader r) {
    try (Stream<String> s = r.sentences()) {
      return s.collect(Collectors.toList());
    }
  }

  @Test
  void oneSentencePerLineBlankLinesSkipped() throws IOException {
    Path f = write("a.txt", "我 昨天 上学 迟到 了\n\n   \r\nsecond line\r\nthird\rlast");
    assertEquals(List.of("我 昨天 上学 迟到 了", "second line", "third", "last"),
        sentences(CorpusReader.of(f)));
  }

  @Test
  void byteOrderMarkIsDropped() throws IOException {
    Path f = write("bom.txt", "\uFEFFfirst\nsecond\n");
    assertEquals(List.of("first", "second"), sentences(CorpusReader.of(f)));
    try (Stream<String> chunks = CorpusReader.of(f).chunks(100)) {
      assertEquals("first\nsecond\n", chunks.collect(Collectors.joining()));
    }
  }

  @Test
  void invalidUtf8NamesFileAndLine() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {'o', 'k', ' ', (byte) 0xC3, '(', '\n'});
    bytes.writeBytes("after\n".getBytes(StandardCharsets.UTF_8));
    Path f = write("bad.txt", bytes.toByteArray());
    RnnException e = assertThrows(RnnException.class, () -> sentences(CorpusReader.of(f)));
    assertTrue(e.getMessage().contains("bad.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3, byte 4"), e.getMessage());
    RnnException c = assertThrows(RnnException.class,
        () -> CorpusReader.of(f).chunks(4).collect(Collectors.toList()));
    assertTrue(c.getMessage().contains("line 3"), c.getMessage());
  }

  @Test
  void emptyCorpusIsAClearError() throws IOException {
    Path f = write("empty.txt", "\n  \n\t\n");
    RnnException e = assertThrows(RnnException.class, () -> sentences(CorpusReader.of(f)));
    assertTrue(e.getMessage().contains("has no text"), e.getMessage());
    Path none = write("zero.txt", "");
    assertThrows(RnnException.class, () -> CorpusReader.of(none).chunks(10).count());
    Path emptyDir = Files.createDirectories(dir.resolve("nothing"));
    RnnException d = assertThrows(RnnException.class, () -> CorpusReader.of(emptyDir));
    assertTrue(d.getMessage().contains("no *.txt"), d.getMessage());
    assertThrows(RnnException.class, () -> CorpusReader.of(dir.resolve("missing")));
  }

  @Test
  void directoryFilesAreReadInNameOrderTxtOnly() throws IOException {
    write("corpus/b.txt", "from b\n");
    write("corpus/a.txt", "from a");
    write("corpus/sub/c.txt", "from sub/c\n");
    write("corpus/LICENSE", "not text\n");
    write("corpus/.hidden/d.txt", "hidden\n");
    CorpusReader r = CorpusReader.of(dir.resolve("corpus"));
    assertEquals(List.of("a.txt", "b.txt", "c.txt"),
        r.files().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));
    assertEquals(List.of("from a", "from b", "from sub/c"), sentences(r));
    try (Stream<String> chunks = r.chunks(3)) {
      List<String> all = chunks.collect(Collectors.toList());
      assertEquals("from a\nfrom b\nfrom sub/c\n", String.join("", all));
      assertTrue(all.stream().allMatch(s -> s.length() <= 3));
    }
  }

  @Test
  void chunksNeverSplitASurrogatePair() throws IOException {
    Path f = write("emoji.txt", "a😀b😀😀c");
    try (Stream<String> chunks = CorpusReader.of(f).chunks(2)) {
      List<String> all = chunks.collect(Collectors.toList());
      assertEquals("a😀b😀😀c", String.join("", all));
      for (String s : all) {
        assertFalse(Character.isHighSurrogate(s.charAt(s.length() - 1)), all.toString());
      }
    }
  }

  @Test
  void readingIsLazyNotWholeFile() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 2_000_000) {
      sb.append("一行中文 and some English words\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    bytes.write(0xFF);
    Path f = write("big.txt", bytes.toByteArray());
    try (Stream<String> s = CorpusReader.of(f).sentences()) {
      Iterator<String> it = s.iterator();
      assertEquals("一行中文 and some English words", it.next());
      List<String> some = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        some.add(it.next());
      }
      assertEquals(1000, some.size());
      RnnException e = assertThrows(RnnException.class, () -> {
        while (it.hasNext()) {
          it.next();
        }
      });
      assertTrue(e.getMessage().contains("big.txt"), e.getMessage());
    }
  }

  @Test
  void sentenceIterableReadsAgainEachTime() throws IOException {
    Path f = write("x.txt", "one\ntwo\n");
    Iterable<String> it = CorpusReader.of(f).sentenceIterable();
    List<String> first = new ArrayList<>();
    it.forEach(first::add);
    List<String> second = new ArrayList<>();
    it.forEach(second::add);
    assertEquals(List.of("one", "two"), first);
    assertEquals(first, second);
  }
}

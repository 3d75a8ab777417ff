package dev.rnn4j.testkit.fuzz;

import dev.rnn4j.core.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Json#parse} on bytes read as UTF-8: model-file headers and metadata, checkpoint state,
 * configuration files and gradient fixtures are the seeds. Oracle: a document that parses must
 * come back equal after {@link Json#write} and parsing again.
 */
public final class JsonTarget implements FuzzTarget {
  private final List<byte[]> seeds = new ArrayList<>();

  /** Makes the seeds (a small model file's header among them). */
  public JsonTarget() {
    for (byte[] model : Samples.modelFiles()) {
      seeds.add(Samples.header(model).getBytes(StandardCharsets.UTF_8));
    }
    seeds.add(utf8("{\"epoch\":3,\"batch\":0,\"chunk\":0,\"step\":120,\"epoch_loss\":\"NaN\","
        + "\"epoch_tokens\":400,\"learning_rate\":\"0.1\",\"best_validation\":\"Infinity\","
        + "\"bad_epochs\":1,\"stopped\":false,\"schedule\":{\"best\":\"2.5\",\"bad-epochs\":\"0\"},"
        + "\"history\":[[1,\"3.2\",400,\"0.5\",\"NaN\",\"0.1\"],[2,\"2.9\",400,\"0.4\",\"2.8\",\"0.1\"]]}"));
    seeds.add(utf8("{\n  \"corpus\": \"data/tang.txt\",\n  \"tokenizer\": \"char\",\n  \"hidden\": 128,\n"
        + "  \"epochs\": 10,\n  \"learning_rate\": 0.02,\n  \"optimizer\": {\"name\": \"adam\", "
        + "\"beta1\": 0.9},\n  \"seed\": -1\n}\n"));
    try (InputStream in = JsonTarget.class.getResourceAsStream(
        "/dev/rnn4j/testkit/fixtures/rnn_small_grads.json")) {
      if (in != null) {
        seeds.add(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the fixture seed", e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public List<byte[]> seeds() {
    return seeds;
  }

  @Override
  public List<byte[]> dictionary() {
    return words();
  }

  /** @return JSON fragments that mutation inserts */
  static List<byte[]> words() {
    return List.of(utf8("[["), utf8("{\"a\":"), utf8("\\u"), utf8("\\ud800"), utf8("1e999"),
        utf8("-"), utf8("\"\""), utf8("null"), utf8("[".repeat(100)), utf8("\u00e9"));
  }

  @Override
  public byte[] generate(SplittableRandom random) {
    return utf8(JsonGenerator.document(random));
  }

  @Override
  public void run(byte[] input) {
    Object v = Json.parse(new String(input, StandardCharsets.UTF_8));
    Object again = Json.parse(Json.write(v));
    if (!java.util.Objects.equals(again, v)) {
      throw new AssertionError("Json.write then parse changed the value");
    }
  }
}

package dev.rnn4j.core.explain;

import dev.rnn4j.core.generate.TextGenerator.Candidate;
import dev.rnn4j.core.generate.TextGenerator.NextToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model does along one text (made by {@link Explainer}). Steps are numbered from 0: step
 * {@code t} reads {@code tokens().get(t)} ({@code <s>} first) and predicts the next token ({@code
 * </s>} after the last). Immutable in use: the arrays are the explainer's results, not copies;
 * do not modify them.
 *
 * @param cell the cell's provider name
 * @param tokens the tokens read, {@code <s>} first
 * @param positions per step: the token read, the actual next token, its probability and surprisal,
 *     and the most probable next tokens
 * @param layers per layer, its state at every step
 * @param gradients per layer, {@code gradients[l][t][k]} = ‖∂L_t/∂s_k‖ (Euclidean norm over the
 *     whole state of layer l, for LSTM h and c together) for {@code 0 <= k <= t}, where {@code L_t}
 *     is the loss of step t alone; null when the cell cannot record state gradients
 */
public record Explanation(String cell, List<String> tokens, List<NextToken> positions,
    List<LayerStates> layers, double[][][] gradients) {

  /** @return the number of steps */
  public int steps() {
    return tokens.size();
  }

  /**
   * The state of one layer along the text, split into its named parts.
   *
   * @param layer the layer index, 0 at the bottom
   * @param parts {@code h} for Elman and GRU; {@code h} and {@code c} for LSTM; one part {@code s}
   *     for a cell whose state is not a multiple of its hidden size
   */
  public record LayerStates(int layer, List<StatePart> parts) {}

  /**
   * @param name the part's name ({@code h}, {@code c} or {@code s})
   * @param values {@code values[t][unit]}: the part after step t
   */
  public record StatePart(String name, double[][] values) {}

  /**
   * @return this explanation as JSON values for {@link dev.rnn4j.core.io.Json#write}: {@code
   *     cell}, {@code tokens}, {@code positions} (current, actual, probability, surprisal bits,
   *     alternatives as {token, probability}), {@code layers} ({layer, parts: {name, values}}),
   *     {@code gradients} (per layer the rows t of k = 0..t, or null); a non-finite number is null
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cell", cell);
    out.put("tokens", tokens);
    List<Object> rows = new ArrayList<>();
    for (NextToken p : positions) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("current", p.current());
      row.put("actual", p.actual());
      row.put("probability", finite(p.probability()));
      row.put("surprisal", finite(p.surprisal()));
      List<Object> alts = new ArrayList<>();
      for (Candidate c : p.alternatives()) {
        alts.add(Map.of("token", c.token(), "probability", finite(c.probability())));
      }
      row.put("alternatives", alts);
      rows.add(row);
    }
    out.put("positions", rows);
    List<Object> ls = new ArrayList<>();
    for (LayerStates l : layers) {
      List<Object> parts = new ArrayList<>();
      for (StatePart part : l.parts()) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", part.name());
        p.put("values", matrix(part.values()));
        parts.add(p);
      }
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("layer", l.layer());
      layer.put("parts", parts);
      ls.add(layer);
    }
    out.put("layers", ls);
    if (gradients == null) {
      out.put("gradients", null);
    } else {
      List<Object> g = new ArrayList<>();
      for (double[][] layer : gradients) {
        g.add(matrix(layer));
      }
      out.put("gradients", g);
    }
    return out;
  }

  private static List<Object> matrix(double[][] m) {
    List<Object> rows = new ArrayList<>(m.length);
    for (double[] r : m) {
      List<Object> row = new ArrayList<>(r.length);
      for (double v : r) {
        row.add(finite(v));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Expands the micro-kernel templates of rnn-ops-simd ({@code src/main/templates}) into Java
 * sources, the 64-bit ({@code Double*}) and the 32-bit ({@code Float*}) version of each. Run by
 * the build in {@code generate-sources}: {@code java KernelTemplates.java TEMPLATES OUT}.
 *
 * <p>A micro-kernel holds its accumulators in named locals, one per register (a vector in an array
 * or passed to a method C2 does not inline is boxed), so its source repeats one line per register.
 * A template writes each such line once, in a loop:
 *
 * <pre>
 *   //&#64; for r in 0..5
 *   //&#64; for v in 0..1
 *   DoubleVector c{r}{v} = load ? scaled(c, ci{+r*ld}{+v*L}, beta) : z;
 *   //&#64; end
 *   //&#64; end
 * </pre>
 *
 * Loops nest (a bound may be a placeholder of the loops around it); every other line is copied
 * with its placeholders replaced:
 * <ul>
 *   <li>{@code {r}} the value of r, {@code {r:x}} in hexadecimal (names of rows 10 and 11: a, b);
 *   <li>{@code {+r*ld+v*L}} the terms that are not zero, each as {@code " + 2 * ld"} ({@code
 *       " + ld"} for 1), to follow a base: {@code ci{+r*ld}} is {@code ci}, {@code ci + ld},
 *       {@code ci + 2 * ld}; a term without a name ({@code {+r}}) is the number;
 *   <li>{@code {r*NR+v*L}} the same terms standing alone ({@code 0} when all are zero);
 *   <li>{@code {r+v=0?then:else}} one branch, chosen by the sum of the variables; the branches
 *       may hold placeholders.
 * </ul>
 * The 32-bit version replaces {@code double} by {@code float} and {@code Double} by {@code Float}.
 */
public final class KernelTemplates {
  private static final Pattern FOR = Pattern.compile("\\s*//@ for (\\w+) in (\\d+)\\.\\.(\\d+)\\s*");
  private static final Pattern END = Pattern.compile("\\s*//@ end\\s*");
  private static final Pattern LESS = Pattern.compile("(\\w+)-(\\d+)");
  private static final Pattern CONDITION = Pattern.compile("([\\w+]+)=(\\d+)\\?(.*)");

  private KernelTemplates() {}

  public static void main(String[] args) throws IOException {
    Path templates = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Set<Path> written = new HashSet<>();
    try (Stream<Path> files = Files.walk(templates)) {
      for (Path t : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        Path rel = templates.relativize(t);
        List<String> lines = Files.readAllLines(t, StandardCharsets.UTF_8);
        String source = String.join("\n", expand(lines, 0, lines.size(), new TreeMap<>())) + "\n";
        String name = rel.getFileName().toString();
        written.add(write(out.resolve(rel), header(name, "the template of this file") + source));
        written.add(write(out.resolve(rel).resolveSibling(name.replace("Double", "Float")),
            header(name, "the 64-bit template of this file")
                + source.replaceAll("\\bdouble\\b", "float").replace("Double", "Float")));
      }
    }
    // A template moved or removed since the last build leaves its generated files behind, and
    // javac would then see two sources of one class (or compile a dead one): remove them.
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (!written.contains(f)) {
          Files.delete(f);
        }
      }
    }
  }

  private static String header(String name, String from) {
    return "// GENERATED in the build (src/build/KernelTemplates.java) from " + from
        + " in src/main/templates: edit that one, not this.\n";
  }

  /** Writes the file unless it already holds the text (so that javac sees it unchanged). */
  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
      Files.write(file, bytes);
    }
    return file;
  }

  /** Expands lines [from, to) with the loop variables bound. */
  private static List<String> expand(List<String> lines, int from, int to, Map<String, Integer> vars) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Matcher loop = FOR.matcher(substitute(lines.get(i), vars));
      if (!loop.matches()) {
        out.add(substitute(lines.get(i), vars));
        continue;
      }
      int end = matchingEnd(lines, i);
      for (int value = Integer.parseInt(loop.group(2)); value <= Integer.parseInt(loop.group(3)); value++) {
        Map<String, Integer> inner = new TreeMap<>(vars);
        inner.put(loop.group(1), value);
        out.addAll(expand(lines, i + 1, end, inner));
      }
      i = end;
    }
    return out;
  }

  private static int matchingEnd(List<String> lines, int start) {
    int depth = 0;
    for (int i = start + 1; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("//@ for ")) {
        depth++;
      } else if (END.matcher(lines.get(i)).matches() && depth-- == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("no //@ end for line " + (start + 1) + ": " + lines.get(start));
  }

  /** Replaces each outermost {...} whose content is a placeholder over bound variables. */
  private static String substitute(String line, Map<String, Integer> vars) {
    if (vars.isEmpty()) {
      return line;
    }
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < line.length()) {
      int open = line.indexOf('{', i);
      if (open < 0) {
        break;
      }
      int close = matchingBrace(line, open);
      if (close < 0) {
        break;
      }
      String value = evaluate(line.substring(open + 1, close), vars);
      if (value == null) {
        sb.append(line, i, open + 1);
        i = open + 1;
      } else {
        sb.append(line, i, open).append(value);
        i = close + 1;
      }
    }
    return sb.append(line.substring(i)).toString();
  }

  private static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '{') {
        depth++;
      } else if (s.charAt(i) == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** @return the placeholder's text, or null when it is not one (e.g. a Java block) */
  private static String evaluate(String p, Map<String, Integer> vars) {
    Matcher cond = CONDITION.matcher(p);
    if (cond.matches() && sumOf(cond.group(1), vars) != null) {
      String rest = cond.group(3);
      int colon = topLevelColon(rest);
      boolean yes = sumOf(cond.group(1), vars) == Integer.parseInt(cond.group(2));
      return substitute(yes ? rest.substring(0, colon) : rest.substring(colon + 1), vars);
    }
    if (p.matches("\\w+:x") && vars.containsKey(p.substring(0, p.length() - 2))) {
      return Integer.toHexString(vars.get(p.substring(0, p.length() - 2)));
    }
    if (vars.containsKey(p)) {
      return String.valueOf(vars.get(p));
    }
    Matcher less = LESS.matcher(p);
    if (less.matches() && vars.containsKey(less.group(1))) {
      return String.valueOf(vars.get(less.group(1)) - Integer.parseInt(less.group(2)));
    }
    boolean follows = p.startsWith("+");
    List<String> terms = new ArrayList<>();
    for (String term : (follows ? p.substring(1) : p).split("\\+")) {
      String[] f = term.split("\\*");
      if (!vars.containsKey(f[0]) || f.length > 2) {
        return null;
      }
      int k = vars.get(f[0]);
      if (k != 0) {
        terms.add(f.length == 1 ? String.valueOf(k) : k == 1 ? f[1] : k + " * " + f[1]);
      }
    }
    if (follows) {
      return terms.isEmpty() ? "" : " + " + String.join(" + ", terms);
    }
    return terms.isEmpty() ? "0" : String.join(" + ", terms);
  }

  private static Integer sumOf(String names, Map<String, Integer> vars) {
    int sum = 0;
    for (String n : names.split("\\+")) {
      if (!vars.containsKey(n)) {
        return null;
      }
      sum += vars.get(n);
    }
    return sum;
  }

  private static int topLevelColon(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (c == ':' && depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("a conditional placeholder wants then:else: " + s);
  }
}

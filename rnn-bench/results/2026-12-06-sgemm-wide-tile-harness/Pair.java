import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
/**
 * Alternates sgemm n^3 of several jars in one JVM (one class loader each), round by round. Each argument after the first three is
 * JAR[@switch=value...]: the switches become -Drnn4j.switch=value for that build only. PeakCall (compiled against the jar) is read
 * from -Dpeakcall.dir (default /tmp/peak/).
 */
public class Pair {
  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]), n = Integer.parseInt(args[1]), rounds = Integer.parseInt(args[2]);
    int v = args.length - 3;
    Runnable[] calls = new Runnable[v];
    for (int i = 0; i < v; i++) {
      String[] spec = args[3 + i].split("@");
      // each build's switches (-D rnn4j.*) are read when its classes initialize, inside make()
      for (String key : System.getProperties().stringPropertyNames()) if (key.startsWith("rnn4j.")) System.clearProperty(key);
      for (int q = 1; q < spec.length; q++) { String[] kv = spec[q].split("="); System.setProperty("rnn4j." + kv[0], kv[1]); }
      URLClassLoader l = new URLClassLoader(new URL[] {Path.of(System.getProperty("peakcall.dir", "/tmp/peak/")).toUri().toURL(), Path.of(spec[0]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Thread.currentThread().setContextClassLoader(l);
      calls[i] = (Runnable) l.loadClass("dev.rnn4j.bench.PeakCall").getMethod("make", int.class, int.class).invoke(null, threads, n);
    }
    double f = 2.0 * n * n * n;
    for (int w = 0; w < 3; w++) for (Runnable c : calls) run(c, 500);
    double[][] mean = new double[v][rounds]; long[] best = new long[v]; Arrays.fill(best, Long.MAX_VALUE);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < v; i++) {
        long[] res = run(calls[i], 300);
        best[i] = Math.min(best[i], res[0]);
        mean[i][r] = f / res[1];
      }
    }
    for (int i = 0; i < v; i++) {
      double[] s = mean[i].clone(); Arrays.sort(s);
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) ratio[r] = mean[i][r] / mean[0][r];
      Arrays.sort(ratio);
      System.out.printf(java.util.Locale.ROOT, "%s best-call %.1f median-round %.1f max-round %.1f GFLOP/s; paired ratio to first: median %.3f%n",
          args[3 + i].replace("/tmp/sgemm-", ""), f / best[i], s[rounds / 2], s[rounds - 1], ratio[rounds / 2]);
    }
  }
  static long[] run(Runnable c, long ms) {
    long end = System.nanoTime() + ms * 1_000_000L, bestT = Long.MAX_VALUE, t0 = System.nanoTime(); int k = 0;
    while (true) { long a = System.nanoTime(); c.run(); long b = System.nanoTime(); bestT = Math.min(bestT, b - a); k++; if (b >= end) return new long[] {bestT, (b - t0) / k}; }
  }
}

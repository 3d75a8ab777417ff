package dev.rnn4j.ops.simd;

import dev.rnn4j.api.Options;
import dev.rnn4j.api.RnnException;
import dev.rnn4j.api.ops.TensorOps;
import dev.rnn4j.api.ops.TensorOpsProvider;
import dev.rnn4j.api.VmOption;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;

/**
 * Provider of the {@code simd} backend (priority 20): kernels on the incubating Vector API.
 *
 * <p>Loaded the way Lucene loads its Panama code: this class never touches {@code
 * jdk.incubator.vector}. On the first call of {@link #isAvailable()}, {@link #unavailableReason()}
 * or {@link #create(Options)} it probes, once per JVM, the Java version, that the module is in the
 * boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and that the
 * VM has its optimizing JIT (vector code is slower than plain Java when interpreted); only then it
 * loads {@link SimdTensorOps} by name. The outcome is logged once through {@link System.Logger}:
 * one INFO with the vector width, or one WARN telling the fix. When the backend is available on a
 * JDK below 25 whose JIT runs without safepoints in counted loops ({@code
 * -XX:-UseCountedLoopSafepoints}, the default of the parallel and serial collectors; G1 turns
 * them on), one more WARN says so and names {@link #LOOP_SAFEPOINTS_FIX}: JDK 17 compiled the
 * kernels 1.5-3x slower without them, JDK 25 as fast (the {@code rnn4j} launcher sets them below
 * 25).
 *
 * <p>Options: {@code threads} (default: available processors; 1 = never start extra threads);
 * {@code argmax-screen}, when greedy generation's argmax reads the bfloat16 copy of the output
 * weights ({@link dev.rnn4j.api.ops.ArgmaxProducts}): {@code background} (default: after 2,048
 * tokens from one packed matrix, the copy is made and its kernels compiled on a background thread
 * while the tokens take the full product, so a short run does not pay for them), {@code at-once} (made on the first argmax) or
 * {@code off}. The tokens are the same in every case. Stateless and thread-safe; the constructor does no work.
 */
public final class SimdTensorOpsProvider implements TensorOpsProvider {
  /** The backend name users write in configuration. */
  public static final String NAME = "simd";
  /** What to do when the Vector API module is missing. */
  public static final String FIX = "add --add-modules jdk.incubator.vector to the java command";
  /** The option that says when greedy generation uses the bfloat16 copy of the output weights. */
  public static final String ARGMAX_SCREEN = "argmax-screen";
  static final String SCREEN_BACKGROUND = "background";
  static final String SCREEN_AT_ONCE = "at-once";
  static final String SCREEN_OFF = "off";
  /**
   * The JVM options that give the JIT safepoints in counted loops, with loop strip mining, as G1
   * has by default: without them (the parallel and serial collectors' default) JDK 17 compiled
   * the kernels 1.5-3x slower (sgemm 1024² 46-47 against 131-146 GFLOP/s); JDK 25 did not.
   */
  public static final String LOOP_SAFEPOINTS_FIX =
      "-XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000";
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  static final String IMPLEMENTATION = "dev.rnn4j.ops.simd.SimdTensorOps";

  /** Creates the provider; does no work. */
  public SimdTensorOpsProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 20;
  }

  @Override
  public boolean isAvailable() {
    return Probe.RESULT.factory != null;
  }

  @Override
  public String unavailableReason() {
    return Probe.RESULT.reason;
  }

  @Override
  public String description() {
    return "Vector API (jdk.incubator.vector) kernels: packed, register-blocked GEMM, fused softmax";
  }

  /**
   * @throws RnnException when the backend is not available (the message says why and how to fix
   *     it), for an unknown option or a thread count below 1
   */
  @Override
  public TensorOps create(Options options) {
    options.requireKnownKeys(Set.of(THREADS, ARGMAX_SCREEN), "backend '" + NAME + "'");
    int threads = options.getInt(THREADS, Runtime.getRuntime().availableProcessors());
    if (threads < 1) {
      throw new RnnException("setting 'threads' of backend '" + NAME + "' must be at least 1, got "
          + threads);
    }
    String screen = options.get(ARGMAX_SCREEN, SCREEN_BACKGROUND);
    if (!Set.of(SCREEN_BACKGROUND, SCREEN_AT_ONCE, SCREEN_OFF).contains(screen)) {
      throw new RnnException("setting '" + ARGMAX_SCREEN + "' of backend '" + NAME
          + "' must be background, at-once or off, got '" + screen + "'");
    }
    Probe probe = Probe.RESULT;
    if (probe.factory == null) {
      throw new RnnException("backend '" + NAME + "' is not available: " + probe.reason);
    }
    try {
      return (TensorOps) probe.factory.invoke(threads, screen);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("creating the SIMD backend failed", t);
    }
  }

  /** The once-per-JVM probe; initialised on first use, so the provider constructor stays free. */
  static final class Probe {
    private static final System.Logger LOG = System.getLogger(SimdTensorOpsProvider.class.getName());
    static final Probe RESULT = run();

    final MethodHandle factory;
    final String reason;

    private Probe(MethodHandle factory, String reason) {
      this.factory = factory;
      this.reason = reason;
    }

    private static Probe run() {
      Probe p = probe();
      if (p.factory == null) {
        LOG.log(System.Logger.Level.WARNING, "SIMD backend unavailable, using another: " + p.reason);
      }
      return p;
    }

    private static Probe probe() {
      int feature = Runtime.version().feature();
      if (feature < 17) {
        return unavailable("it needs Java 17 or newer, this is Java " + feature);
      }
      if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
        return unavailable("the JVM was started without the " + VECTOR_MODULE + " module; " + FIX);
      }
      String vmInfo = System.getProperty("java.vm.info", "");
      if (vmInfo.contains("interpreted mode") || vmInfo.contains("emulated-client")) {
        return unavailable("the JVM runs without its optimizing JIT (" + vmInfo
            + "), where vector code is slower than plain Java; start it without -Xint or -client"
            );
      }
      try {
        Class<?> impl = Class.forName(IMPLEMENTATION);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        MethodHandle factory = lookup.findConstructor(impl, MethodType.methodType(void.class, int.class,
            String.class));
        String vectors = (String) lookup.findStatic(impl, "vectorDescription",
            MethodType.methodType(String.class)).invoke();
        LOG.log(System.Logger.Level.INFO, "SIMD backend available: " + vectors);
        String slow = slowLoopsWarning(feature, VmOption.value("UseCountedLoopSafepoints"));
        if (slow != null) {
          LOG.log(System.Logger.Level.WARNING, slow);
        }
        return new Probe(factory, "");
      } catch (Throwable t) { // LinkageError, reflective failures: report, never crash discovery
        return unavailable("its kernels could not be loaded (" + t + "); " + FIX);
      }
    }

    /**
     * @param feature the Java feature version
     * @param countedLoopSafepoints the JVM's {@code UseCountedLoopSafepoints}, or null when unknown
     * @return the warning for a JDK below 25 whose JIT leaves safepoints out of counted loops,
     *     else null
     */
    static String slowLoopsWarning(int feature, String countedLoopSafepoints) {
      if (feature >= 25 || !"false".equals(countedLoopSafepoints)) {
        return null;
      }
      return "the JVM runs without safepoints in counted loops (-XX:-UseCountedLoopSafepoints, the"
          + " default of the parallel and serial collectors), where JDK 17 compiled the SIMD"
          + " kernels 1.5-3x slower; start it with " + LOOP_SAFEPOINTS_FIX + " (or use JDK 25)";
    }

    private static Probe unavailable(String why) {
      return new Probe(null, "backend '" + NAME + "' is unavailable because " + why);
    }
  }
}

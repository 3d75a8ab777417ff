package dev.rnn4j.api;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of its own by {@link HeapAlignmentTest} (with {@code -XX:-UseCompressedOops}, so
 * that a reference read as a long is the address): makes {@link Tensor#zerosAligned} tensors of
 * both dtypes and several sizes, makes the collector move them, and prints, for each, whether
 * element {@link Tensor#start()} of its array is on a 64-byte boundary, before and after the
 * moves.
 */
public final class AlignmentProbe {
  private AlignmentProbe() {}

  public static void main(String[] args) throws Exception {
    // sun.misc.Unsafe by reflection: javac refuses its name under -Werror
    Class<?> type = Class.forName("sun.misc.Unsafe");
    Field f = type.getDeclaredField("theUnsafe");
    f.setAccessible(true);
    Object unsafe = f.get(null);
    Method getLong = type.getMethod("getLong", Object.class, long.class);
    Method baseOffset = type.getMethod("arrayBaseOffset", Class.class);
    long slot = (int) baseOffset.invoke(unsafe, Object[].class);
    List<Tensor> tensors = new ArrayList<>();
    List<Object> garbage = new ArrayList<>();
    for (DType dtype : DType.values()) {
      for (int rows : new int[] {1, 7, 65, 300}) {
        garbage.add(new byte[rows * 13 + 5]); // objects of odd sizes between the tensors
        tensors.add(Tensor.zerosAligned(dtype, rows, 9));
      }
    }
    StringBuilder out = new StringBuilder("known=" + HeapAlignment.known());
    out.append(" starts=").append(HeapAlignment.start(DType.F32)).append(',')
        .append(HeapAlignment.start(DType.F64));
    for (int round = 0; round < 2; round++) {
      int aligned = 0;
      for (Tensor t : tensors) {
        Object array = t.dtype() == DType.F32 ? t.f32() : t.f64();
        Object[] holder = {array};
        long address = (long) getLong.invoke(unsafe, holder, slot);
        long first = address + (int) baseOffset.invoke(unsafe, array.getClass())
            + (long) t.start() * t.dtype().bytes();
        aligned += first % HeapAlignment.BYTES == 0 ? 1 : 0;
      }
      out.append(round == 0 ? " aligned=" : " after-gc=").append(aligned).append('/')
          .append(tensors.size());
      garbage.clear();
      System.gc(); // the parallel collector's full collection compacts: the tensors move
    }
    System.out.println(out);
  }
}

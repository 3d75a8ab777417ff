package dev.rnn4j.api;

import java.util.Arrays;

/**
 * A dense, row-major, mutable array of float32 or float64 numbers with a shape.
 *
 * <p>The backing array is exposed ({@link #f32()}, {@link #f64()}) because every {@link
 * dev.rnn4j.api.ops.TensorOps} kernel works in place on caller-owned buffers. Element {@code i} of
 * the flat row-major storage lives at array index {@link #start()} {@code + i}, so element {@code
 * [i, j]} of a matrix at {@code start() + i * cols + j}. The start is 0 unless the tensor was made
 * by {@link #zerosAligned} (rnn4j makes a model's output weight so: its first element on a cache
 * line, where a Java array's header ends elsewhere) or {@link #zerosWithStart}. Code that reads
 * the array directly must add the start; the offsets passed to {@code TensorOps} methods do not
 * include it (the backend adds it).
 *
 * <p>A tensor is not thread-safe; its shape never changes. The element accessors {@link
 * #get(int)} and {@link #set(int, double)} are for tests and I/O, not for hot loops.
 * Serializable (dtype, shape, start, values), so a distributed trainer can ship weights and
 * gradients.
 */
public final class Tensor implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final DType dtype;
  private final int[] shape;
  private final int start;
  private final float[] f32;
  private final double[] f64;

  private Tensor(DType dtype, int[] shape, int start, float[] f32, double[] f64) {
    this.dtype = dtype;
    this.shape = shape;
    this.start = start;
    this.f32 = f32;
    this.f64 = f64;
  }

  /**
   * A zero-filled tensor.
   *
   * @throws RnnException if a dimension is negative or the size exceeds {@code Integer.MAX_VALUE}
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return zerosWithStart(dtype, 0, shape);
  }

  /**
   * A zero-filled tensor whose element 0 lies on a 64-byte boundary (a cache line, one 512-bit
   * vector) wherever the collector moves it, when the JVM lets that be known: its {@link #start()}
   * is {@link HeapAlignment#start(DType)}, 12 floats or 6 doubles under the {@code rnn4j}
   * launcher's {@code -XX:ObjectAlignmentInBytes=64}, else 0. For data that vector kernels read
   * over and over in place, such as a large weight: a vector load that straddles two cache lines
   * costs two.
   *
   * @throws RnnException as {@link #zeros}
   */
  public static Tensor zerosAligned(DType dtype, int... shape) {
    return zerosWithStart(dtype, HeapAlignment.start(dtype), shape);
  }

  /**
   * A zero-filled tensor whose element 0 lies at index {@code start} of its backing array (the
   * elements before it are unused). Everything computes the same as with {@link #zeros}; only
   * where the data lies in memory differs ({@link #zerosAligned}).
   *
   * @throws RnnException if {@code start} or a dimension is negative, or the array would exceed
   *     {@code Integer.MAX_VALUE} elements
   */
  public static Tensor zerosWithStart(DType dtype, int start, int... shape) {
    int size = checkedSize(shape);
    if (start < 0 || size > Integer.MAX_VALUE - start) {
      throw new RnnException("cannot start a " + dtype + Arrays.toString(shape) + " tensor at "
          + start);
    }
    int[] s = shape.clone();
    return dtype == DType.F32
        ? new Tensor(dtype, s, start, new float[start + size], null)
        : new Tensor(dtype, s, start, null, new double[start + size]);
  }

  /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
  public static Tensor wrap(double[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(DType.F64, shape.clone(), 0, null, data);
  }

  /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
  public static Tensor wrap(float[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(DType.F32, shape.clone(), 0, data, null);
  }

  /** Copies {@code values} into a new tensor of the given dtype, rounding for float32. */
  public static Tensor of(DType dtype, double[] values, int... shape) {
    checkLength(values.length, shape);
    Tensor t = zeros(dtype, shape);
    for (int i = 0; i < values.length; i++) {
      t.set(i, values[i]);
    }
    return t;
  }

  private static void checkLength(int length, int[] shape) {
    int size = checkedSize(shape);
    if (size != length) {
      throw new RnnException(
          "shape " + Arrays.toString(shape) + " needs " + size + " values but " + length + " were given");
    }
  }

  private static int checkedSize(int[] shape) {
    long size = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new RnnException("negative dimension in shape " + Arrays.toString(shape));
      }
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new RnnException("shape " + Arrays.toString(shape) + " is too large for one array");
      }
    }
    return (int) size;
  }

  /** @return the element type */
  public DType dtype() {
    return dtype;
  }

  /** @return a copy of the shape */
  public int[] shape() {
    return shape.clone();
  }

  /** @return the number of dimensions */
  public int rank() {
    return shape.length;
  }

  /** @return dimension {@code i} of the shape */
  public int dim(int i) {
    return shape[i];
  }

  /** @return the number of elements */
  public int size() {
    return (f32 != null ? f32.length : f64.length) - start;
  }

  /**
   * @return the index in the backing array of element 0 (0 unless made by {@link #zerosAligned}
   *     or {@link #zerosWithStart}, or copied from such a tensor); element {@code i} lies at
   *     {@code start() + i}
   */
  public int start() {
    return start;
  }

  /**
   * @return the backing float32 array (not a copy); element {@code i} at {@code start() + i}
   * @throws IllegalStateException if this tensor is float64
   */
  public float[] f32() {
    if (f32 == null) {
      throw new IllegalStateException("tensor is " + dtype + ", not F32");
    }
    return f32;
  }

  /**
   * @return the backing float64 array (not a copy); element {@code i} at {@code start() + i}
   * @throws IllegalStateException if this tensor is float32
   */
  public double[] f64() {
    if (f64 == null) {
      throw new IllegalStateException("tensor is " + dtype + ", not F64");
    }
    return f64;
  }

  /** @return element {@code i} of the flat row-major storage, widened to double */
  public double get(int i) {
    return f32 != null ? f32[start + i] : f64[start + i];
  }

  /** Sets element {@code i} of the flat storage ({@code value} is rounded for float32). */
  public void set(int i, double value) {
    if (f32 != null) {
      f32[start + i] = (float) value;
    } else {
      f64[start + i] = value;
    }
  }

  /** Sets every element to zero. */
  public void zero() {
    if (f32 != null) {
      Arrays.fill(f32, start, f32.length, 0f);
    } else {
      Arrays.fill(f64, start, f64.length, 0d);
    }
  }

  /** @return a deep copy with the same dtype, shape and start */
  public Tensor copy() {
    return f32 != null
        ? new Tensor(dtype, shape.clone(), start, f32.clone(), null)
        : new Tensor(dtype, shape.clone(), start, null, f64.clone());
  }

  /** @return a deep copy converted to {@code target} (rounded when narrowing), starting at 0 */
  public Tensor to(DType target) {
    if (target == dtype) {
      return copy();
    }
    Tensor t = zeros(target, shape);
    for (int i = 0; i < size(); i++) {
      t.set(i, get(i));
    }
    return t;
  }

  /**
   * Copies all elements of {@code source} into this tensor.
   *
   * @throws RnnException if dtype or size differ
   */
  public void copyFrom(Tensor source) {
    if (source.dtype != dtype || source.size() != size()) {
      throw new RnnException("cannot copy a " + source.describe() + " into a " + describe());
    }
    if (f32 != null) {
      System.arraycopy(source.f32, source.start, f32, start, size());
    } else {
      System.arraycopy(source.f64, source.start, f64, start, size());
    }
  }

  /** @return every element widened to double, in row-major order (a new array) */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = get(i);
    }
    return out;
  }

  /**
   * @return whether dtype, shape and every element are equal (bit-for-bit, NaN equal to NaN),
   *     wherever each tensor starts
   */
  public boolean contentEquals(Tensor other) {
    return other.dtype == dtype
        && Arrays.equals(other.shape, shape)
        && (f32 != null
            ? Arrays.equals(f32, start, f32.length, other.f32, other.start, other.f32.length)
            : Arrays.equals(f64, start, f64.length, other.f64, other.start, other.f64.length));
  }

  /** @return for example {@code F32[3, 4]} */
  public String describe() {
    return dtype + Arrays.toString(shape);
  }

  @Override
  public String toString() {
    return "Tensor" + describe();
  }
}

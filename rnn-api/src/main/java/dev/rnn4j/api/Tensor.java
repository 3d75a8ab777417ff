package dev.rnn4j.api;

import java.util.Arrays;

/**
 * A dense, row-major, mutable array of float32 or float64 numbers with a shape.
 *
 * <p>The backing array is exposed ({@link #f32()}, {@link #f64()}) because every {@link
 * dev.rnn4j.api.ops.TensorOps} kernel works in place on caller-owned buffers; element {@code
 * [i, j]} of a matrix lives at {@code i * cols + j}. A tensor is not thread-safe; its shape never
 * changes. The element accessors {@link #get(int)} and {@link #set(int, double)} are for tests and
 * I/O, not for hot loops. Serializable (dtype, shape, values), so a distributed trainer can ship
 * weights and gradients.
 */
public final class Tensor implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final DType dtype;
  private final int[] shape;
  private final float[] f32;
  private final double[] f64;

  private Tensor(DType dtype, int[] shape, float[] f32, double[] f64) {
    this.dtype = dtype;
    this.shape = shape;
    this.f32 = f32;
    this.f64 = f64;
  }

  /**
   * A zero-filled tensor.
   *
   * @throws RnnException if a dimension is negative or the size exceeds {@code Integer.MAX_VALUE}
   */
  public static Tensor zeros(DType dtype, int... shape) {
    int size = checkedSize(shape);
    int[] s = shape.clone();
    return dtype == DType.F32
        ? new Tensor(dtype, s, new float[size], null)
        : new Tensor(dtype, s, null, new double[size]);
  }

  /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
  public static Tensor wrap(double[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(DType.F64, shape.clone(), null, data);
  }

  /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
  public static Tensor wrap(float[] data, int... shape) {
    checkLength(data.length, shape);
    return new Tensor(DType.F32, shape.clone(), data, null);
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
    return f32 != null ? f32.length : f64.length;
  }

  /**
   * @return the backing float32 array (not a copy)
   * @throws IllegalStateException if this tensor is float64
   */
  public float[] f32() {
    if (f32 == null) {
      throw new IllegalStateException("tensor is " + dtype + ", not F32");
    }
    return f32;
  }

  /**
   * @return the backing float64 array (not a copy)
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
    return f32 != null ? f32[i] : f64[i];
  }

  /** Sets element {@code i} of the flat storage ({@code value} is rounded for float32). */
  public void set(int i, double value) {
    if (f32 != null) {
      f32[i] = (float) value;
    } else {
      f64[i] = value;
    }
  }

  /** Sets every element to zero. */
  public void zero() {
    if (f32 != null) {
      Arrays.fill(f32, 0f);
    } else {
      Arrays.fill(f64, 0d);
    }
  }

  /** @return a deep copy with the same dtype and shape */
  public Tensor copy() {
    return f32 != null
        ? new Tensor(dtype, shape.clone(), f32.clone(), null)
        : new Tensor(dtype, shape.clone(), null, f64.clone());
  }

  /** @return a deep copy converted to {@code target} (rounded when narrowing) */
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
      System.arraycopy(source.f32, 0, f32, 0, f32.length);
    } else {
      System.arraycopy(source.f64, 0, f64, 0, f64.length);
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

  /** @return whether dtype, shape and every element are equal (bit-for-bit, NaN equal to NaN) */
  public boolean contentEquals(Tensor other) {
    return other.dtype == dtype
        && Arrays.equals(other.shape, shape)
        && (f32 != null ? Arrays.equals(f32, other.f32) : Arrays.equals(f64, other.f64));
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

package dev.scalingar.model.llamagen;

import java.util.Arrays;

/**
 * A tensor of a {@code torch.save} archive, not yet read: the storage it views (archive entry
 * {@code data/<storageKey>}), its element type, and torch's view of it (offset, shape, stride, in
 * elements). What {@code torch._utils._rebuild_tensor_v2} would build.
 */
public record TensorRef(
    String storageKey, StorageType type, long storageOffset, long[] shape, long[] stride) {

  public TensorRef {
    shape = shape.clone();
    stride = stride.clone();
    if (shape.length != stride.length) {
      throw new CheckpointException(
          "a tensor of storage "
              + storageKey
              + " has shape "
              + Arrays.toString(shape)
              + " but stride "
              + Arrays.toString(stride));
    }
  }

  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** One past the last storage element this view reads (0 for an empty tensor). */
  long storageExtent() {
    if (numel() == 0) {
      return 0;
    }
    long last = storageOffset;
    for (int i = 0; i < shape.length; i++) {
      last += (shape[i] - 1) * stride[i];
    }
    return last + 1;
  }

  boolean isContiguous() {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public long[] stride() {
    return stride.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorRef t
        && storageKey.equals(t.storageKey)
        && type == t.type
        && storageOffset == t.storageOffset
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(stride, t.stride);
  }

  @Override
  public int hashCode() {
    return 31 * storageKey.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return type.dtype + Arrays.toString(shape);
  }
}

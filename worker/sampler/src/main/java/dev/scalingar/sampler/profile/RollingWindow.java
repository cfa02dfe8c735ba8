package dev.scalingar.sampler.profile;

/**
 * The last {@code capacity} values of one signal of one trajectory (e, K or I). Windows are a few
 * grid rows long (tens of values), so the statistics scan them rather than maintain running sums:
 * simpler, and free of the drift running sums accumulate.
 */
public final class RollingWindow {

  private final double[] values; // ring buffer, [capacity]
  private int size;
  private int next;

  public RollingWindow(int capacity) {
    if (capacity < 1)
      throw new IllegalArgumentException("window capacity must be ≥ 1, was " + capacity);
    values = new double[capacity];
  }

  public void add(double value) {
    values[next] = value;
    next = (next + 1) % values.length;
    if (size < values.length) size++;
  }

  public int size() {
    return size;
  }

  public double min() {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) min = Math.min(min, values[i]);
    return min;
  }

  public double max() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) max = Math.max(max, values[i]);
    return max;
  }

  public double mean() {
    double sum = 0;
    for (int i = 0; i < size; i++) sum += values[i];
    return size == 0 ? 0 : sum / size;
  }

  /** Population variance (divides by the count): the spread of the values actually seen. */
  public double variance() {
    if (size == 0) return 0;
    double mean = mean();
    double sum = 0;
    for (int i = 0; i < size; i++) {
      double d = values[i] - mean;
      sum += d * d;
    }
    return sum / size;
  }

  public void copyFrom(RollingWindow other) {
    if (other.values.length != values.length)
      throw new IllegalArgumentException("window capacities differ");
    System.arraycopy(other.values, 0, values, 0, values.length);
    size = other.size;
    next = other.next;
  }
}

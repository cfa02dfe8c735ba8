package dev.scalingar.sampler.sampling;

/**
 * Quickselect: the k-th smallest of a prefix of an array in expected linear time (top-k's
 * threshold).
 */
final class Selection {

  private Selection() {}

  /** Rearranges {@code a[0..n)} and returns its k-th smallest value (k from 0). */
  static double kthSmallest(double[] a, int n, int k) {
    if (k < 0 || k >= n) throw new IllegalArgumentException("k must be in [0," + n + "), was " + k);
    int lo = 0, hi = n - 1;
    while (lo < hi) {
      double pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
      int i = lo, j = hi;
      while (i <= j) {
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
        if (i <= j) {
          double t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return a[k]; // between j and i every value equals the pivot
    }
    return a[k];
  }

  private static double medianOfThree(double a, double b, double c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}

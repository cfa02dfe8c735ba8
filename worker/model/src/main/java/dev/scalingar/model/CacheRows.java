package dev.scalingar.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * How one decoding call reads its rows' keys and values. Gathering the rows out of the cache
 * ({@code cache[rows, :, :length]}) copies [R, H, length, hd] per layer and kind, and was the
 * largest part of a 64-row step (model-bench --profile: 19 of 35 ms of operator time). When the
 * call's rows lie densely in one range of the cache, as a job's trajectories do, attention reads
 * the range as a slice instead (a view, no copy): the call's queries are scattered into the range's
 * layout, with zero queries for the range's other rows (their scores are finite and their outputs
 * dropped), and the outputs gathered back; those are [R, dim] copies, not [R, H, length, hd].
 */
final class CacheRows {

  /** Beyond this many slice rows per call row, reading the slice costs more than gathering. */
  static final int MAX_SPREAD = 2;

  private enum Mode {
    SLICE_IN_ORDER,
    SLICE,
    GATHER
  }

  private final Mode mode;
  private final NDArray rows; // [R] the call's cache rows
  private final NDArray offsets; // [R] their places in the slice (SLICE only)
  private final int first;
  private final int count; // rows of the slice (SLICE*) or of the call (GATHER)

  private CacheRows(Mode mode, NDArray rows, NDArray offsets, int first, int count) {
    this.mode = mode;
    this.rows = rows;
    this.offsets = offsets;
    this.first = first;
    this.count = count;
  }

  /** The layout for a call over {@code rows} (cache row per call row, distinct). */
  static CacheRows of(NDManager manager, NDArray rows) {
    long[] r = rows.toLongArray();
    long min = Arrays.stream(r).min().orElseThrow();
    long max = Arrays.stream(r).max().orElseThrow();
    int span = Math.toIntExact(max - min + 1);
    boolean inOrder = span == r.length;
    for (int i = 0; inOrder && i < r.length; i++) {
      inOrder = r[i] == min + i;
    }
    if (inOrder) {
      return new CacheRows(Mode.SLICE_IN_ORDER, rows, null, (int) min, span);
    }
    if (span <= MAX_SPREAD * r.length) {
      return new CacheRows(
          Mode.SLICE, rows, rows.sub(min).toType(DataType.INT64, false), (int) min, span);
    }
    return new CacheRows(Mode.GATHER, rows, null, 0, r.length);
  }

  /** Rows attention runs over: the slice's, or the call's when gathering. */
  int attentionRows() {
    return count;
  }

  /** Keys and values [attentionRows, H, length, hd] of a layer. */
  NDArray[] read(KVCache cache, int layer, int length) {
    return mode == Mode.GATHER
        ? cache.read(layer, rows, length)
        : cache.slice(layer, first, count, length);
  }

  /**
   * A per-call-row tensor [R, ...] in attention's row layout [attentionRows, ...] (zeros for rows
   * not in the call).
   */
  NDArray toAttention(NDArray perCallRow) {
    if (mode != Mode.SLICE) {
      return perCallRow;
    }
    Shape s = perCallRow.getShape();
    NDArray spread =
        perCallRow
            .getManager()
            .zeros(new Shape(count).addAll(s.slice(1)), perCallRow.getDataType());
    spread.set(new NDIndex("{}", offsets), perCallRow);
    return spread;
  }

  /** Attention's output [attentionRows, ...] back to the call's rows [R, ...]. */
  NDArray fromAttention(NDArray perAttentionRow) {
    return mode == Mode.SLICE ? perAttentionRow.get(new NDIndex("{}", offsets)) : perAttentionRow;
  }
}

package dev.scalingar.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits one decoding step into calls whose rows sit at similar positions.
 *
 * <p>A decoding call reads every row's cache up to the call's longest position, so a continuous
 * batch that mixes a trajectory at token 250 with a freshly refilled one at token 0 makes both pay
 * for 250 positions. Rows of one job move in lockstep, so a step holds a few clusters of equal
 * positions; running each cluster as its own call costs a fixed per-call overhead instead. This
 * is the CPU stand-in for variable-length (paged) attention: it picks, by dynamic programming over
 * the rows sorted by position, the partition with the least modelled cost
 * {@code Σ_calls (callOverhead + trajectories × (trajectoryCost + length))}, where both constants
 * are in units of one trajectory (its conditional and unconditional rows) attending to one cached
 * position.
 *
 * @param callOverhead the fixed cost of one call (operator dispatch, JNI, weight reads) in
 *     trajectory-positions; 0 splits at every distinct position, infinity never splits
 * @param trajectoryCost the cost of one trajectory's projections and feed-forward, in
 *     trajectory-positions
 */
public record DecodeGroups(double callOverhead, double trajectoryCost) {

  /**
   * Fitted to step timings of the shipped model on 2 CPU cores (PyTorch CPU); see
   * {@code ./scalingar model-bench}.
   */
  public static final DecodeGroups CPU = new DecodeGroups(1000, 30);

  /** Never splits: one call per step, padded to the longest row (the behaviour before grouping). */
  public static final DecodeGroups SINGLE_CALL = new DecodeGroups(Double.POSITIVE_INFINITY, 0);

  /**
   * A planner from its written form: {@code single} (one padded call per step), {@code fitted}
   * ({@link #CPU}), or {@code callOverhead,trajectoryCost} as {@code ./scalingar model-bench}
   * prints them for the machine at hand.
   */
  public static DecodeGroups parse(String spec) {
    String s = spec.trim();
    if (s.equals("single")) {
      return SINGLE_CALL;
    }
    if (s.equals("fitted")) {
      return CPU;
    }
    String[] parts = s.split(",");
    if (parts.length == 2) {
      try {
        return new DecodeGroups(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException("'" + spec + "' is not single, fitted or callOverhead,trajectoryCost (e.g. 1000,30)");
  }

  public DecodeGroups {
    if (!(callOverhead >= 0) || !(trajectoryCost >= 0)) {
      throw new IllegalArgumentException(
          "costs must be non-negative: callOverhead=" + callOverhead + ", trajectoryCost=" + trajectoryCost);
    }
  }

  /**
   * The calls for one step: each an array of indices into {@code lengths}, ascending by length.
   * Every index appears in exactly one call.
   *
   * @param lengths each trajectory's attended length (sequence position + 1)
   */
  public List<int[]> plan(int[] lengths) {
    int n = lengths.length;
    if (n == 0) {
      return List.of();
    }
    int[] order = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    if (Double.isInfinite(callOverhead)) {
      return List.of(order);
    }
    // best[j]: least cost of the first j sorted rows; cut[j]: where the last call of that plan starts.
    double[] best = new double[n + 1];
    int[] cut = new int[n + 1];
    for (int j = 1; j <= n; j++) {
      best[j] = Double.POSITIVE_INFINITY;
      int longest = lengths[order[j - 1]];
      for (int i = 0; i < j; i++) { // ascending, so a tie keeps the longer last call: fewer calls
        double cost = best[i] + callOverhead + (j - i) * (trajectoryCost + longest);
        if (cost < best[j]) {
          best[j] = cost;
          cut[j] = i;
        }
      }
    }
    List<int[]> calls = new ArrayList<>();
    for (int j = n; j > 0; j = cut[j]) {
      int[] call = new int[j - cut[j]];
      System.arraycopy(order, cut[j], call, 0, call.length);
      calls.add(0, call);
    }
    return List.copyOf(calls);
  }
}

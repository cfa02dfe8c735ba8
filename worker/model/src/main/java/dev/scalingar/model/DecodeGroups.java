package dev.scalingar.model;

import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits one decoding step into calls whose rows sit at similar positions.
 *
 * <p>A decoding call reads every row's cache up to the call's longest position, so a continuous
 * batch that mixes a trajectory at token 250 with a freshly refilled one at token 0 makes both pay
 * for 250 positions. Rows of one job move in lockstep, so a step holds a few clusters of equal
 * positions; running each cluster as its own call costs a fixed per-call overhead instead. This is
 * the CPU stand-in for variable-length (paged) attention: it picks, by dynamic programming over the
 * rows sorted by position, the partition with the least modelled cost {@code Σ_calls (callOverhead
 * + trajectories × (trajectoryCost + length))}, where both constants are in units of one trajectory
 * (its conditional and unconditional rows) attending to one cached position.
 *
 * @param callOverhead the fixed cost of one call (operator dispatch, JNI, weight reads) in
 *     trajectory-positions; 0 splits at every distinct position, infinity never splits
 * @param trajectoryCost the cost of one trajectory's projections and feed-forward, in
 *     trajectory-positions
 */
public record DecodeGroups(double callOverhead, double trajectoryCost) {

  /**
   * Fitted to step timings of the shipped models on this 2-core CPU (PyTorch CPU, one intra-op
   * thread); see {@code ./scalingar model-bench}, which prints the fit. Refitted on 2026-12-03 from
   * 1,000 and 30: since the head-major cache and slice reads (2026-12-01/02) attention over a
   * cached position costs 2–5 × less, so a call's fixed cost weighs 4–7 × more positions than it
   * did, and the old constants split steps into calls that cost more than one padded call.
   */
  public static final DecodeGroups CPU = new DecodeGroups(4500, 200);

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
        return new DecodeGroups(
            Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        "'" + spec + "' is not single, fitted or callOverhead,trajectoryCost (e.g. 4500,200)");
  }

  public DecodeGroups {
    if (!(callOverhead >= 0) || !(trajectoryCost >= 0)) {
      throw new IllegalArgumentException(
          "costs must be non-negative: callOverhead="
              + callOverhead
              + ", trajectoryCost="
              + trajectoryCost);
    }
  }

  /**
   * This planner as {@link #parse} reads it: {@code single}, or {@code
   * callOverhead,trajectoryCost}.
   */
  public String spec() {
    return Double.isInfinite(callOverhead)
        ? "single"
        : String.format(java.util.Locale.ROOT, "%s,%s", callOverhead, trajectoryCost);
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
    int[] order =
        IntStream.range(0, n)
            .boxed()
            .sorted(Comparator.comparingInt((Integer i) -> lengths[i]).thenComparingInt(i -> i))
            .mapToInt(Integer::intValue)
            .toArray();
    // Rows of equal length always share a call in a best plan (splitting them only adds a call's
    // overhead), so the partition is chosen over the distinct lengths, weighted by their rows.
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i == 0 || lengths[order[i]] != lengths[order[i - 1]]) {
        starts.add(i);
      }
    }
    int k = starts.size();
    int[] clusterLengths = new int[k];
    int[] clusterRows = new int[k];
    for (int c = 0; c < k; c++) {
      int from = starts.get(c);
      int to = c + 1 < k ? starts.get(c + 1) : n;
      clusterLengths[c] = lengths[order[from]];
      clusterRows[c] = to - from;
    }
    int[] cut = partition(clusterLengths, clusterRows).cut;
    List<int[]> calls = new ArrayList<>();
    for (int j = k; j > 0; j = cut[j]) {
      int from = starts.get(cut[j]);
      int to = j < k ? starts.get(j) : n;
      calls.add(0, Arrays.copyOfRange(order, from, to));
    }
    return List.copyOf(calls);
  }

  /**
   * The predicted cost of the step {@link #plan} would run, in trajectory-positions, for the
   * engine's admission policy: {@code prefix} is the model's prompt prefix, which every row attends
   * to ahead of its image tokens.
   */
  public StepCost stepCost(int prefix) {
    return cohorts -> {
      List<StepCost.Cohort> sorted =
          cohorts.stream().sorted(Comparator.comparingInt(StepCost.Cohort::position)).toList();
      int[] clusterLengths = sorted.stream().mapToInt(c -> prefix + c.position() + 1).toArray();
      int[] clusterRows = sorted.stream().mapToInt(StepCost.Cohort::trajectories).toArray();
      return sorted.isEmpty() ? 0 : partition(clusterLengths, clusterRows).best[sorted.size()];
    };
  }

  private record Partition(double[] best, int[] cut) {}

  /**
   * Dynamic programming over clusters sorted by ascending length: {@code best[j]} is the least cost
   * of the first j clusters, {@code cut[j]} where the last call of that plan starts.
   */
  private Partition partition(int[] lengths, int[] rows) {
    int k = lengths.length;
    double[] best = new double[k + 1];
    int[] cut = new int[k + 1];
    boolean single = Double.isInfinite(callOverhead); // one padded call, whatever it costs
    double overhead = single ? 0 : callOverhead;
    for (int j = 1; j <= k; j++) {
      best[j] = Double.POSITIVE_INFINITY;
      int longest = lengths[j - 1];
      long trajectories = 0; // of clusters i..j-1, the last call's
      for (int i = 0; i < j; i++) {
        trajectories += rows[i];
      }
      for (int i = 0;
          i < (single ? 1 : j);
          i++) { // ascending, so a tie keeps the longer last call: fewer calls
        double cost = best[i] + overhead + trajectories * (trajectoryCost + longest);
        if (cost < best[j]) {
          best[j] = cost;
          cut[j] = i;
        }
        trajectories -= rows[i];
      }
    }
    return new Partition(best, cut);
  }
}

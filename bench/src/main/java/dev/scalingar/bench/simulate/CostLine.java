package dev.scalingar.bench.simulate;

import dev.scalingar.engine.model.StepCost;
import dev.scalingar.model.DecodeGroups;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a worker's step costs in seconds on one device: the decode planner's line ({@link
 * DecodeGroups}), {@code Σ_calls (fixedMs + trajectories × (perTrajectoryMs + perPositionMs ×
 * length))} over the calls it would plan, as {@code ./scalingar model-bench} fits it ({@code
 * ModelBenchmark.DecodeCost}). The same line, in the planner's units, is the {@link StepCost} the
 * engine's admission policies are given, so a simulated worker plans, costs and admits as a real
 * one configured with that line.
 *
 * <p>A step's prefill (the jobs admitted at it) runs in the step's first decode call, as the
 * engine's {@code ImageModel.forward} runs it: each trajectory feeds its prompt prefix (8 tokens
 * for shapes), so it adds {@code prefix} per-trajectory terms and its attention over the prefix
 * ({@link #prefillMs}), and pays no call of its own. A step with nothing to decode, and an engine
 * before that fusion ({@code prefillApart}), prefills in a call of its own.
 *
 * @param device a label for the tables: {@code cpu} or {@code gpu}
 * @param fixedMs cost of one model call (operator dispatch, kernel launches, weight reads)
 * @param perTrajectoryMs cost of one trajectory's projections and feed-forward (its two CFG rows)
 * @param perPositionMs cost of one trajectory attending to one cached position
 * @param prefix the prompt prefix every row attends to ahead of its image tokens
 * @param scalingarOverhead factor on a step's time when its jobs run ScalingAR rather than
 *     best-of-N (the sampler's signals, gate and scheduler; 1 = the model's line alone)
 * @param source where the figures came from, for the output
 * @param enginePlanner the planner the simulated engine splits steps and admits with, when it is
 *     not this line's own ratios (a worker runs the shipped {@link DecodeGroups#CPU} whatever its
 *     machine measures, unless it is configured otherwise); null: this line's ratios. Either way a
 *     step's time is this line's figures over the calls the planner makes.
 * @param prefillApart the prefills are a call of their own beside the decode calls, as the engine
 *     ran them before {@code ImageModel.forward} fused them into the first (a fleet.json measured
 *     then, or the comparison with it); false: the engine as it is
 */
public record CostLine(
    String device,
    double fixedMs,
    double perTrajectoryMs,
    double perPositionMs,
    int prefix,
    double scalingarOverhead,
    String source,
    DecodeGroups enginePlanner,
    boolean prefillApart) {

  /**
   * This 2-core CPU, shapes-v1/v2 (prefix 8), one intra-op thread: 8.1 ms per call, 0.36 ms per
   * trajectory, 0.0018 ms per trajectory-position. The ratios are the shipped planner's ({@link
   * DecodeGroups#CPU}: 4,500 and 200 trajectory-positions); the scale is the middle of the fits of
   * 2026-12-03 (bench-fleet's lockstep lines 7.1–7.5 ms, 0.35–0.37 ms, 0.0020–0.0021 ms;
   * model-bench 8.1 ms, 0.43 ms, 0.0019 ms). The sampler's own time is not in it. The validation of
   * a fleet.json uses that run's own line instead, where it has one.
   */
  public static final CostLine CPU =
      new CostLine(
          "cpu",
          8.1,
          0.36,
          0.0018,
          8,
          1.0,
          "DecodeGroups.CPU ratios at 0.0018 ms per trajectory-position (model-bench and bench-fleet fits, 2026-12-03)",
          null,
          false);

  /**
   * An H200, an assumption from the paper's Table 5 (ScalingAR, arXiv 2509.26376): a step of
   * LlamaGen at N = 8 takes 0.024 s (base, N = 1), 0.025 s (best-of-N) and 0.029 s (ScalingAR). So:
   * 24 ms per call (launch-bound: the weights take well under a millisecond to read at 4.8 TB/s),
   * 0.1 ms per trajectory (the 1 ms from N = 1 to 8, less attention), 0.00008 ms per
   * trajectory-position (a 36-layer, 1280-wide KV cache of two rows read at 4.8 TB/s), and
   * ScalingAR's steps 0.029 / 0.025 = 1.16 × dearer. A call this dear is never split by position:
   * one call per step, as the worker plans on a GPU. Not measured here.
   */
  public static final CostLine GPU_H200 =
      new CostLine(
          "gpu",
          24.0,
          0.1,
          0.00008,
          8,
          0.029 / 0.025,
          "assumed from the paper's Table 5 (H200: 0.024 s base, 0.025 s BoN, 0.029 s ScalingAR per step at N = 8)",
          null,
          false);

  public CostLine {
    if (!(fixedMs >= 0)
        || !(perTrajectoryMs >= 0)
        || !(perPositionMs > 0)
        || prefix < 0
        || !(scalingarOverhead > 0)) {
      throw new IllegalArgumentException(
          "a cost line needs fixedMs, perTrajectoryMs >= 0, perPositionMs > 0, prefix >= 0,"
              + " scalingarOverhead > 0: "
              + this);
    }
  }

  /**
   * This line with {@code fixedMs,perTrajectoryMs,perPositionMs} as {@code model-bench} prints them
   * ("decode cost: X ms per call + Y ms per trajectory + Z ms per trajectory-position").
   */
  public CostLine withFigures(String spec) {
    String[] p = spec.split(",");
    if (p.length != 3) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not fixedMs,perTrajectoryMs,perPositionMs (e.g. 8.1,0.36,0.0018)");
    }
    double[] figures = new double[3];
    try {
      for (int i = 0; i < 3; i++) {
        figures[i] = Double.parseDouble(p[i].trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not three numbers fixedMs,perTrajectoryMs,perPositionMs", e);
    }
    return withFigures(figures[0], figures[1], figures[2], "given: " + spec.trim());
  }

  /** This line with these figures, from {@code source}. */
  public CostLine withFigures(
      double fixedMs, double perTrajectoryMs, double perPositionMs, String source) {
    return new CostLine(
        device,
        fixedMs,
        perTrajectoryMs,
        perPositionMs,
        prefix,
        scalingarOverhead,
        source,
        enginePlanner,
        prefillApart);
  }

  public CostLine withScalingarOverhead(double factor) {
    return derived(factor, source, enginePlanner, prefillApart);
  }

  /**
   * This line's figures under the planner an engine ran with ({@code fleet.json}'s {@code
   * decode_groups}): the simulated policies decide by it and steps split as it splits them, as the
   * measured engine's did, while each call costs what this line says.
   */
  public CostLine withEnginePlanner(DecodeGroups planner) {
    return derived(
        scalingarOverhead,
        source + "; planned as the engine did, DecodeGroups " + planner.spec(),
        planner,
        prefillApart);
  }

  /** This line for an engine that prefills in a call of its own (before the fused forward). */
  public CostLine withPrefillApart() {
    return derived(
        scalingarOverhead, source + "; prefill in a call of its own", enginePlanner, true);
  }

  /** The same device figures with the engine-side settings given. */
  private CostLine derived(double overhead, String from, DecodeGroups planner, boolean apart) {
    return new CostLine(
        device, fixedMs, perTrajectoryMs, perPositionMs, prefix, overhead, from, planner, apart);
  }

  /**
   * The decode planner: the engine's, if given, else the one with this line's ratios, in its unit
   * (one trajectory-position).
   */
  public DecodeGroups planner() {
    return enginePlanner != null
        ? enginePlanner
        : new DecodeGroups(fixedMs / perPositionMs, perTrajectoryMs / perPositionMs);
  }

  /** The planner's cost of a step, what the engine gives its admission policy. */
  public StepCost stepCost() {
    return planner().stepCost(prefix);
  }

  /**
   * Seconds of one step: the decode call(s) over {@code decode} and, when jobs start at this step,
   * their {@code prefillTrajectories} in the first of those calls (or a call of their own: nothing
   * to decode, or {@link #prefillApart}).
   */
  public double stepSeconds(
      StepCost cost, List<StepCost.Cohort> decode, int prefillTrajectories, boolean scalingar) {
    double ms =
        enginePlanner == null
            ? cost.decode(merged(decode)) * perPositionMs // the planner's units are this line's
            : plannedMs(merged(decode));
    if (prefillTrajectories > 0) {
      ms += prefillMs(prefillTrajectories) + (prefillApart || decode.isEmpty() ? fixedMs : 0);
    }
    return ms / 1000.0 * (scalingar ? scalingarOverhead : 1.0);
  }

  /**
   * What {@code trajectories} prefills add to the call they run in: each runs its prompt's {@code
   * prefix} tokens through every layer, so it costs {@code prefix} trajectories' projections (a
   * decode row runs one token), and they attend causally over the prefix, {@code prefix (prefix +
   * 1) / 2} positions in all. Priced as one decode row at position 0 before 2026-12-03 evening,
   * which bench-fleet's own timings showed to be an eighth of what a shapes prefill takes (a
   * 32-trajectory prefill call: 97 ms measured, 18 ms so priced, 82 ms now).
   */
  double prefillMs(int trajectories) {
    int tokens = Math.max(1, prefix); // a model without a prompt prefix still feeds one token
    return trajectories * (tokens * perTrajectoryMs + perPositionMs * tokens * (tokens + 1) / 2.0);
  }

  /** This line's time for the calls the engine's planner makes of {@code cohorts}. */
  private double plannedMs(List<StepCost.Cohort> cohorts) {
    int[] lengths =
        cohorts.stream()
            .flatMapToInt(
                c ->
                    java.util.stream.IntStream.generate(() -> prefix + c.position() + 1)
                        .limit(c.trajectories()))
            .toArray();
    double ms = 0;
    for (int[] call : enginePlanner.plan(lengths)) {
      ms += callMs(call.length, lengths[call[call.length - 1]]); // ascending: the last is longest
    }
    return ms;
  }

  private double callMs(int trajectories, int longest) {
    return fixedMs + trajectories * (perTrajectoryMs + perPositionMs * longest);
  }

  /**
   * Cohorts at one position as one: the planner never splits equal positions (it only adds a call),
   * so the cost is the same and its dynamic programme runs over fewer clusters.
   */
  static List<StepCost.Cohort> merged(List<StepCost.Cohort> cohorts) {
    if (cohorts.size() < 2) {
      return cohorts;
    }
    List<StepCost.Cohort> sorted = new ArrayList<>(cohorts);
    sorted.sort(Comparator.comparingInt(StepCost.Cohort::position));
    List<StepCost.Cohort> out = new ArrayList<>(sorted.size());
    for (StepCost.Cohort c : sorted) {
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).position() == c.position()) {
        out.set(
            last,
            new StepCost.Cohort(c.position(), out.get(last).trajectories() + c.trajectories()));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s: %.3g ms/call + %.3g ms/trajectory + %.3g ms/trajectory-position%s (%s)",
        device,
        fixedMs,
        perTrajectoryMs,
        perPositionMs,
        scalingarOverhead == 1.0
            ? ""
            : String.format(Locale.ROOT, ", ScalingAR steps × %.2f", scalingarOverhead),
        source);
  }
}

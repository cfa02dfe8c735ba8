package dev.scalingar.bench;

import dev.scalingar.engine.model.ForwardingImageModel;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.StepCost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model seen through its own cost line: every decoding step it runs is also priced by {@link
 * ImageModel#stepCost()} (in the line's units, trajectory-positions for a transformer), and its
 * decoding steps counted. Unlike wall time these figures do not move with the machine's load, so
 * configurations that run one after another compare fairly; they are what the fitted line predicts,
 * not a measurement, and say so where they are reported.
 *
 * <p>It also times every lockstep step (all trajectories at one position, nothing prefilled: one
 * model call under any planner), the samples a cost line is fitted to in the same minutes as the
 * run it is to predict ({@link LockstepLine}).
 */
final class CostMeter extends ForwardingImageModel {

  private final StepCost cost;
  private double decodeCost;
  private long decodeSteps;
  private final List<LockstepStep> lockstep = new ArrayList<>();

  /** A timed lockstep step: {@code trajectories} at image position {@code position}. */
  record LockstepStep(int trajectories, int position, double ms) {}

  CostMeter(ImageModel model) {
    super(model);
    this.cost = model.stepCost();
  }

  /** Predicted cost of every decoding step so far. */
  double decodeCost() {
    return decodeCost;
  }

  long decodeSteps() {
    return decodeSteps;
  }

  /** Every lockstep step so far, timed (the model call alone). */
  List<LockstepStep> lockstepSteps() {
    return List.copyOf(lockstep);
  }

  /** A step alone is a forward without prefills, priced and timed as one. */
  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    return forward(List.of(), trajectories).decode();
  }

  @Override
  public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    if (!decodes.isEmpty()) {
      price(decodes);
    }
    long t0 = System.nanoTime();
    StepLogits out = model.forward(prefills, decodes);
    time(prefills, decodes, t0);
    return out;
  }

  private void time(List<Prefill> prefills, List<Decode> decodes, long t0) {
    double ms = (System.nanoTime() - t0) / 1e6;
    if (prefills.isEmpty()
        && !decodes.isEmpty()
        && decodes.stream().allMatch(d -> d.position() == decodes.get(0).position())) {
      lockstep.add(new LockstepStep(decodes.size(), decodes.get(0).position(), ms));
    }
  }

  /** Adds a decoding step over these trajectories, priced by the model's line. */
  private void price(List<Decode> trajectories) {
    Map<Integer, Integer> byPosition = new TreeMap<>();
    for (Decode d : trajectories) {
      byPosition.merge(d.position(), 1, Integer::sum);
    }
    List<StepCost.Cohort> cohorts = new ArrayList<>();
    byPosition.forEach((position, n) -> cohorts.add(new StepCost.Cohort(position, n)));
    decodeCost += cost.decode(cohorts);
    decodeSteps++;
  }

  @Override
  public StepCost stepCost() {
    return cost;
  }

  /** The wrapped model is the caller's to close. */
  @Override
  public void close() {}
}

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
 * model calls counted. Unlike wall time these figures do not move with the machine's load, so
 * configurations that run one after another compare fairly; they are what the fitted line predicts,
 * not a measurement, and say so where they are reported.
 */
final class CostMeter extends ForwardingImageModel {

  private final StepCost cost;
  private double decodeCost;
  private long decodeSteps;

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

  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    price(trajectories);
    return model.step(trajectories);
  }

  @Override
  public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    if (!decodes.isEmpty()) {
      price(decodes);
    }
    return model.forward(prefills, decodes);
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

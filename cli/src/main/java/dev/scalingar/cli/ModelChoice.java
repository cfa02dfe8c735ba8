package dev.scalingar.cli;

import ai.djl.Device;
import dev.scalingar.model.DecodeGroups;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.schemas.JobSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model NAME [--weights FILE]}: which ShapesWorld model a command runs, as the worker
 * would serve it: the model's shipped weights, or a weights file that must hold that model.
 */
final class ModelChoice {

  @Option(
      names = "--model",
      defaultValue = JobSpec.DEFAULT_MODEL,
      description =
          "The model: shapes-v1 or shapes-v2 (default: ${DEFAULT-VALUE}, the fleet's default).")
  String model;

  @Option(
      names = "--weights",
      description = "A weights file of that model (default: its shipped weights).")
  Path weights;

  TransformerImageModel load(int rowCapacity) {
    return load(rowCapacity, DecodeGroups.CPU);
  }

  TransformerImageModel load(int rowCapacity, DecodeGroups groups) {
    if (weights != null) {
      return ShapesModels.expect(
          model, ShapesModels.load(weights, rowCapacity, Device.cpu(), groups));
    }
    return ShapesModels.loadShipped(model, rowCapacity, Device.cpu(), groups);
  }
}

package dev.scalingar.shapes;

import java.util.List;

/**
 * The models trained on ShapesWorld, by the name a job spec's {@code model} gives them. They share
 * the grammar, the vocabulary and the image codebook, so whoever checks a prompt (the gateway) or
 * loads weights (the worker) treats them alike; the list lives here, beside the grammar, because
 * the gateway must not depend on the model code.
 */
public final class ShapesModelNames {

  /** Oldest first. */
  public static final List<String> ALL = List.of("shapes-v1", "shapes-v2");

  public static boolean isShapesModel(String model) {
    return ALL.contains(model);
  }

  private ShapesModelNames() {}
}

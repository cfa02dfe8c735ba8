package dev.scalingar.bench;

import java.util.Map;

/**
 * The paper's numbers for the cells of our tables (v3, LlamaGen on GenEval and TIIF-Bench; see
 * docs/algorithm.md "What the paper reports" and the v1 Table 1). GenEval's tasks are ShapesEval's;
 * the paper's Table 1 prints only two-object, position, colour attribution and overall.
 */
final class PaperFigures {

  private PaperFigures() {}

  /** Table 1, LlamaGen rows: arm → task tag (or "overall") → GenEval accuracy. */
  static final Map<String, Map<String, Double>> TABLE1 =
      Map.of(
          "base", Map.of("two_object", 0.34, "position", 0.21, "color_attr", 0.04, "overall", 0.32),
          "is", Map.of("two_object", 0.21, "position", 0.11, "color_attr", 0.02, "overall", 0.14),
          "bon", Map.of("two_object", 0.27, "position", 0.11, "color_attr", 0.02, "overall", 0.15),
          "scalingar",
              Map.of("two_object", 0.40, "position", 0.28, "color_attr", 0.12, "overall", 0.36),
          "scalingar_paper",
              Map.of("two_object", 0.40, "position", 0.28, "color_attr", 0.12, "overall", 0.36));

  /** Tables 2 and 4: TIIF-Bench overall (0–100) of the ablations, and the base model's. */
  static final Map<String, Double> TIIF_OVERALL =
      Map.of(
          "base",
          40.4,
          "scalingar",
          46.5,
          "scalingar_paper",
          46.5,
          "scalingar_no_cond",
          45.1,
          "scalingar_no_block",
          44.2,
          "scalingar_no_token",
          40.4,
          "termination_only",
          45.1,
          "scheduler_only",
          43.8);

  /** Table 5 (GenEval, one H200): s/step, s/image, tokens per image, memory GB, accuracy. */
  record Cost(
      double secondsPerStep,
      double secondsPerImage,
      double tokens,
      double memoryGb,
      double accuracy) {}

  static final Map<String, Cost> TABLE5 =
      Map.of(
          "base", new Cost(0.024, 24.93, 1024, 6.44, 0.32),
          "bon", new Cost(0.025, 218.44, 8192, 48.72, 0.15),
          "scalingar", new Cost(0.029, 69.56, 2350, 18.16, 0.36),
          "scalingar_paper", new Cost(0.029, 69.56, 2350, 18.16, 0.36));
}

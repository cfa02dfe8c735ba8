package dev.scalingar.engine;

/**
 * @param admission REFILL (default) or STATIC (the baseline of bench-fleet)
 * @param agingSteps how long the oldest pending job may be overtaken by backfill (default 64 steps)
 * @param progressEvery steps between progress reports of a job (default 16)
 */
public record EngineOptions(Admission admission, int agingSteps, int progressEvery) {

  public EngineOptions {
    if (agingSteps < 0 || progressEvery < 1) {
      throw new IllegalArgumentException("agingSteps >= 0 and progressEvery >= 1");
    }
  }

  public static EngineOptions defaults() {
    return new EngineOptions(Admission.REFILL, 64, 16);
  }

  public EngineOptions withAdmission(Admission a) {
    return new EngineOptions(a, agingSteps, progressEvery);
  }
}

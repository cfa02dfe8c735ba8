package dev.scalingar.model.train;

import java.nio.file.Path;

/**
 * A training run. Defaults are those that trained the shipped {@code shapes-v1}.
 *
 * @param steps optimiser steps
 * @param batchSize images per step
 * @param peakLr learning rate after warm-up (cosine decay to 10% of it)
 * @param warmupSteps linear warm-up
 * @param checkpointEvery steps between checkpoints (the latest two are kept)
 * @param dir run directory: checkpoints, the training log
 * @param output where the final weights go
 * @param seed data, initialisation and prefix-dropout seed
 * @param resume continue from the newest checkpoint in {@code dir}; without it a directory that
 *     holds checkpoints is refused, so a typo in a command never silently continues (or restarts)
 *     someone else's run
 */
public record TrainConfig(
    int steps,
    int batchSize,
    double peakLr,
    int warmupSteps,
    int checkpointEvery,
    Path dir,
    Path output,
    long seed,
    boolean resume) {

  public TrainConfig {
    if (steps < 1 || batchSize < 1 || peakLr <= 0 || warmupSteps < 0 || checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "steps, batch size, checkpoint interval >= 1; learning rate > 0");
    }
  }

  public static TrainConfig shapesV1Defaults(Path dir, Path output) {
    return new TrainConfig(2000, 32, 1.5e-3, 100, 100, dir, output, 20261124L, false);
  }
}

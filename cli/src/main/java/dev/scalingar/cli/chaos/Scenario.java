package dev.scalingar.cli.chaos;

import java.util.Map;

/**
 * One chaos scenario: its name, the fault in words, what its stack needs (a supervisor, worker
 * settings such as the NaN test hook) and what it does to the stack.
 */
public record Scenario(
    String name, String fault, boolean supervised, Map<String, String> workerEnv, Body body) {

  /** Drives the scenario on its fresh stack; returns its line of chaos.json. */
  @FunctionalInterface
  public interface Body {
    ScenarioResult run(ChaosRun run, ChaosSettings settings) throws Exception;
  }
}

package dev.scalingar.bench;

import java.util.List;

/** How the arms derived from best-of-N's trajectories pick theirs. */
final class Selections {

  private Selections() {}

  /**
   * @param bonSelected the trajectory {@code bon} (self-certainty) selected
   * @return {@code bon_logprob}: the finisher with the highest mean log-probability; {@code
   *     oracle_bon}: a finisher the judge accepts, else {@code bonSelected} (an upper bound that
   *     reads the judge: a prompt counts when any of the N images is correct)
   */
  static int select(String arm, List<JobRecord.TrajectoryRecord> trajectories, int bonSelected) {
    int best = bonSelected;
    switch (arm) {
      case "bon_logprob" -> {
        for (JobRecord.TrajectoryRecord t : trajectories) {
          if (!t.pruned() && t.logProbability() > trajectories.get(best).logProbability())
            best = t.trajectory();
        }
      }
      case "oracle_bon" -> {
        if (Boolean.TRUE.equals(trajectories.get(bonSelected).correct())) return bonSelected;
        for (JobRecord.TrajectoryRecord t : trajectories) {
          if (!t.pruned() && Boolean.TRUE.equals(t.correct())) return t.trajectory();
        }
      }
      default -> throw new IllegalArgumentException("no derived selection for arm " + arm);
    }
    return best;
  }
}

package dev.scalingar.gateway.problem;

/** Ends a request with {@link #problem()}; thrown wherever the answer is known to be an error. */
public final class ProblemException extends RuntimeException {

  private final Problem problem;

  public ProblemException(Problem problem) {
    super(
        problem.title() + ": " + problem.detail(),
        null,
        false,
        false); // control flow: no stack trace
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}

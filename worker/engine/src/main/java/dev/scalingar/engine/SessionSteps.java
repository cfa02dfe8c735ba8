package dev.scalingar.engine;

import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.strategy.JobSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Runs one engine step's sampler sessions, each job's on its own: on the engine's thread, or spread
 * over a pool when there are several threads. A session is one job's state (its RNG, profile, gate)
 * and no session reads another's, so the outcomes do not depend on the threads or their order; they
 * come back in the order the work was given, and the engine applies them in that order.
 *
 * <p>Why several: the sampler's vocabulary passes cost ≈ 155 µs per trajectory-step at V = 16,384
 * on one core (worker/sampler/README.md), so on a GPU worker a 128-trajectory step spends ≈ 20 ms
 * in the sampler, as long as the device's step. On a CPU worker the model's own threads have the
 * cores, and one thread is the default.
 */
final class SessionSteps {

  /** One job's session and the logits it samples from this step. */
  record Work(JobSession session, StepInput input) {}

  /** What a session's step gave: its result, or the error that broke it (the job alone fails). */
  sealed interface Outcome permits Stepped, Broke {}

  record Stepped(StepResult result) implements Outcome {}

  record Broke(RuntimeException error) implements Outcome {}

  private final ForkJoinPool pool; // null: on the caller's thread

  SessionSteps(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("sampler threads must be >= 1, was " + threads);
    }
    // ForkJoinPool's workers are daemon threads that end when idle, so an engine needs no close.
    this.pool = threads == 1 ? null : new ForkJoinPool(threads);
  }

  List<Outcome> run(List<Work> work) {
    if (pool == null || work.size() < 2) {
      return work.stream().map(SessionSteps::step).toList();
    }
    List<Callable<Outcome>> tasks = new ArrayList<>(work.size());
    for (Work w : work) {
      tasks.add(() -> step(w));
    }
    List<Outcome> out = new ArrayList<>(work.size());
    for (Future<Outcome> f : pool.invokeAll(tasks)) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the sampler ran", e);
      } catch (ExecutionException e) { // step() catches the session's own errors; this is an Error
        throw new IllegalStateException("a sampler thread failed", e.getCause());
      }
    }
    return out;
  }

  private static Outcome step(Work w) {
    try {
      return new Stepped(w.session().step(w.input()));
    } catch (RuntimeException e) {
      return new Broke(e);
    }
  }
}

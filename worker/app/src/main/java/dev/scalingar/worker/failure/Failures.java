package dev.scalingar.worker.failure;

import dev.scalingar.schemas.WireFormatException;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.worker.FailureMessage;
import dev.scalingar.worker.results.StorageException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one place that sorts the worker's errors into {@link Failure}s, as Kafka's own consumer
 * examples do: each catch site says where it is (the entry points below) and acts on the class it
 * gets back. The table in worker/README.md ("Failure classes") is this file in prose; keep them
 * together.
 */
public final class Failures {

  private Failures() {}

  /** Anything thrown while handling a job (encoding, storing, publishing) or by the loop itself. */
  public static Failure classify(Throwable e) {
    Throwable t = unwrap(e);
    String detail = FailureMessage.of(t);
    if (t instanceof VirtualMachineError || t instanceof LinkageError) {
      // out of memory, a missing class: nothing this process does next can be trusted
      return new Failure.Fatal(t.getClass().getSimpleName() + ": " + detail);
    }
    if (t instanceof InterruptedException || t instanceof InterruptException) {
      return new Failure.Fatal("interrupted: the worker is stopping");
    }
    if (t instanceof IllegalStateException && "Shutdown in progress".equals(t.getMessage())) {
      // The JDK refuses a shutdown hook (or a deleteOnExit) once SIGTERM's drain has begun: the
      // process is ending, not the job; left uncommitted, it runs again on the next worker.
      return new Failure.Fatal("the JVM is shutting down: " + detail);
    }
    if (t instanceof StorageException s) {
      return switch (s.kind()) {
        case UNAVAILABLE -> new Failure.Retryable(Failure.Dependency.STORAGE, detail);
        case DENIED -> new Failure.Fatal("storage refuses this worker's credentials: " + detail);
        case REFUSED -> new Failure.Poison(JobFailed.Reason.STORAGE_ERROR, detail, false);
      };
    }
    if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
      return new Failure.Fatal("the broker refuses this worker: " + detail);
    }
    if (t instanceof RecordTooLargeException
        || t instanceof SerializationException
        || t instanceof WireFormatException) {
      // an event this worker built for this job is refused; building it again gives the same bytes
      return new Failure.Poison(JobFailed.Reason.INTERNAL, detail, false);
    }
    if (t instanceof RetriableException
        || t instanceof TimeoutException
        || t instanceof KafkaException) {
      // the broker is away or restarting; the clients retry by themselves until their own timeouts
      return new Failure.Retryable(Failure.Dependency.BROKER, detail);
    }
    // A bug met by this job's data (an encoder refusing its trace, say): the same data meets it
    // again.
    return new Failure.Poison(JobFailed.Reason.INTERNAL, detail, false);
  }

  /** A job failed inside an engine step (its logits were NaN, the model call it was in threw). */
  public static Failure engineStep(String reason) {
    // The engine cannot tell a deterministic failure from one of the batch the job ran in (a
    // device error, numerics that depend on the batch): another attempt in another batch, bounded
    // by the job's attempts, tells them apart.
    return new Failure.Retryable(Failure.Dependency.MODEL, reason);
  }

  /**
   * The engine refused a job at submission (a prompt the model cannot encode, a budget too small).
   */
  public static Failure submission(RuntimeException e) {
    return e instanceof IllegalArgumentException
        ? new Failure.Poison(JobFailed.Reason.INVALID_REQUEST, FailureMessage.of(e), false)
        : classify(e);
  }

  /** A record that is not a job this worker can run, as {@code Intake} read it. */
  public static Failure.Poison unreadable(JobFailed.Reason reason, String detail) {
    return new Failure.Poison(reason, detail, false);
  }

  /**
   * A record started {@code attempts} times already, at most {@code maxAttempts} allowed: it ends
   * here.
   */
  public static Failure.Poison attemptsSpent(int attempts, int maxAttempts, String lastFailure) {
    return new Failure.Poison(
        JobFailed.Reason.INTERNAL,
        "gave up after "
            + attempts
            + " of "
            + maxAttempts
            + " attempts"
            + (lastFailure.isEmpty()
                ? " (each ended its worker, or was handed back unfinished)"
                : ": " + lastFailure),
        false);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}

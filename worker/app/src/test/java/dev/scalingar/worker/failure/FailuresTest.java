package dev.scalingar.worker.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.worker.results.StorageException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** The failure classes table of worker/README.md, row by row. */
class FailuresTest {

  @Test
  void storageOutagesAreWaitedOutRefusalsAreNot() {
    assertThat(
            Failures.classify(
                new StorageException(
                    StorageException.Kind.UNAVAILABLE, "connection refused", new IOException())))
        .isEqualTo(new Failure.Retryable(Failure.Dependency.STORAGE, "connection refused"));
    assertThat(
            Failures.classify(
                new StorageException(StorageException.Kind.REFUSED, "400 EntityTooLarge", null)))
        .isEqualTo(new Failure.Poison(JobFailed.Reason.STORAGE_ERROR, "400 EntityTooLarge", false));
    assertThat(
            Failures.classify(
                new StorageException(StorageException.Kind.DENIED, "403 InvalidAccessKeyId", null)))
        .isInstanceOf(Failure.Fatal.class);
  }

  @Test
  void brokerTroubleIsRetryableABrokerThatRefusesUsIsFatal() {
    // as a durable publish's future reports them
    assertThat(Failures.classify(new ExecutionException(new NotLeaderOrFollowerException("moved"))))
        .isEqualTo(new Failure.Retryable(Failure.Dependency.BROKER, "moved"));
    assertThat(Failures.classify(new TimeoutException()))
        .isInstanceOfSatisfying(
            Failure.Retryable.class,
            r ->
                assertThat(r.detail())
                    .isEqualTo("java.util.concurrent.TimeoutException")); // never a null detail
    assertThat(Failures.classify(new SaslAuthenticationException("bad password")))
        .isInstanceOf(Failure.Fatal.class);
    assertThat(Failures.classify(new ExecutionException(new TopicAuthorizationException("no"))))
        .isInstanceOf(Failure.Fatal.class);
    assertThat(Failures.classify(new RecordTooLargeException("2 MB")))
        .isEqualTo(new Failure.Poison(JobFailed.Reason.INTERNAL, "2 MB", false));
  }

  @Test
  void aBrokenProcessIsFatalABugMetByOneJobIsThatJobsPoison() {
    assertThat(Failures.classify(new OutOfMemoryError("Java heap space")))
        .isInstanceOf(Failure.Fatal.class);
    assertThat(Failures.classify(new InterruptedException())).isInstanceOf(Failure.Fatal.class);
    // SIGTERM's drain runs in a shutdown hook: the JDK's refusal then is the process ending.
    assertThat(Failures.classify(new IllegalStateException("Shutdown in progress")))
        .isInstanceOf(Failure.Fatal.class);
    assertThat(Failures.classify(new IllegalStateException("trace row out of order")))
        .isEqualTo(new Failure.Poison(JobFailed.Reason.INTERNAL, "trace row out of order", false));
    assertThat(Failures.submission(new IllegalArgumentException("empty prompt")))
        .isEqualTo(new Failure.Poison(JobFailed.Reason.INVALID_REQUEST, "empty prompt", false));
  }

  @Test
  void aFailedStepIsANewAttemptUntilTheAttemptsAreSpent() {
    Failure step = Failures.engineStep("sampling failed at step 5: logit of token 0 is NaN");
    assertThat(step)
        .isInstanceOfSatisfying(
            Failure.Retryable.class,
            r -> {
              assertThat(r.dependency()).isEqualTo(Failure.Dependency.MODEL);
              assertThat(r.exhausted("3 attempts"))
                  .isEqualTo(
                      new Failure.Poison(
                          JobFailed.Reason.INTERNAL,
                          "3 attempts: sampling failed at step 5: logit of token 0 is NaN",
                          false));
            });
    assertThat(new Failure.Retryable(Failure.Dependency.STORAGE, "down").exhausted("180 s"))
        .isEqualTo(new Failure.Poison(JobFailed.Reason.STORAGE_ERROR, "180 s: down", true));
    assertThat(Failures.attemptsSpent(3, 3, "").detail())
        .startsWith("gave up after 3 of 3 attempts");
  }
}

package dev.scalingar.worker.results;

import dev.scalingar.schemas.events.JobCompleted;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a job's objects under its deterministic keys (a retried job overwrites, never duplicates)
 * with the MinIO SDK, manifest last so that its presence means the job's objects are all there;
 * then presigns GET URLs. While storage is unreachable or answers 5xx/429 each call is retried with
 * exponential backoff until the job's retry deadline ({@link StorageSettings#retryDeadline}): an
 * outage shorter than that delays the job, it does not fail it, and {@link StorageHealth} says
 * storage is down meanwhile. A refusal (4xx) is not retried.
 */
public final class ResultStore {

  private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);

  /** Keys, URLs and their expiry, as the completion event carries them. */
  public record Stored(
      String bucket,
      JobCompleted.ObjectKeys keys,
      JobCompleted.ObjectKeys urls,
      Instant urlsExpireAt) {}

  private final StorageSettings settings;
  private final MinioClient client;
  private final StorageHealth health;

  public ResultStore(StorageSettings settings) {
    this(settings, new StorageHealth());
  }

  public ResultStore(StorageSettings settings, StorageHealth health) {
    this.settings = settings;
    this.health = health;
    this.client =
        MinioClient.builder()
            .endpoint(settings.endpoint())
            .credentials(settings.accessKey(), settings.secretKey())
            .region(settings.region())
            .build();
  }

  public StorageSettings settings() {
    return settings;
  }

  public StorageHealth health() {
    return health;
  }

  public void ensureBucket() {
    long deadline = deadline();
    retry(
        "bucket " + settings.bucket(),
        deadline,
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
          }
          return null;
        });
  }

  /**
   * Stores a job's objects; one deadline for all of them, so a job waits at most that long for
   * storage.
   */
  public Stored store(String jobId, JobArtifacts a) {
    long deadline = deadline();
    JobCompleted.ObjectKeys keys = JobCompleted.ObjectKeys.forJob(jobId);
    put(keys.image(), a.imagePng(), "image/png", deadline);
    put(keys.trace(), a.traceJson(), "application/json", deadline);
    put(keys.confidencePlot(), a.confidencePng(), "image/png", deadline);
    put(keys.candidates(), a.candidatesPng(), "image/png", deadline);
    put(keys.manifest(), a.manifestJson(), "application/json", deadline);
    Instant expires = Instant.now().plus(settings.urlExpiry());
    JobCompleted.ObjectKeys urls =
        new JobCompleted.ObjectKeys(
            presign(keys.image(), deadline),
            presign(keys.trace(), deadline),
            presign(keys.confidencePlot(), deadline),
            presign(keys.candidates(), deadline),
            presign(keys.manifest(), deadline));
    return new Stored(settings.bucket(), keys, urls, expires);
  }

  private long deadline() {
    return System.nanoTime() + settings.retryDeadline().toNanos();
  }

  private void put(String key, byte[] bytes, String contentType, long deadline) {
    retry(
        key,
        deadline,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(
                        new ByteArrayInputStream(bytes), bytes.length, -1)
                    .contentType(contentType)
                    .build()));
  }

  private String presign(String key, long deadline) {
    return retry(
        key,
        deadline,
        () ->
            client.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(settings.bucket())
                    .object(key)
                    .expiry((int) settings.urlExpiry().toSeconds(), TimeUnit.SECONDS)
                    .build()));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  private <T> T retry(String what, long deadline, Call<T> call) {
    Duration backoff = settings.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        T out = call.run();
        health.answered();
        return out;
      } catch (Exception e) {
        StorageException.Kind kind = kind(e);
        if (kind != StorageException.Kind.UNAVAILABLE) {
          health.answered(); // it answered, with a refusal
          throw new StorageException(
              kind,
              "storage refused " + what + " after " + attempt + " attempt(s): " + e.getMessage(),
              e);
        }
        health.unavailable(String.valueOf(e.getMessage()));
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new StorageException(
              kind,
              "storage unavailable for "
                  + what
                  + " through "
                  + attempt
                  + " attempt(s) over "
                  + settings.retryDeadline().toSeconds()
                  + " s: "
                  + e.getMessage(),
              e);
        }
        long sleep = Math.min(backoff.toMillis(), Math.max(1, left / 1_000_000));
        LOG.warn(
            "storage attempt {} for {} failed ({}); retrying in {} ms",
            attempt,
            what,
            e.getMessage(),
            sleep);
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageException(
              StorageException.Kind.UNAVAILABLE, "interrupted while retrying " + what, ie);
        }
        backoff =
            backoff.multipliedBy(2).compareTo(StorageSettings.MAX_BACKOFF) > 0
                ? StorageSettings.MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  // Network trouble and server errors pass; a refused request will not fix itself.
  private static StorageException.Kind kind(Exception e) {
    if (e instanceof ErrorResponseException r) {
      int status = r.response().code();
      if (status >= 500 || status == 429 || status == 408) {
        return StorageException.Kind.UNAVAILABLE;
      }
      return status == 401 || status == 403
          ? StorageException.Kind.DENIED
          : StorageException.Kind.REFUSED;
    }
    return e instanceof IllegalArgumentException
        ? StorageException.Kind.REFUSED
        : StorageException.Kind.UNAVAILABLE;
  }
}

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
 * Uploads a job's objects under its deterministic keys (a retried job overwrites, never
 * duplicates) with the MinIO SDK, retrying each with bounded exponential backoff, manifest last so
 * that its presence means the job's objects are all there; then presigns GET URLs.
 */
public final class ResultStore {

  private static final Logger LOG = LoggerFactory.getLogger(ResultStore.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  /** Keys, URLs and their expiry, as the completion event carries them. */
  public record Stored(String bucket, JobCompleted.ObjectKeys keys, JobCompleted.ObjectKeys urls, Instant urlsExpireAt) {}

  private final StorageSettings settings;
  private final MinioClient client;

  public ResultStore(StorageSettings settings) {
    this.settings = settings;
    this.client = MinioClient.builder().endpoint(settings.endpoint())
        .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
  }

  public StorageSettings settings() {
    return settings;
  }

  public void ensureBucket() {
    retry("bucket " + settings.bucket(), () -> {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).build());
      }
      return null;
    });
  }

  public Stored store(String jobId, JobArtifacts a) {
    JobCompleted.ObjectKeys keys = JobCompleted.ObjectKeys.forJob(jobId);
    put(keys.image(), a.imagePng(), "image/png");
    put(keys.trace(), a.traceJson(), "application/json");
    put(keys.confidencePlot(), a.confidencePng(), "image/png");
    put(keys.candidates(), a.candidatesPng(), "image/png");
    put(keys.manifest(), a.manifestJson(), "application/json");
    Instant expires = Instant.now().plus(settings.urlExpiry());
    JobCompleted.ObjectKeys urls = new JobCompleted.ObjectKeys(presign(keys.image()), presign(keys.trace()),
        presign(keys.confidencePlot()), presign(keys.candidates()), presign(keys.manifest()));
    return new Stored(settings.bucket(), keys, urls, expires);
  }

  private void put(String key, byte[] bytes, String contentType) {
    retry(key, () -> client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
        .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build()));
  }

  private String presign(String key) {
    return retry(key, () -> client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
        .bucket(settings.bucket()).object(key).expiry((int) settings.urlExpiry().toSeconds(), TimeUnit.SECONDS).build()));
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  private <T> T retry(String what, Call<T> call) {
    Duration backoff = settings.initialBackoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (Exception e) {
        if (!retryable(e) || attempt >= settings.maxAttempts()) {
          throw new StorageException("storage failed for " + what + " after " + attempt + " attempt(s): " + e.getMessage(), e);
        }
        LOG.warn("storage attempt {} for {} failed ({}); retrying in {} ms", attempt, what, e.getMessage(), backoff.toMillis());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted while retrying " + what, ie);
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  // Network trouble and server errors pass; a refused request (403, 404 bucket) will not fix itself.
  private static boolean retryable(Exception e) {
    if (e instanceof ErrorResponseException r) {
      int status = r.response().code();
      return status >= 500 || status == 429;
    }
    return true;
  }
}

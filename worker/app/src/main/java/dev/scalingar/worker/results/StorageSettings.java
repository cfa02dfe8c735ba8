package dev.scalingar.worker.results;

import java.time.Duration;

/**
 * Where results go and how long to wait for storage.
 *
 * @param endpoint S3 endpoint, e.g. {@code http://127.0.0.1:19000}
 * @param bucket bucket of every job's objects (default {@code scalingar})
 * @param urlExpiry lifetime of the presigned GET URLs in completion events (default 24 h)
 * @param retryDeadline how long one job's upload keeps retrying while storage is unreachable or
 *     answers 5xx/429, before the job fails with storage_error (default 180 s: an S3 outage of a
 *     minute or two delays jobs, it does not fail them)
 * @param initialBackoff first retry delay, doubled per attempt up to {@link #MAX_BACKOFF} (default
 *     250 ms)
 */
public record StorageSettings(
    String endpoint,
    String accessKey,
    String secretKey,
    String region,
    String bucket,
    Duration urlExpiry,
    Duration retryDeadline,
    Duration initialBackoff) {

  /** The longest wait between two tries: how late at most an upload notices storage is back. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(8);

  public static final Duration DEFAULT_RETRY_DEADLINE = Duration.ofSeconds(180);
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);

  public StorageSettings {
    if (urlExpiry.isNegative() || urlExpiry.isZero() || urlExpiry.toDays() > 7) {
      throw new IllegalArgumentException(
          "S3_URL_EXPIRY_HOURS: 0 < expiry <= 7 days (SigV4's limit)");
    }
    if (retryDeadline.isNegative() || initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("S3_RETRY_DEADLINE_SECONDS >= 0 and S3_BACKOFF_MS > 0");
    }
  }

  public static StorageSettings defaults(String endpoint, String accessKey, String secretKey) {
    return new StorageSettings(
        endpoint,
        accessKey,
        secretKey,
        "us-east-1",
        "scalingar",
        Duration.ofHours(24),
        DEFAULT_RETRY_DEADLINE,
        DEFAULT_BACKOFF);
  }
}

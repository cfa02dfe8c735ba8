package dev.scalingar.worker.results;

import java.time.Duration;

/**
 * Where results go and how hard to try.
 *
 * @param endpoint S3 endpoint, e.g. {@code http://127.0.0.1:19000}
 * @param bucket bucket of every job's objects (default {@code scalingar})
 * @param urlExpiry lifetime of the presigned GET URLs in completion events (default 24 h)
 * @param maxAttempts attempts per object before the job fails with storage_error (default 6)
 * @param initialBackoff first retry delay, doubled per attempt up to 8 s (default 250 ms)
 */
public record StorageSettings(String endpoint, String accessKey, String secretKey, String region, String bucket,
    Duration urlExpiry, int maxAttempts, Duration initialBackoff) {

  public StorageSettings {
    if (maxAttempts < 1 || urlExpiry.isNegative() || urlExpiry.isZero() || urlExpiry.toDays() > 7) {
      throw new IllegalArgumentException("maxAttempts >= 1 and 0 < urlExpiry <= 7 days (SigV4's limit)");
    }
  }

  public static StorageSettings defaults(String endpoint, String accessKey, String secretKey) {
    return new StorageSettings(endpoint, accessKey, secretKey, "us-east-1", "scalingar", Duration.ofHours(24), 6,
        Duration.ofMillis(250));
  }
}

package dev.scalingar.testing;

import dev.scalingar.infra.EmbeddedS3;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

/** The JVM's S3 server as one test sees it: a bucket of its own and a client. */
public final class TestS3 {

  private final EmbeddedS3 server;
  private final String bucket;
  private final MinioClient client;

  private TestS3(EmbeddedS3 server, String bucket) {
    this.server = server;
    this.bucket = bucket;
    this.client = server.client();
  }

  static TestS3 forTest(EmbeddedS3 server, String testId) {
    // Bucket names: 3–63 chars, lowercase, digits and hyphens.
    String bucket = ("t-" + testId).replaceAll("[^a-z0-9-]", "-");
    bucket = bucket.length() > 63 ? bucket.substring(bucket.length() - 63) : bucket;
    TestS3 s3 = new TestS3(server, bucket);
    try {
      if (!s3.client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        s3.client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot create test bucket " + bucket + ": " + e.getMessage(), e);
    }
    return s3;
  }

  public String bucket() {
    return bucket;
  }

  public MinioClient client() {
    return client;
  }

  public String endpoint() {
    return server.endpoint();
  }

  public String accessKey() {
    return server.accessKey();
  }

  public String secretKey() {
    return server.secretKey();
  }

  /** The server itself, for failure tests that stop and restart it. */
  public EmbeddedS3 server() {
    return server;
  }
}

package dev.scalingar.infra;

import io.minio.MinioClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-compatible server (s3proxy) on loopback that checks SigV4 signatures, so the MinIO SDK
 * and presigned URLs are exercised for real. In memory for tests, on disk for the embedded stack
 * (objects are plain files under {@code dir/bucket/key}).
 */
public final class EmbeddedS3 implements AutoCloseable {

  /**
   * Credentials of the embedded server (and of MinIO's own defaults); never used beyond loopback.
   */
  public static final String DEFAULT_ACCESS_KEY = "minioadmin";

  public static final String DEFAULT_SECRET_KEY = "minioadmin";

  private final S3Proxy proxy;
  private final String accessKey;
  private final String secretKey;

  private EmbeddedS3(S3Proxy proxy, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public static EmbeddedS3 inMemory(int port) {
    return start(new TransientNio2BlobStore(), port);
  }

  /** Objects persist under {@code dir}; s3proxy needs an absolute base dir. */
  public static EmbeddedS3 onDisk(Path dir, int port) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return start(new FilesystemNio2BlobStore(dir.toAbsolutePath().normalize().toString()), port);
  }

  private static EmbeddedS3 start(BlobStore store, int port) {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://" + Loopback.HOST + ":" + port))
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY)
            // The gateway's web page reads trace.json from its presigned URL, another origin; MinIO
            // allows
            // that by default, s3proxy only when told. Reads only: a presigned URL still carries
            // its own auth.
            .corsRules(
                new CrossOriginResourceSharing(
                    List.of("*"), List.of("GET", "HEAD"), List.of("*"), List.of(), "false"))
            .build();
    try {
      proxy.start();
      // start() returns before Jetty is serving; wait on its state, bounded.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "s3proxy did not start within 30 s (state " + proxy.getState() + ")");
        }
        Thread.onSpinWait();
        Thread.sleep(5);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot start s3proxy on port " + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedS3(proxy, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
  }

  public String endpoint() {
    return "http://" + Loopback.HOST + ":" + proxy.getPort();
  }

  public int port() {
    return proxy.getPort();
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** A MinIO client for this server (path-style, region fixed so no location lookup is needed). */
  public MinioClient client() {
    return MinioClient.builder()
        .endpoint(endpoint())
        .credentials(accessKey, secretKey)
        .region("us-east-1")
        .build();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop s3proxy: " + e.getMessage(), e);
    }
  }
}

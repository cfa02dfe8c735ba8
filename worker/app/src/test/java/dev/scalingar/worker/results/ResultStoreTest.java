package dev.scalingar.worker.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.infra.Loopback;
import dev.scalingar.schemas.trace.TraceEvent;
import dev.scalingar.schemas.trace.TraceRecord;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestS3;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RealInfra
class ResultStoreTest {

  static JobArtifacts artifacts() {
    List<TraceRecord> trace = new ArrayList<>();
    for (int step = 0; step < 40; step++) {
      for (int t = 0; t < 3; t++) {
        double c = 0.5 + 0.01 * t + 0.002 * step * (t == 2 ? -1 : 1);
        TraceEvent event = t == 2 && step == 30 ? TraceEvent.TERMINATED : null;
        if (t == 2 && step > 30) {
          continue;
        }
        trace.add(
            new TraceRecord(
                t,
                step,
                3,
                0.3,
                0.4,
                0.4,
                0.6,
                null,
                1.0,
                0.6,
                0.2,
                0.5,
                c,
                c,
                0.0,
                step >= 5 ? 0.5 : null,
                3.0,
                event));
      }
    }
    byte[] plot = ConfidencePlot.png("j-test", trace, OptionalInt.of(1));
    BufferedImage tile = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    byte[] sheet =
        CandidateSheet.png(
            List.of(
                new CandidateSheet.Candidate(0, tile, "C 0.61, finished", false),
                new CandidateSheet.Candidate(1, tile, "C 0.66, finished", true)));
    return new JobArtifacts(
        sheet,
        "{\"records\": []}".getBytes(StandardCharsets.UTF_8),
        plot,
        sheet,
        "{\"job_id\": \"j-test\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void storesEveryObjectUnderItsKeyAndPresignsDownloadableUrls(TestS3 s3) throws Exception {
    ResultStore store = new ResultStore(settings(s3.endpoint(), s3.bucket()));
    store.ensureBucket();
    JobArtifacts a = artifacts();
    ResultStore.Stored stored = store.store("j-0000000042", a);
    assertThat(stored.keys().image()).isEqualTo("jobs/j-0000000042/image.png");
    assertThat(stored.keys().confidencePlot()).isEqualTo("jobs/j-0000000042/confidence.png");
    HttpClient http = HttpClient.newHttpClient();
    byte[] plot =
        http.send(
                HttpRequest.newBuilder(URI.create(stored.urls().confidencePlot())).build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    assertThat(plot).isEqualTo(a.confidencePng());
    assertThat(ImageIO.read(new ByteArrayInputStream(plot)).getWidth()).isEqualTo(900);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(stored.urls().manifest())).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("j-test");
  }

  @Test
  void anS3OutageDuringUploadIsRiddenOut(@TempDir Path dir) throws Exception {
    int port = Loopback.freePort();
    EmbeddedS3 first = EmbeddedS3.onDisk(dir, port);
    ResultStore store = new ResultStore(settings(first.endpoint(), "outage"));
    store.ensureBucket();
    first.close(); // down: the upload below starts against a dead endpoint
    CountDownLatch restarted = new CountDownLatch(1);
    CompletableFuture<EmbeddedS3> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Thread.sleep(
                    2_000); // the outage lasts a couple of seconds, then the same server comes back
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              EmbeddedS3 s = EmbeddedS3.onDisk(dir, port);
              restarted.countDown();
              return s;
            });
    ResultStore.Stored stored = store.store("j-outage-0001", artifacts());
    try (EmbeddedS3 s = second.join()) {
      assertThat(restarted.getCount()).isZero();
      HttpResponse<byte[]> got =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stored.urls().image())).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(got.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aPermanentRefusalFailsAtOnceWithTheReason(TestS3 s3) {
    StorageSettings wrong =
        new StorageSettings(
            s3.endpoint(),
            "nobody",
            "wrong-secret",
            "us-east-1",
            s3.bucket(),
            Duration.ofHours(1),
            Duration.ofSeconds(60),
            Duration.ofMillis(50));
    assertThatThrownBy(() -> new ResultStore(wrong).store("j-denied-0001", artifacts()))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.kind()).isEqualTo(StorageException.Kind.DENIED))
        .hasMessageContaining("after 1 attempt");
  }

  static StorageSettings settings(String endpoint, String bucket) {
    return new StorageSettings(
        endpoint,
        EmbeddedS3.DEFAULT_ACCESS_KEY,
        EmbeddedS3.DEFAULT_SECRET_KEY,
        "us-east-1",
        bucket,
        Duration.ofHours(1),
        Duration.ofSeconds(60),
        Duration.ofMillis(200));
  }
}

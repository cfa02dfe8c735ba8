package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.llamagen.LlamaGenArgs;
import dev.scalingar.model.llamagen.LlamaGenConverter;
import dev.scalingar.model.llamagen.SafetensorsFile;
import dev.scalingar.model.llamagen.VqArgs;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.testing.LlamaGenFixtures;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import io.cloudevents.CloudEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A converted LlamaGen checkpoint served end to end: LlamaGen's own tiny c2i checkpoint (the
 * fixtures, made with LlamaGen's code) converted, loaded by the worker's own loader from
 * SCALINGAR_MODEL / SCALINGAR_MODEL_WEIGHTS, a class-conditional job through Kafka, and a PNG of
 * the VQ decoder's size in S3.
 */
@RealInfra
class LlamaGenWorkerTest {

  static final String MODEL = "llamagen-c2i-tiny";

  @Test
  void aConvertedC2iCheckpointServesAJobThroughKafkaAndS3(
      TestKafka kafka, TestS3 s3, @TempDir Path tmp) throws Exception {
    Path converted = tmp.resolve(MODEL);
    try (SafetensorsFile gpt = SafetensorsFile.open(LlamaGenFixtures.file("c2i-tiny.safetensors"));
        SafetensorsFile vq = SafetensorsFile.open(LlamaGenFixtures.file("vq-tiny.safetensors"))) {
      LlamaGenConverter.convertGpt(
          LlamaGenFixtures.file("c2i-tiny.pt"),
          false,
          LlamaGenArgs.fromJson(gpt.metadata().get("model_args"), MODEL),
          converted);
      LlamaGenConverter.convertVq(
          LlamaGenFixtures.file("vq-tiny-full.pt"),
          VqArgs.fromJson(vq.metadata().get("model_args"), "vq-tiny"),
          converted);
    }
    WorkerRuntimeTest.Setup base = WorkerRuntimeTest.Setup.of(kafka, s3, 4);
    Map<String, String> env = new HashMap<>(base.env());
    env.put("SCALINGAR_MODEL", MODEL);
    env.put("SCALINGAR_MODEL_WEIGHTS", converted.toString());
    WorkerRuntimeTest.Setup s =
        new WorkerRuntimeTest.Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));

    ImageModel model = WorkerMain.loadModel(s.config(), MODEL);
    BufferedImage expected = model.decode(new int[model.info().gridH() * model.info().gridW()]);
    String jobId = "j-llamagen-0001";
    JobSpec spec =
        JobSpec.create("3", 2, null, 5L, MODEL, null, null, null, null, null, null, null);
    s.send(
        jobId,
        null,
        WireEvents.envelope(
            WireEvents.eventId(jobId, EventType.JOB_REQUESTED),
            URI.create("/test"),
            new JobRequest(jobId, "acme", Instant.now(), spec)));
    WorkerRuntime runtime =
        new WorkerRuntime(s.config(), List.of(new ServedModel(MODEL, model, ServedSampler.PAPER)));
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      List<CloudEvent> events = s.events(WorkerRuntimeTest.terminal(1));
      CloudEvent completed =
          events.stream()
              .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the job did not complete: " + events));
      JobCompleted done = WireEvents.data(completed, JobCompleted.class);
      byte[] png =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(done.urls().image())).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      // The tiny VQ decodes 4×4 codes to 8×8 px; the worker shows images under 256 px at a whole
      // multiple (here 32×), and keeps LlamaGen's native 256/384/512 px as decoded.
      assertThat(expected.getWidth()).isEqualTo(8);
      assertThat(image.getWidth()).isEqualTo(256);
      assertThat(image.getHeight()).isEqualTo(256);
      assertThat(dev.scalingar.worker.results.ResultWriterAccess.upscaled(512, 512)).isEqualTo(512);
      assertThat(dev.scalingar.worker.results.ResultWriterAccess.upscaled(384, 384)).isEqualTo(384);
      assertThat(dev.scalingar.worker.results.ResultWriterAccess.upscaled(64, 64)).isEqualTo(256);
    } finally {
      runtime.drain();
      loop.join();
      runtime.close();
      model.close();
    }
  }
}

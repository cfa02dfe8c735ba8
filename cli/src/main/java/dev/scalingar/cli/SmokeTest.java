package dev.scalingar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireCodec;
import dev.scalingar.schemas.WireEvents;
import io.cloudevents.CloudEvent;
import io.minio.BucketExistsArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.http.Method;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The infrastructure smoke test the demo runs until the worker and the gateway land. */
final class SmokeTest {

  static final String BUCKET = "scalingar";

  private final String bootstrap;
  private final String s3Endpoint;
  private final Path out;
  private final Console console;

  SmokeTest(String bootstrap, String s3Endpoint, Path out, Console console) {
    this.bootstrap = bootstrap;
    this.s3Endpoint = s3Endpoint;
    this.out = out;
    this.console = console;
  }

  record Result(String jobId, String prompt, double kafkaRoundTripS, double s3RoundTripS, String imageKey, int presignedStatus) {
    void write(Path file, double stackStartS) throws IOException {
      ObjectNode n = WireCodec.mapper().createObjectNode()
          .put("job_id", jobId).put("prompt", prompt)
          .put("stack_start_s", stackStartS).put("kafka_round_trip_s", kafkaRoundTripS)
          .put("s3_round_trip_s", s3RoundTripS).put("image_key", imageKey).put("presigned_get_status", presignedStatus);
      Files.writeString(file, WireCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }
  }

  Result run() throws Exception {
    Files.createDirectories(out);
    DemoCommand.ensureTopics(bootstrap);
    String jobId = "j-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String prompt = "a red circle above a blue square";
    JobRequest request = new JobRequest(jobId, "demo", Instant.now(), JobSpec.of(prompt).withSeed(7));

    console.step("job " + jobId + " → " + Topics.JOBS + " as a CloudEvent (acks=all, idempotent)");
    long t0 = System.nanoTime();
    CloudEvent event = WireEvents.envelope(WireEvents.eventId(jobId, EventType.JOB_REQUESTED), URI.create("/scalingar/cli/demo"), request);
    try (KafkaProducer<String, CloudEvent> producer = new KafkaProducer<>(KafkaWire.eventProducerConfig(bootstrap))) {
      producer.send(new ProducerRecord<>(Topics.JOBS, jobId, event)).get(30, TimeUnit.SECONDS);
    }
    JobRequest back = consume(jobId);
    if (!back.equals(request)) {
      throw new IllegalStateException("the job read back differs from the one sent: " + back);
    }
    double kafkaS = (System.nanoTime() - t0) / 1e9;
    console.done(String.format("read back from Kafka and validated in %.2f s", kafkaS));

    console.step("image → s3://" + BUCKET + "/jobs/" + jobId + "/image.png (MinIO SDK, SigV4)");
    long t1 = System.nanoTime();
    byte[] png = renderedPng(prompt);
    MinioClient s3 = MinioClient.builder().endpoint(s3Endpoint)
        .credentials(EmbeddedS3.DEFAULT_ACCESS_KEY, EmbeddedS3.DEFAULT_SECRET_KEY).region("us-east-1").build();
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
    String key = "jobs/" + jobId + "/image.png";
    s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
        .stream(new ByteArrayInputStream(png), png.length, -1).contentType("image/png").build());
    String url = s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
        .method(Method.GET).bucket(BUCKET).object(key).expiry(1, TimeUnit.HOURS).build());
    HttpResponse<byte[]> got = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (got.statusCode() != 200 || !Arrays.equals(got.body(), png)) {
      throw new IllegalStateException("presigned GET returned " + got.statusCode() + " with other bytes");
    }
    Files.write(out.resolve("image.png"), got.body());
    double s3S = (System.nanoTime() - t1) / 1e9;
    console.done(String.format("stored and fetched back through a presigned URL in %.2f s", s3S));
    return new Result(jobId, prompt, kafkaS, s3S, key, got.statusCode());
  }

  // Until the worker generates images, the demo stores ShapesWorld's own rendering of the prompt.
  private static byte[] renderedPng(String prompt) throws IOException {
    var image = dev.scalingar.shapes.render.Renderer.render(dev.scalingar.shapes.grammar.PromptParser.parse(prompt), 7).upscale(4);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(dev.scalingar.model.shapes.ShapesModels.toBufferedImage(image), "png", out);
    return out.toByteArray();
  }

  private JobRequest consume(String jobId) {
    Map<String, Object> c = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "scalingar-demo-" + jobId,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.JOBS));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
          if (jobId.equals(r.key())) {
            return WireEvents.data(WireEvents.fromKafka(r.topic(), r.headers(), r.value()), JobRequest.class);
          }
        }
      }
    }
    throw new IllegalStateException("job " + jobId + " did not come back from " + Topics.JOBS + " within 60 s");
  }
}

package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.StrategyName;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Jobs are routed per model: two workers in one consumer group, each serving one model, read only
 * their model's jobs topic, so every job runs on a worker of its model and nothing is dead-lettered
 * as {@code unknown_model} (which is what one shared jobs topic did to the other model's jobs).
 */
@RealInfra
class ModelRoutingTest {

  @Test
  void aJobForModelXReachesOnlyXsWorkers(TestKafka kafka, TestS3 s3) throws Exception {
    WorkerRuntimeTest.Setup s = WorkerRuntimeTest.Setup.of(kafka, s3, 4);
    String template = "routing-" + System.nanoTime() + ".jobs.{model}.v1";
    List<String> models = List.of("shapes-v1", "shapes-v2");
    kafka.createTopics(
        models.stream().map(m -> new NewTopic(Topics.jobs(template, m), 2, (short) 1)).toList());
    Map<String, CompletableFuture<Void>> loops = new HashMap<>();
    Map<String, WorkerRuntime> workers = new HashMap<>();
    for (String model : models) {
      Map<String, String> env = new HashMap<>(s.env());
      env.put("SCALINGAR_JOBS_TOPIC", template);
      env.put("SCALINGAR_MODEL", model);
      env.put("SCALINGAR_WORKER_ID", "worker-of-" + model);
      WorkerRuntime w =
          new WorkerRuntime(
              WorkerConfig.from(env), new ScriptedModel(4, 4, 16, ScriptedModel.peakedExcept(3)));
      workers.put(model, w);
      loops.put(model, CompletableFuture.runAsync(w::run));
    }
    try (KafkaProducer<String, CloudEvent> p =
        new KafkaProducer<>(KafkaWire.eventProducerConfig(kafka.bootstrapServers()))) {
      for (int i = 0; i < 6; i++) {
        String model = models.get(i % 2);
        String jobId = "j-route-" + model + "-" + i;
        JobSpec spec =
            JobSpec.of("a red square")
                .withStrategy(StrategyName.fromWire("bon"), 2)
                .withSeed(i)
                .withModel(model);
        CloudEvent job =
            WireEvents.envelope(
                WireEvents.eventId(jobId, EventType.JOB_REQUESTED),
                URI.create("/test"),
                new JobRequest(jobId, "acme", Instant.now(), spec));
        p.send(new ProducerRecord<>(Topics.jobs(template, model), jobId, job)).get();
      }
    }
    try {
      List<CloudEvent> events =
          s.events(
              es ->
                  es.stream()
                          .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                          .count()
                      == 6);
      Map<String, String> ranOn =
          events.stream()
              .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
              .collect(
                  Collectors.toMap(
                      CloudEvent::getSubject,
                      e -> WireEvents.data(e, JobStarted.class).worker(),
                      (a, b) -> a));
      assertThat(ranOn).hasSize(6);
      ranOn.forEach(
          (job, worker) ->
              assertThat(worker)
                  .as(job)
                  .isEqualTo("worker-of-" + job.split("-")[2] + "-" + job.split("-")[3]));
      assertThat(events).noneMatch(e -> e.getType().equals(EventType.JOB_FAILED.type()));
    } finally {
      workers.values().forEach(WorkerRuntime::drain);
      loops.values().forEach(CompletableFuture::join);
      workers.values().forEach(WorkerRuntime::close);
    }
  }
}

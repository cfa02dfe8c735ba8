package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.scalingar.engine.ScriptedModel;
import dev.scalingar.infra.EmbeddedKafka;
import dev.scalingar.schemas.CancelCommand;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.KafkaWire;
import dev.scalingar.schemas.StrategyName;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.events.JobCompleted;
import dev.scalingar.schemas.events.JobFailed;
import dev.scalingar.schemas.events.JobProgress;
import dev.scalingar.schemas.events.JobStarted;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import dev.scalingar.testing.TestS3;
import dev.scalingar.worker.kafka.DeadLetters;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealInfra
class WorkerRuntimeTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  /** One test's topics, bucket and worker configuration. */
  record Setup(TestKafka kafka, TestS3 s3, Map<String, String> env, WorkerConfig config) {
    static Setup of(TestKafka kafka, TestS3 s3, int slots) {
      Map<String, String> env = new java.util.HashMap<>();
      env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
      env.put("SCALINGAR_JOBS_TOPIC", kafka.topic("jobs", 2));
      env.put("SCALINGAR_EVENTS_TOPIC", kafka.topic("events", 2));
      env.put("SCALINGAR_CONTROL_TOPIC", kafka.topic("control", 1));
      env.put("SCALINGAR_DLQ_TOPIC", kafka.topic("dlq", 1));
      env.put("SCALINGAR_CONSUMER_GROUP", "workers-" + System.nanoTime());
      env.put("SCALINGAR_WORKER_ID", "w1");
      env.put("S3_ENDPOINT", s3.endpoint());
      env.put("S3_BUCKET", s3.bucket());
      env.put("SCALINGAR_ROW_CAPACITY", Integer.toString(2 * slots));
      env.put("SCALINGAR_DRAIN_SECONDS", "5");
      return new Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));
    }

    /** The same worker configuration under another worker id. */
    WorkerConfig worker(String id) {
      Map<String, String> copy = new java.util.HashMap<>(env);
      copy.put("SCALINGAR_WORKER_ID", id);
      return WorkerConfig.from(copy);
    }

    /** To the jobs topic of the worker's first model. */
    void send(String key, byte[] value, CloudEvent event) throws Exception {
      send(config.jobsTopics().get(0), key, value, event);
    }

    void send(String topic, String key, byte[] value, CloudEvent event) throws Exception {
      if (event != null) {
        try (KafkaProducer<String, CloudEvent> p =
            new KafkaProducer<>(KafkaWire.eventProducerConfig(kafka.bootstrapServers()))) {
          p.send(new ProducerRecord<>(topic, key, event)).get();
        }
      } else {
        try (var p =
            new KafkaProducer<>(
                kafka.producerConfig(), new StringSerializer(), new ByteArraySerializer())) {
          p.send(new ProducerRecord<>(topic, key, value)).get();
        }
      }
    }

    void submit(String jobId, String strategy, int n) throws Exception {
      JobSpec spec =
          JobSpec.of("a red square").withStrategy(StrategyName.fromWire(strategy), n).withSeed(7);
      JobRequest request = new JobRequest(jobId, "acme", Instant.now(), spec);
      send(
          jobId,
          null,
          WireEvents.envelope(
              WireEvents.eventId(jobId, EventType.JOB_REQUESTED), URI.create("/test"), request));
    }

    void cancel(String jobId) throws Exception {
      try (KafkaProducer<String, CloudEvent> p =
          new KafkaProducer<>(KafkaWire.eventProducerConfig(kafka.bootstrapServers()))) {
        p.send(
                new ProducerRecord<>(
                    config.controlTopic(),
                    jobId,
                    WireEvents.envelope(
                        jobId + "/cancel",
                        URI.create("/test"),
                        new CancelCommand(jobId, "acme", Optional.empty()))))
            .get();
      }
    }

    List<CloudEvent> events(Predicate<List<CloudEvent>> until) {
      List<CloudEvent> out = new ArrayList<>();
      try {
        kafka.readUntil(
            config.eventsTopic(),
            WAIT,
            records -> {
              out.clear();
              for (ConsumerRecord<String, byte[]> r : records) {
                out.add(WireEvents.fromKafka(r.topic(), r.headers(), r.value()));
              }
              return until.test(out);
            });
      } catch (AssertionError e) {
        // Say what did arrive, so a timeout tells where the worker stopped.
        throw new AssertionError(
            e.getMessage() + "; events: " + out.stream().map(CloudEvent::getId).toList(), e);
      }
      return out;
    }
  }

  /** A worker on its own thread with a scripted model; stop() drains it. */
  static final class RunningWorker {
    final WorkerRuntime runtime;
    final CompletableFuture<Void> loop;

    RunningWorker(WorkerConfig config, int slots) {
      this(config, slots, 8);
    }

    /** {@code grid}: the scripted image is grid×grid tokens, so a job runs grid² steps. */
    RunningWorker(WorkerConfig config, int slots, int grid) {
      this(config, new ScriptedModel(slots, grid, 16, ScriptedModel.peakedExcept(3)));
    }

    RunningWorker(WorkerConfig config, ScriptedModel model) {
      runtime = new WorkerRuntime(config, model);
      loop = CompletableFuture.runAsync(runtime::run);
    }

    void stop() {
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }

  /** The distinct ids of the completion events. */
  static Stream<String> completedIds(List<CloudEvent> events) {
    return events.stream()
        .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
        .map(CloudEvent::getId)
        .distinct();
  }

  static long count(List<CloudEvent> events, EventType type) {
    return events.stream().filter(e -> e.getType().equals(type.type())).count();
  }

  static Predicate<List<CloudEvent>> terminal(int n) {
    return es ->
        es.stream()
                .filter(
                    e ->
                        e.getType().equals(EventType.JOB_COMPLETED.type())
                            || e.getType().equals(EventType.JOB_FAILED.type())
                            || e.getType().equals(EventType.JOB_CANCELLED.type()))
                .count()
            >= n;
  }

  @Test
  void aJobGoesInAndItsCompletedEventAndObjectsComeOut(TestKafka kafka, TestS3 s3)
      throws Exception {
    Setup s = Setup.of(kafka, s3, 8);
    RunningWorker w = new RunningWorker(s.config(), 8);
    try {
      s.submit("j-first-0001", "scalingar", 8);
      List<CloudEvent> events = s.events(terminal(1));
      JobCompleted done =
          WireEvents.data(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .findFirst()
                  .orElseThrow(),
              JobCompleted.class);
      assertThat(count(events, EventType.JOB_STARTED)).isEqualTo(1);
      assertThat(count(events, EventType.TRAJECTORY_PRUNED))
          .isGreaterThanOrEqualTo(1); // slot 3 is scripted flat
      assertThat(count(events, EventType.JOB_PROGRESS)).isGreaterThanOrEqualTo(1);
      // Progress carries each trajectory's C up to its step (issue 20), and the worker beats.
      JobProgress progress =
          WireEvents.data(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_PROGRESS.type()))
                  .findFirst()
                  .orElseThrow(),
              JobProgress.class);
      assertThat(progress.curve()).isPresent();
      assertThat(progress.curve().get().trajectories()).hasSize(8);
      assertThat(progress.curve().get().steps()).endsWith(progress.step() - 1);
      WorkerHeartbeat beat =
          WireEvents.data(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.WORKER_HEARTBEAT.type()))
                  .findFirst()
                  .orElseThrow(),
              WorkerHeartbeat.class);
      assertThat(beat.worker()).isEqualTo("w1");
      assertThat(beat.slots()).isEqualTo(8);
      assertThat(done.tokens().visualTokens()).isLessThan(done.tokens().fullBonTokens());
      HttpClient http = HttpClient.newHttpClient();
      for (String url :
          List.of(
              done.urls().image(),
              done.urls().trace(),
              done.urls().confidencePlot(),
              done.urls().candidates(),
              done.urls().manifest())) {
        assertThat(
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                    .statusCode())
            .as(url)
            .isEqualTo(200);
      }
      byte[] png =
          http.send(
                  HttpRequest.newBuilder(URI.create(done.urls().image())).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth())
          .isEqualTo(256);
    } finally {
      w.stop();
    }
  }

  @Test
  void aWorkerLogsInWithScramWhereTheClusterRequiresIt(TestS3 s3) throws Exception {
    String user = "scalingar-worker";
    String password = "worker-" + System.nanoTime();
    try (EmbeddedKafka secured = EmbeddedKafka.startWithScramListener(user, password)) {
      Setup plain = Setup.of(TestKafka.on(secured, "scram"), s3, 4);
      Map<String, String> env = new java.util.HashMap<>(plain.env());
      env.put("KAFKA_BOOTSTRAP_SERVERS", secured.scramBootstrapServers());
      EmbeddedKafka.scramClientProperties(user, password)
          .forEach((property, value) -> env.put(KafkaConnection.envName(property), value));
      WorkerConfig config = WorkerConfig.from(env);
      assertThat(config.kafka().clientProperties())
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
      // Without the login the listener admits no one, so the worker cannot get through anonymously.
      try (Admin anonymous =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  secured.scramBootstrapServers(),
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  2000,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  3000))) {
        assertThatThrownBy(() -> anonymous.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
            .isInstanceOf(Exception.class);
      }
      RunningWorker w = new RunningWorker(config, 4);
      try {
        plain.submit("j-scram-0001", "base", 1);
        List<CloudEvent> events = plain.events(terminal(1));
        assertThat(count(events, EventType.JOB_COMPLETED))
            .as("completed through the SCRAM listener")
            .isEqualTo(1);
      } finally {
        w.stop();
      }
    }
  }

  @Test
  void threeJobsThroughAOneJobWorkerAllComplete(TestKafka kafka, TestS3 s3) throws Exception {
    Setup s = Setup.of(kafka, s3, 4);
    for (String id : List.of("j-order-0001", "j-order-0002", "j-order-0003")) {
      s.submit(id, "bon", 4);
    }
    RunningWorker w = new RunningWorker(s.config(), 4);
    try {
      List<String> completed =
          s.events(terminal(3)).stream()
              .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
              .map(CloudEvent::getSubject)
              .toList();
      // The test's jobs topic has 2 partitions: order holds per partition, i.e. per job key here.
      assertThat(completed)
          .containsExactlyInAnyOrder("j-order-0001", "j-order-0002", "j-order-0003");
    } finally {
      w.stop();
    }
  }

  @Test
  void poisonRecordsGoToTheDeadLetterTopicAndTheNextGoodJobCompletes(TestKafka kafka, TestS3 s3)
      throws Exception {
    Setup s = Setup.of(kafka, s3, 4);
    s.send("j-garbage-01", "{not json".getBytes(StandardCharsets.UTF_8), null);
    JobSpec otherModel =
        JobSpec.create(
            "a square", 2, null, 1L, "llamagen-xl", null, null, null, null, null, null, null);
    s.send(
        "j-model-001",
        null,
        WireEvents.envelope(
            "x1",
            URI.create("/t"),
            new JobRequest("j-model-001", "acme", Instant.now(), otherModel)));
    s.send(
        "j-prompt-01",
        null,
        WireEvents.envelope(
            "x2",
            URI.create("/t"),
            new JobRequest("j-prompt-01", "acme", Instant.now(), JobSpec.of("   "))));
    s.submit("j-good-0001", "base", 1);
    RunningWorker w = new RunningWorker(s.config(), 4);
    try {
      List<CloudEvent> events = s.events(terminal(3));
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_FAILED.type()))
                  .map(e -> WireEvents.data(e, JobFailed.class).reason()))
          .contains(JobFailed.Reason.INVALID_REQUEST, JobFailed.Reason.UNKNOWN_MODEL);
      s.events(
          es ->
              es.stream()
                  .anyMatch(
                      e ->
                          e.getType().equals(EventType.JOB_COMPLETED.type())
                              && e.getSubject().equals("j-good-0001")));
      var dead = kafka.read(s.config().dlqTopic(), 3, WAIT);
      assertThat(dead)
          .extracting(
              r ->
                  new String(
                      r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
          .contains("invalid_request", "unknown_model");
      assertThat(dead)
          .anySatisfy(
              r ->
                  assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
    } finally {
      w.stop();
    }
  }

  /**
   * The same job record delivered again while the job runs (issue 21's chaos run: the worker failed
   * the copy as "already in the engine" while the first run went on to complete, so the job had
   * both outcomes). The copy is done on arrival: one completed event, no failed one.
   */
  @Test
  void aJobDeliveredAgainWhileItRunsHasOneOutcome(TestKafka kafka, TestS3 s3) throws Exception {
    Setup s = Setup.of(kafka, s3, 4);
    // 64×64 = 4,096 steps: still running when its copy is read (a copy read after the job ended
    // runs again, as at-least-once allows, and republishes under the same ids).
    RunningWorker w = new RunningWorker(s.config(), 4, 64);
    try {
      s.submit("j-twice-0001", "bon", 4);
      s.events(es -> count(es, EventType.JOB_STARTED) >= 1);
      s.submit("j-twice-0001", "bon", 4);
      List<CloudEvent> events = s.events(terminal(1));
      // Same key, same partition: a failure of the copy would have been published before the
      // completion of the run it arrived beside.
      assertThat(count(events, EventType.JOB_FAILED)).isZero();
      assertThat(completedIds(events)).containsExactly("j-twice-0001/completed");
    } finally {
      w.stop();
    }
  }

  @Test
  void cancelOfAQueuedAndOfARunningJob(TestKafka kafka, TestS3 s3) throws Exception {
    Setup s = Setup.of(kafka, s3, 4);
    // A long job (64×64 = 4,096 steps), paced at 5 ms a model call, so it is still running when
    // its cancel arrives: unpaced, a quiet machine finished it first (its completed event came
    // before the cancel, and the test waited for a cancelled event that could not come).
    RunningWorker w =
        new RunningWorker(
            s.config(),
            new ScriptedModel(4, 64, 16, ScriptedModel.paced(5, ScriptedModel.peakedExcept(3))));
    try {
      s.submit("j-running-01", "bon", 4);
      s.events(es -> count(es, EventType.JOB_STARTED) >= 1);
      s.submit("j-queued-001", "bon", 4);
      s.cancel("j-queued-001");
      s.cancel("j-running-01");
      List<CloudEvent> events = s.events(es -> count(es, EventType.JOB_CANCELLED) >= 2);
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_CANCELLED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactlyInAnyOrder("j-queued-001", "j-running-01");
      assertThat(count(events, EventType.JOB_COMPLETED)).isZero();
    } finally {
      w.stop();
    }
  }

  @Test
  void aJobLeftUncommittedByAStoppedWorkerCompletesOnceWithTheSameImage(TestKafka kafka, TestS3 s3)
      throws Exception {
    Setup s = Setup.of(kafka, s3, 4);
    // First worker: drained with a zero grace period while the job runs, so it is handed back
    // uncommitted.
    Map<String, String> quick = new java.util.HashMap<>(s.env());
    quick.put("SCALINGAR_DRAIN_SECONDS", "0");
    // The first worker's model holds at position 5 until the drain has begun, so the job is
    // certainly unfinished when it stops (a free-running one can finish before its started event is
    // read).
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ScriptedModel.Script peaked = ScriptedModel.peakedExcept(3);
    WorkerRuntime first =
        new WorkerRuntime(
            WorkerConfig.from(quick),
            new ScriptedModel(
                4,
                8,
                16,
                (slot, prompt, pos, v) -> {
                  if (pos == 5) {
                    try {
                      release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return peaked.logits(slot, prompt, pos, v);
                }));
    CompletableFuture<Void> firstLoop = CompletableFuture.runAsync(first::run);
    s.submit("j-redeliver-1", "bon", 4);
    s.events(es -> count(es, EventType.JOB_STARTED) >= 1);
    first.drain();
    release.countDown();
    firstLoop.join();
    first.close();
    RunningWorker second = new RunningWorker(s.worker("w2"), 4);
    try {
      List<CloudEvent> events = s.events(terminal(1));
      assertThat(completedIds(events)).containsExactly("j-redeliver-1/completed");
      // The new runtime knows it is the second run (the count travels in the group's commit), and
      // says so with event ids of its own, so consumers that dedupe by id do not drop them.
      assertThat(events.stream().filter(e -> e.getType().equals(EventType.JOB_STARTED.type())))
          .extracting(
              CloudEvent::getId,
              e -> WireEvents.data(e, JobStarted.class).attempt(),
              e -> WireEvents.data(e, JobStarted.class).worker())
          .containsExactly(
              tuple("j-redeliver-1/started/1", 1, "w1"), tuple("j-redeliver-1/started/2", 2, "w2"));
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_PROGRESS.type()))
                  .map(CloudEvent::getId))
          .isNotEmpty()
          .allMatch(
              id ->
                  id.matches(
                      "j-redeliver-1/progress/\\d+/attempt-2")); // the first run stopped before any
      // A third delivery (as after a crash between upload and commit) writes the same bytes.
      byte[] before =
          get(
              WireEvents.data(
                      events.stream()
                          .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                          .findFirst()
                          .orElseThrow(),
                      JobCompleted.class)
                  .urls()
                  .image());
      s.submit("j-redeliver-1", "bon", 4);
      List<CloudEvent> again =
          s.events(
              es ->
                  es.stream()
                          .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                          .count()
                      >= 2);
      assertThat(completedIds(again)).containsExactly("j-redeliver-1/completed");
      byte[] after =
          get(
              WireEvents.data(
                      again.stream()
                          .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                          .reduce((a, b) -> b)
                          .orElseThrow(),
                      JobCompleted.class)
                  .urls()
                  .image());
      assertThat(after).isEqualTo(before);
    } finally {
      second.stop();
    }
  }

  @Test
  void aWorkerRemovedFromItsGroupRejoinsAndRunsItsJobAgainAsAttemptTwo(TestKafka kafka, TestS3 s3)
      throws Exception {
    Setup base = Setup.of(kafka, s3, 4);
    // A short group heartbeat: the client's background thread learns of the removal within half a
    // second, and the loop's next poll then reports the partitions lost.
    Map<String, String> env = new java.util.HashMap<>(base.env());
    env.put("SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS", "500");
    Setup s = new Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));
    // The first run holds at position 5 until the member has been removed, then crawls (25 ms a
    // row) until the runtime has seen the loss, so the job is certainly still running when its
    // partitions go: a free-running scripted job finishes its 59 remaining steps in milliseconds,
    // before any heartbeat, and would complete as attempt 1 instead.
    java.util.concurrent.CountDownLatch removed = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<WorkerRuntime> self =
        new java.util.concurrent.atomic.AtomicReference<>();
    ScriptedModel.Script peaked = ScriptedModel.peakedExcept(3);
    WorkerRuntime runtime =
        new WorkerRuntime(
            s.config(),
            new ScriptedModel(
                4,
                8,
                16,
                (slot, prompt, pos, v) -> {
                  try {
                    if (pos == 5) {
                      removed.await(60, TimeUnit.SECONDS);
                    }
                    if (pos >= 5
                        && removed.getCount() == 0
                        && self.get().metrics().partitionsLost() == 0) {
                      Thread.sleep(25);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return peaked.logits(slot, prompt, pos, v);
                }));
    self.set(runtime);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      s.submit("j-removed-001", "bon", 4);
      s.events(es -> count(es, EventType.JOB_STARTED) >= 1);
      // What a broker restart or an expired session does to a member: the group forgets it. The
      // worker must notice, drop the job it can no longer commit, rejoin, and get it back.
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin
            .removeMembersFromConsumerGroup(
                s.config().consumerGroup(), new RemoveMembersFromConsumerGroupOptions())
            .all()
            .get(30, TimeUnit.SECONDS);
      } finally {
        removed.countDown();
      }
      List<CloudEvent> events = s.events(es -> count(es, EventType.JOB_COMPLETED) >= 1);
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
                  .map(e -> WireEvents.data(e, JobStarted.class).attempt()))
          .containsExactly(1, 2);
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getId))
          .containsExactly("j-removed-001/completed");
      assertThat(runtime.live()).isTrue();
      assertThat(runtime.metrics().partitionsLost()).isEqualTo(2);
      // and it is a member again, taking new work
      s.submit("j-removed-002", "base", 1);
      s.events(
          es ->
              es.stream()
                  .anyMatch(
                      e ->
                          e.getType().equals(EventType.JOB_COMPLETED.type())
                              && e.getSubject().equals("j-removed-002")));
    } finally {
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }

  static byte[] get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  @Test
  void aWorkerServingTwoModelsRunsEachJobOnItsOwnModel(TestKafka kafka, TestS3 s3)
      throws Exception {
    Setup base = Setup.of(kafka, s3, 4);
    Map<String, String> env = new java.util.HashMap<>(base.env());
    env.put("SCALINGAR_MODEL", "shapes-v1,shapes-v2");
    String template = "two-" + System.nanoTime() + ".jobs.{model}.v1";
    env.put("SCALINGAR_JOBS_TOPIC", template);
    kafka.createTopics(
        List.of(
            new org.apache.kafka.clients.admin.NewTopic(
                Topics.jobs(template, "shapes-v1"), 2, (short) 1),
            new org.apache.kafka.clients.admin.NewTopic(
                Topics.jobs(template, "shapes-v2"), 2, (short) 1)));
    Setup s = new Setup(kafka, s3, Map.copyOf(env), WorkerConfig.from(env));
    // Two models with different image sizes: a job's total steps say which one ran it.
    List<ServedModel> models =
        List.of(
            new ServedModel(
                "shapes-v1",
                new ScriptedModel(4, 8, 16, ScriptedModel.peakedExcept()),
                ServedSampler.PAPER),
            new ServedModel(
                "shapes-v2",
                new ScriptedModel(4, 4, 16, ScriptedModel.peakedExcept()),
                ServedSampler.PAPER));
    for (String model : List.of("shapes-v1", "shapes-v2", "shapes-v9")) {
      String jobId = "j-" + model.replace('.', '-') + "-0";
      JobSpec spec =
          JobSpec.create(
              "a red square", 2, null, 1L, model, null, null, null, null, null, null, null);
      // Each job on its model's topic; the shapes-v9 record on shapes-v1's, as a misrouted record
      // would be.
      s.send(
          Topics.jobs(template, model.equals("shapes-v9") ? "shapes-v1" : model),
          jobId,
          null,
          WireEvents.envelope(
              WireEvents.eventId(jobId, EventType.JOB_REQUESTED),
              URI.create("/test"),
              new JobRequest(jobId, "acme", Instant.now(), spec)));
    }
    WorkerRuntime runtime = new WorkerRuntime(s.config(), models);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      List<CloudEvent> events = s.events(terminal(3));
      Map<String, Integer> steps = new java.util.HashMap<>();
      events.stream()
          .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
          .map(e -> WireEvents.data(e, dev.scalingar.schemas.events.JobStarted.class))
          .forEach(st -> steps.put(st.jobId(), st.totalSteps()));
      assertThat(steps)
          .containsEntry("j-shapes-v1-0", 64)
          .containsEntry("j-shapes-v2-0", 16)
          .doesNotContainKey("j-shapes-v9-0");
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_COMPLETED.type()))
                  .map(CloudEvent::getSubject))
          .containsExactlyInAnyOrder("j-shapes-v1-0", "j-shapes-v2-0");
      JobFailed failed =
          events.stream()
              .filter(e -> e.getType().equals(EventType.JOB_FAILED.type()))
              .map(e -> WireEvents.data(e, JobFailed.class))
              .findFirst()
              .orElseThrow();
      assertThat(failed.reason()).isEqualTo(JobFailed.Reason.UNKNOWN_MODEL);
      assertThat(failed.message()).contains("shapes-v9").contains("shapes-v1, shapes-v2");
    } finally {
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }

  /**
   * Poison (issue 21): the job's logits are NaN on every run. It runs as attempts 1, 2 and 3
   * (SCALINGAR_MAX_ATTEMPTS), then fails as internal, is dead-lettered with its reason, and the
   * worker goes on.
   */
  @Test
  void aJobWhoseLogitsAreNaNFailsAsInternalAfterItsAttemptsAndTheWorkerGoesOn(
      TestKafka kafka, TestS3 s3) throws Exception {
    Setup s = Setup.of(kafka, s3, 2);
    // Every row of slot 0 turns NaN at position 5: the first job (one trajectory, slot 0) breaks.
    boolean[] poisoned = {true};
    ScriptedModel model =
        new ScriptedModel(
            2,
            8,
            16,
            (slot, prompt, pos, v) -> {
              float[] l = new float[v];
              l[(slot + pos) % v] = 6f;
              if (poisoned[0] && slot == 0 && pos >= 5) {
                java.util.Arrays.fill(l, Float.NaN);
              }
              return l;
            });
    s.submit("j-nan-00001", "base", 1);
    WorkerRuntime runtime = new WorkerRuntime(s.config(), model);
    CompletableFuture<Void> loop = CompletableFuture.runAsync(runtime::run);
    try {
      JobFailed failed =
          WireEvents.data(
              s.events(terminal(1)).stream()
                  .filter(e -> e.getType().equals(EventType.JOB_FAILED.type()))
                  .findFirst()
                  .orElseThrow(),
              JobFailed.class);
      assertThat(failed.jobId()).isEqualTo("j-nan-00001");
      assertThat(failed.reason()).isEqualTo(JobFailed.Reason.INTERNAL);
      assertThat(failed.retryable()).isFalse();
      assertThat(failed.message())
          .startsWith("gave up after 3 of 3 attempts: sampling failed at step ");
      List<CloudEvent> events = s.events(terminal(1));
      assertThat(
              events.stream()
                  .filter(e -> e.getType().equals(EventType.JOB_STARTED.type()))
                  .map(e -> WireEvents.data(e, JobStarted.class).attempt()))
          .containsExactly(1, 2, 3);
      var dead = kafka.read(s.config().dlqTopic(), 1, WAIT);
      assertThat(dead)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.key()).isEqualTo("j-nan-00001");
                assertThat(
                        new String(
                            r.headers().lastHeader(DeadLetters.REASON).value(),
                            StandardCharsets.UTF_8))
                    .isEqualTo("internal");
                assertThat(
                        new String(
                            r.headers().lastHeader(DeadLetters.DETAIL).value(),
                            StandardCharsets.UTF_8))
                    .contains("NaN");
              });
      poisoned[0] = false;
      s.submit("j-after-0001", "base", 2);
      s.events(
          es ->
              es.stream()
                  .anyMatch(
                      e ->
                          e.getType().equals(EventType.JOB_COMPLETED.type())
                              && e.getSubject().equals("j-after-0001")));
      assertThat(runtime.live()).isTrue();
    } finally {
      runtime.drain();
      loop.join();
      runtime.close();
    }
  }
}

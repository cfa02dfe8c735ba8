package dev.scalingar.gateway.kafka;

import dev.scalingar.gateway.fleet.FleetView;
import dev.scalingar.gateway.submit.JobIds;
import dev.scalingar.gateway.view.JobView;
import dev.scalingar.schemas.EventType;
import dev.scalingar.schemas.JobRequest;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import dev.scalingar.schemas.WireEvents;
import dev.scalingar.schemas.WireFormatException;
import dev.scalingar.schemas.events.JobEvent;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Feeds a {@link JobView} from the jobs topics of the models it accepts (scalingar.jobs.{model}.v1)
 * and scalingar.events.v1: one plain consumer, assigned every partition of both topics and reading
 * from offset 0 (worker heartbeats on the events topic go to the {@link FleetView}), with no
 * consumer group (every gateway replica needs every record, and nothing is committed because the
 * view is rebuilt on each start). Runs on its own thread; a record that is not a valid CloudEvent
 * of ours is counted and skipped, never a reason to stop.
 */
public final class ViewFeed implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ViewFeed.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final JobView view;
  private final FleetView fleet;
  private final Thread thread;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private volatile boolean running = true;
  private volatile boolean started;
  private volatile Instant lastPoll = Instant.now();
  private volatile String state = "starting";

  private final List<String> topics;

  /**
   * @param models the models this gateway accepts jobs for: their jobs topics are read with the
   *     events topic
   */
  public ViewFeed(KafkaConnection connection, JobView view, FleetView fleet, List<String> models) {
    List<String> t = new ArrayList<>();
    models.forEach(m -> t.add(Topics.jobs(m)));
    t.add(Topics.EVENTS);
    this.topics = List.copyOf(t);
    this.view = view;
    this.fleet = fleet;
    Map<String, Object> c = connection.clientConfig();
    c.putAll(
        Map.of(
            ConsumerConfig.CLIENT_ID_CONFIG,
            "scalingar-gateway-view",
            // assign(), not subscribe(): no group, no rebalances, no commits; the view starts from
            // 0 each time
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            // replay is the bulk of the work after a restart: large polls keep it short
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            5000,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            // raw bytes: WireEvents.fromKafka parses them, so a poison record is a counted skip,
            // not a poll failure
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class));
    this.consumer = new KafkaConsumer<>(c);
    this.thread = new Thread(this::run, "scalingar-view-feed");
    this.thread.setDaemon(true);
  }

  public ViewFeed start() {
    started = true;
    thread.start();
    return this;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = awaitPartitions();
      if (partitions.isEmpty()) {
        return;
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      state = "replaying";
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        lastPoll = Instant.now();
        for (ConsumerRecord<String, byte[]> r : records) {
          handle(r);
        }
        if (!view.caughtUp() && reached(end)) {
          view.markCaughtUp();
          state = "live";
          LOG.infof(
              "job-status view rebuilt: %d jobs from %d records",
              view.size(), applied.get() + skipped.get());
        }
      }
    } catch (WakeupException e) {
      // close() woke the poll: normal shutdown
    } catch (RuntimeException e) {
      state = "failed: " + e;
      LOG.error("the job-status view feed stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /**
   * Every topic's partitions, waiting while the topics do not exist yet (the stack creates them).
   */
  private List<TopicPartition> awaitPartitions() {
    long backoffMillis = 100;
    while (running) {
      List<TopicPartition> all = new ArrayList<>();
      try {
        for (String topic : topics) {
          List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
          if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet");
          }
          infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        return all;
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        state = "waiting for topics: " + e.getMessage();
        lastPoll = Instant.now();
        LOG.debugf("view feed waiting: %s", e.getMessage());
      }
      try {
        Thread.sleep(backoffMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
      backoffMillis = Math.min(2000, backoffMillis * 2);
    }
    return List.of();
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void handle(ConsumerRecord<String, byte[]> r) {
    try {
      CloudEvent ce = WireEvents.fromKafka(r.topic(), r.headers(), r.value());
      Optional<EventType> type = EventType.fromType(ce.getType());
      if (type.isPresent() && type.get() == EventType.WORKER_HEARTBEAT) {
        fleet.onHeartbeat(WireEvents.data(ce, WorkerHeartbeat.class), time(ce, r));
        applied.incrementAndGet();
        return;
      }
      String jobId = r.key() != null ? r.key() : ce.getSubject();
      // an event type from a newer producer (v1 grows additively): not ours to interpret yet
      if (type.isEmpty() || jobId == null || !view.needs(jobId, ce.getId(), type.get())) {
        skipped.incrementAndGet();
        return;
      }
      Instant time = time(ce, r);
      Object data = WireEvents.data(ce);
      if (data instanceof JobRequest request) {
        Object digest = ce.getExtension(JobIds.DIGEST_EXTENSION);
        view.applyRequest(request, digest == null ? null : digest.toString(), time);
      } else if (data instanceof JobEvent event) {
        view.applyEvent(ce.getId(), time, event, type.get());
        fleet.onJobEvent(event, time, Instant.now());
      } else {
        skipped.incrementAndGet();
        return;
      }
      applied.incrementAndGet();
    } catch (WireFormatException e) {
      invalid.incrementAndGet();
      LOG.warnf(
          "skipping invalid record %s-%d@%d: %s",
          r.topic(), r.partition(), r.offset(), e.getMessage());
    } catch (RuntimeException e) {
      invalid.incrementAndGet();
      LOG.errorf(e, "could not apply record %s-%d@%d", r.topic(), r.partition(), r.offset());
    }
  }

  private static Instant time(CloudEvent ce, ConsumerRecord<String, byte[]> r) {
    return ce.getTime() == null ? Instant.ofEpochMilli(r.timestamp()) : ce.getTime().toInstant();
  }

  public long applied() {
    return applied.get();
  }

  public long skipped() {
    return skipped.get();
  }

  public long invalid() {
    return invalid.get();
  }

  /** Alive: the thread runs and has polled (or retried) recently. */
  public boolean alive() {
    return thread.isAlive()
        && Duration.between(lastPoll, Instant.now()).compareTo(Duration.ofSeconds(30)) < 0;
  }

  public String state() {
    return state;
  }

  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    if (!started) {
      consumer.close(Duration.ZERO);
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

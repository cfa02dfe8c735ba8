package dev.scalingar.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.testing.RealInfra;
import dev.scalingar.testing.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * How soon a replacement gets the partitions of a worker killed with SIGKILL (no LeaveGroup: the
 * group only notices when the dead member's session expires). The dead member is a consumer with
 * the worker's group settings in a child JVM, killed by {@code destroyForcibly}; the replacement is
 * in this JVM. Asserts only the outcome (the replacement gets every partition); the time it took is
 * printed, and worker/README.md ("Takeover after a crash") quotes it.
 *
 * <p>By default it measures the worker's defaults. {@code
 * -Dtakeover.settings=45000/3000,10000/3000,6000/2000,static} measures several (session/heartbeat
 * ms; {@code static}: the defaults with a group.instance.id the replacement reuses).
 */
@RealInfra
class TakeoverTest {

  static final String READY = "ASSIGNED";

  @Test
  void aReplacementGetsTheDeadWorkersPartitions(TestKafka kafka) throws Exception {
    String topic = kafka.topic("takeover", 4);
    String settings = System.getProperty("takeover.settings", "default");
    for (String s : settings.split(",")) {
      GroupMembership group = membership(s.trim());
      String groupId = "takeover-" + s.trim().replace('/', '-') + "-" + System.nanoTime();
      Duration took = takeover(kafka.bootstrapServers(), topic, groupId, group);
      System.out.printf(
          "[takeover] %s (session %d ms, heartbeat %d ms%s): replacement had all 4 partitions %.1f s after SIGKILL%n",
          s.trim(),
          group.sessionTimeout().toMillis(),
          group.heartbeatInterval().toMillis(),
          group.instanceId().map(id -> ", static member " + id).orElse(""),
          took.toMillis() / 1000.0);
    }
  }

  static GroupMembership membership(String s) {
    GroupMembership d = GroupMembership.DEFAULTS;
    return switch (s) {
      case "default" -> d;
      case "static" ->
          new GroupMembership(
              d.sessionTimeout(),
              d.heartbeatInterval(),
              d.maxPollInterval(),
              Optional.of("worker-a"));
      default -> {
        String[] p = s.split("/");
        yield new GroupMembership(
            Duration.ofMillis(Long.parseLong(p[0])),
            Duration.ofMillis(Long.parseLong(p[1])),
            d.maxPollInterval(),
            Optional.empty());
      }
    };
  }

  static Map<String, Object> consumerConfig(
      String bootstrap, String group, GroupMembership membership) {
    Map<String, Object> c = new HashMap<>(membership.consumerProperties());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return c;
  }

  private static Duration takeover(
      String bootstrap, String topic, String group, GroupMembership membership) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                Member.class.getName(),
                bootstrap,
                topic,
                group,
                Long.toString(membership.sessionTimeout().toMillis()),
                Long.toString(membership.heartbeatInterval().toMillis()),
                membership.instanceId().orElse("-")));
    Process member = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      awaitLine(member, READY, Duration.ofSeconds(60));
      try (KafkaConsumer<String, byte[]> replacement =
          new KafkaConsumer<>(
              consumerConfig(bootstrap, group, membership),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        replacement.subscribe(List.of(topic));
        if (membership.instanceId().isEmpty()) {
          // a dynamic replacement joins while the member lives, as a new pod would: it gets a share
          long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (replacement.assignment().isEmpty() && System.nanoTime() < until) {
            replacement.poll(Duration.ofMillis(100));
          }
          assertThat(replacement.assignment())
              .as("the replacement's share while the member lives")
              .isNotEmpty();
        }
        member.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        // a static replacement reuses the dead member's id: it starts after the kill, as a
        // restarted pod would
        long deadline =
            killed + membership.sessionTimeout().multipliedBy(3).plusSeconds(30).toNanos();
        while (replacement.assignment().size() < 4) {
          assertThat(System.nanoTime()).as("replacement has every partition").isLessThan(deadline);
          replacement.poll(Duration.ofMillis(50));
        }
        return Duration.ofNanos(System.nanoTime() - killed);
      }
    } finally {
      member.destroyForcibly();
    }
  }

  private static void awaitLine(Process p, String prefix, Duration timeout) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        // keep draining the child's output so it never blocks on a full pipe
        Thread drain = new Thread(() -> out.lines().forEach(l -> {}), "member-output");
        drain.setDaemon(true);
        drain.start();
        return;
      }
      assertThat(System.nanoTime()).as("member ready").isLessThan(deadline);
    }
    throw new AssertionError(
        "the member exited before it was assigned partitions (exit " + p.waitFor() + ")");
  }

  /** The member that dies: polls until killed, and says when it holds partitions. */
  public static final class Member {
    public static void main(String[] args) {
      Optional<String> instance = args[5].equals("-") ? Optional.empty() : Optional.of(args[5]);
      GroupMembership m =
          new GroupMembership(
              Duration.ofMillis(Long.parseLong(args[3])),
              Duration.ofMillis(Long.parseLong(args[4])),
              GroupMembership.DEFAULTS.maxPollInterval(),
              instance);
      try (KafkaConsumer<String, byte[]> c =
          new KafkaConsumer<>(
              consumerConfig(args[0], args[2], m),
              new StringDeserializer(),
              new ByteArrayDeserializer())) {
        c.subscribe(List.of(args[1]));
        boolean said = false;
        while (true) {
          c.poll(Duration.ofMillis(100));
          if (!said && !c.assignment().isEmpty()) {
            System.out.println(READY + " " + c.assignment().size());
            System.out.flush();
            said = true;
          }
        }
      }
    }
  }
}

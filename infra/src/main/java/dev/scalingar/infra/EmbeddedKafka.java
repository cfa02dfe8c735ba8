package dev.scalingar.infra;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker + controller), bound to loopback.
 * It runs in the calling JVM; {@link LocalStack} runs the same class in a child JVM for the
 * embedded stack, so tests and the demo exercise one broker setup.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** The SASL mechanism of {@link #startWithScramListener}: what Strimzi's KafkaUsers use. */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  private final EmbeddedKafkaBroker broker;
  private final String bootstrapServers;
  private final String scramBootstrapServers;

  private EmbeddedKafka(
      EmbeddedKafkaBroker broker, String bootstrapServers, String scramBootstrapServers) {
    this.broker = broker;
    this.bootstrapServers = bootstrapServers;
    this.scramBootstrapServers = scramBootstrapServers;
  }

  /**
   * Starts a broker on {@code port} whose log data lives in {@code dataDir} and is kept on close,
   * so a broker started again on the same folder and port comes back with every topic, record,
   * committed offset and group (the local stack's broker, under {@code .scalingar/}). The folder is
   * formatted on first use; its cluster id is read back from {@code meta.properties} afterwards.
   * Only a broker of this class's settings should use a given folder.
   */
  public static EmbeddedKafka startPersistent(int port, Path dataDir) {
    if (port <= 0) {
      throw new IllegalArgumentException(
          "a broker that keeps its data needs a fixed port: clients come back to the same address");
    }
    Path logDir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker's data folder " + logDir, e);
    }
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaHost(Loopback.HOST)
            .withKafkaPort(port)
            .withDeleteLogDirsOnClose(false)
            .withAdditionalProperties(
                p -> {
                  singleNodeDefaults(p);
                  p.put("log.dir", logDir.toString());
                });
    // The formatter leaves a formatted folder alone; passing its own id keeps the two in agreement.
    clusterIdOf(logDir).ifPresent(broker::withClusterId);
    broker.start();
    return new EmbeddedKafka(
        broker, broker.getAdvertisedListeners().replaceAll("^[A-Z_]+://", ""), null);
  }

  /** The cluster id a formatted log folder was formatted with. */
  static Optional<String> clusterIdOf(Path logDir) {
    Path meta = logDir.resolve("meta.properties");
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
    return Optional.ofNullable(p.getProperty("cluster.id"));
  }

  /** Starts a broker on {@code port} (0: a free port), with topics' log data deleted on close. */
  public static EmbeddedKafka start(int port) {
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaHost(Loopback.HOST)
            .withDeleteLogDirsOnClose(true)
            .withAdditionalProperties(EmbeddedKafka::singleNodeDefaults);
    if (port > 0) {
      broker.withKafkaPort(port);
    }
    broker.start();
    return new EmbeddedKafka(
        broker, broker.getAdvertisedListeners().replaceAll("^[A-Z_]+://", ""), null);
  }

  /**
   * A broker with a second listener that requires SASL SCRAM-SHA-512 login, and one user on it: to
   * test that clients carry their security settings (the production cluster's TLS listener takes
   * the same SASL login). The plaintext listener stays, for setting up topics and users.
   */
  public static EmbeddedKafka startWithScramListener(String user, String password) {
    int plainPort = Loopback.freePort();
    int scramPort = Loopback.freePort();
    EmbeddedKafkaBroker broker =
        new EmbeddedKafkaBroker()
            .withNodeId(0)
            .withKafkaHost(Loopback.HOST)
            .withKafkaPort(plainPort)
            .withDeleteLogDirsOnClose(true)
            .withAdvertisedListeners(
                EmbeddedKafkaBroker.endpoint(
                    "PLAINTEXT", SecurityProtocol.PLAINTEXT, Loopback.HOST, plainPort),
                EmbeddedKafkaBroker.endpoint(
                    "SASL_PLAINTEXT", SecurityProtocol.SASL_PLAINTEXT, Loopback.HOST, scramPort))
            .withAdditionalProperties(
                p -> {
                  singleNodeDefaults(p);
                  // advertised listeners are bound on every interface by default: keep them on
                  // loopback
                  p.put(
                      "listeners",
                      p.getProperty("listeners").replace("://:", "://" + Loopback.HOST + ":"));
                  p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
                  p.put(
                      "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                      ScramLoginModule.class.getName() + " required;");
                });
    broker.start();
    EmbeddedKafka kafka =
        new EmbeddedKafka(broker, Loopback.HOST + ":" + plainPort, Loopback.HOST + ":" + scramPort);
    try {
      kafka.addScramUser(user, password);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    return kafka;
  }

  /**
   * {@code host:port} of the SCRAM listener; only for a broker from {@link
   * #startWithScramListener}.
   */
  public String scramBootstrapServers() {
    if (scramBootstrapServers == null) {
      throw new IllegalStateException("this broker has no SCRAM listener");
    }
    return scramBootstrapServers;
  }

  /** Client properties that log in as {@code user} on the SCRAM listener. */
  public static Map<String, String> scramClientProperties(String user, String password) {
    return Map.of(
        "security.protocol",
        SecurityProtocol.SASL_PLAINTEXT.name,
        "sasl.mechanism",
        SCRAM_MECHANISM,
        "sasl.jaas.config",
        ScramLoginModule.class.getName()
            + " required username=\""
            + user
            + "\" password=\""
            + password
            + "\";");
  }

  /**
   * Creates the user, then waits until it can log in (credentials reach the listener through the
   * metadata log).
   */
  private void addScramUser(String user, String password) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding a SCRAM user", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot add SCRAM user " + user + ": " + e.getCause().getMessage(), e);
    }
    Map<String, Object> login = new HashMap<>(scramClientProperties(user, password));
    login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, scramBootstrapServers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Admin admin = Admin.create(login)) {
        admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "SCRAM user " + user + " cannot log in: " + e.getMessage(), e);
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a SCRAM login", e);
        }
      }
      try {
        Thread.sleep(200); // a refused login fails fast: do not spin up admin clients back to back
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a SCRAM login", e);
      }
    }
  }

  // A one-node cluster: internal topics with replication 1, no rebalance delay (a group's first
  // join would otherwise wait 3 s), and no auto-created topics (we create them with their
  // partition counts; auto-creation also gives LEADER_NOT_AVAILABLE noise).
  private static void singleNodeDefaults(Properties p) {
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "3");
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the topics that do not exist yet, and waits until the broker has them. */
  public void createTopics(Collection<NewTopic> topics) {
    createTopics(bootstrapServers, topics);
  }

  public void createTopic(String name, int partitions) {
    createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
  }

  /** Idempotent topic creation against any cluster (used by the stack and by tests). */
  public static void createTopics(String bootstrapServers, Collection<NewTopic> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (var entry : admin.createTopics(topics).values().entrySet()) {
        try {
          entry.getValue().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    broker.close();
  }
}

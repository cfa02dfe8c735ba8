package dev.scalingar.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the worker's jobs consumer takes part in its group: how soon a dead worker's partitions go to
 * another one, and whether it is a static member. Measured figures behind the defaults are in
 * worker/README.md ("Takeover after a crash").
 *
 * @param sessionTimeout SCALINGAR_GROUP_SESSION_TIMEOUT_MS (10000): how long the group waits for a
 *     member that stopped heartbeating (kill -9, a lost node) before its partitions move; this is
 *     what a replacement waits. Kafka's default of 45 s made the replacement wait 38–45 s. The
 *     broker refuses values under its {@code group.min.session.timeout.ms} (6000 by default)
 * @param heartbeatInterval SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS (3000): heartbeats come from the
 *     client's background thread, so a long model step does not delay them; a third of the session,
 *     as Kafka advises, so one lost heartbeat is not an expiry
 * @param maxPollInterval SCALINGAR_MAX_POLL_INTERVAL_MS (300000, Kafka's default): the loop polls
 *     every turn (partitions paused when full), so only a single step longer than this makes the
 *     member leave the group; it then rejoins and its jobs are redelivered
 * @param instanceId SCALINGAR_GROUP_INSTANCE_ID (none): static membership; a member that comes back
 *     with the same id within the session gets its partitions back without a rebalance. Only for
 *     workers with stable identities (a StatefulSet's pod name); two live workers with one id fence
 *     each other. On SIGTERM a static member still leaves the group explicitly, so a drain hands
 *     its partitions over at once
 */
public record GroupMembership(
    Duration sessionTimeout,
    Duration heartbeatInterval,
    Duration maxPollInterval,
    Optional<String> instanceId) {

  public static final GroupMembership DEFAULTS =
      new GroupMembership(
          Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMinutes(5), Optional.empty());

  public GroupMembership {
    if (sessionTimeout.isNegative()
        || sessionTimeout.isZero()
        || heartbeatInterval.isNegative()
        || heartbeatInterval.isZero()
        || heartbeatInterval.compareTo(sessionTimeout) >= 0
        || maxPollInterval.isNegative()
        || maxPollInterval.isZero()) {
      throw new IllegalArgumentException(
          "SCALINGAR_GROUP_HEARTBEAT_INTERVAL_MS must be positive and below "
              + "SCALINGAR_GROUP_SESSION_TIMEOUT_MS, and SCALINGAR_MAX_POLL_INTERVAL_MS positive");
    }
    instanceId = instanceId.filter(id -> !id.isBlank());
  }

  /** The consumer properties these settings are. */
  public Map<String, Object> consumerProperties() {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeatInterval.toMillis());
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
    instanceId.ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    return p;
  }
}

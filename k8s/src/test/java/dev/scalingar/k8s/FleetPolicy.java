package dev.scalingar.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.schemas.KafkaConnection;
import dev.scalingar.schemas.Topics;
import dev.scalingar.worker.WorkerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The fleet's rules, checked on rendered manifests. Each violation is one line naming the object
 * ({@code Kind/name}) and the field ({@code spec.template.spec.containers[worker].readinessProbe}).
 *
 * <p>The worker's side is read from the worker itself: {@link WorkerConfig#from} is given the
 * literal env values of the worker Deployment's container, so the consumer group, topic, drain time
 * and row capacity are exactly what that pod will run with (its defaults included).
 */
final class FleetPolicy {

  /** The workload kinds whose pod templates are checked. */
  static final Set<String> WORKLOADS =
      Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob");

  /**
   * Run-to-completion kinds: exempt from the probe rule (a probe has nothing to say about a
   * one-shot).
   */
  static final Set<String> RUN_TO_COMPLETION = Set.of("Job", "CronJob");

  static final String WORKER = "scalingar-worker";
  static final String GATEWAY = "scalingar-gateway";

  /** The job size the autoscaler is sized for: the job spec's default n (api-gateway/README.md). */
  static final int DESIGN_N = 8;

  static final long THIRTY_DAYS_MS = 30L * 24 * 3600 * 1000;

  private final List<K8sObject> objects;
  private final List<String> violations = new ArrayList<>();

  private FleetPolicy(List<K8sObject> objects) {
    this.objects = objects;
  }

  /** Every violation, in a stable order; empty when the manifests are fine. */
  static List<String> check(List<K8sObject> objects) {
    FleetPolicy p = new FleetPolicy(objects);
    p.workloads();
    p.noSecretsInGit();
    Optional<WorkerConfig> worker = p.workerConfig();
    p.topics(worker.map(WorkerConfig::models).orElse(List.of()));
    worker.ifPresent(
        cfg -> {
          p.worker(cfg);
          p.scaledObject(cfg);
          p.workerKafkaUser(cfg);
        });
    p.gateway();
    p.kafkaLogins();
    p.networkPolicies();
    return List.copyOf(p.violations);
  }

  private void fail(K8sObject o, String field, String message) {
    violations.add(o.id() + ": " + field + ": " + message);
  }

  private Optional<K8sObject> find(String kind, String name) {
    return objects.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst();
  }

  private List<K8sObject> all(String kind) {
    return objects.stream().filter(o -> o.kind().equals(kind)).toList();
  }

  static String podSpecPath(String kind) {
    return kind.equals("CronJob") ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
  }

  // ---- every workload: resources, probes, non-root, read-only root, dropped capabilities, pinned
  // images

  private void workloads() {
    for (K8sObject o : objects) {
      if (!WORKLOADS.contains(o.kind())) {
        continue;
      }
      String specPath = podSpecPath(o.kind());
      JsonNode pod = o.at(specPath);
      if (pod.isMissingNode()) {
        fail(o, specPath, "missing pod spec");
        continue;
      }
      JsonNode podSec = pod.path("securityContext");
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode c : pod.path(list)) {
          String f = specPath + "." + list + "[" + c.path("name").asText("?") + "]";
          container(
              o, f, c, podSec, !RUN_TO_COMPLETION.contains(o.kind()) && list.equals("containers"));
        }
      }
      if (pod.path("containers").isEmpty()) {
        fail(o, specPath + ".containers", "no containers");
      }
    }
  }

  private void container(K8sObject o, String f, JsonNode c, JsonNode podSec, boolean needsProbes) {
    JsonNode res = c.path("resources");
    for (String r : List.of("cpu", "memory")) {
      if (res.path("requests").path(r).isMissingNode()) {
        fail(o, f + ".resources.requests." + r, "missing");
      }
    }
    if (res.path("limits").path("memory").isMissingNode()) {
      fail(o, f + ".resources.limits.memory", "missing");
    }
    if (needsProbes) {
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        if (c.path(probe).isMissingNode()) {
          fail(o, f + "." + probe, "missing");
        }
      }
    }
    JsonNode sec = c.path("securityContext");
    if (!(sec.path("runAsNonRoot").asBoolean(false)
        || podSec.path("runAsNonRoot").asBoolean(false))) {
      fail(
          o,
          f + ".securityContext.runAsNonRoot",
          "must be true (here or in the pod's securityContext)");
    }
    if (sec.path("runAsUser").asInt(-1) == 0
        || (sec.path("runAsUser").isMissingNode() && podSec.path("runAsUser").asInt(-1) == 0)) {
      fail(o, f + ".securityContext.runAsUser", "must not be 0 (root)");
    }
    if (!sec.path("readOnlyRootFilesystem").asBoolean(false)) {
      fail(o, f + ".securityContext.readOnlyRootFilesystem", "must be true");
    }
    if (!sec.path("allowPrivilegeEscalation").isBoolean()
        || sec.path("allowPrivilegeEscalation").asBoolean()) {
      fail(o, f + ".securityContext.allowPrivilegeEscalation", "must be false");
    }
    Set<String> dropped = new TreeSet<>();
    sec.path("capabilities").path("drop").forEach(d -> dropped.add(d.asText()));
    if (!dropped.contains("ALL")) {
      fail(o, f + ".securityContext.capabilities.drop", "must contain ALL");
    }
    if (!sec.path("capabilities").path("add").isEmpty()) {
      fail(o, f + ".securityContext.capabilities.add", "must be empty");
    }
    String seccomp =
        sec.path("seccompProfile")
            .path("type")
            .asText(podSec.path("seccompProfile").path("type").asText(""));
    if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
      fail(
          o,
          f + ".securityContext.seccompProfile.type",
          "must be RuntimeDefault (here or in the pod's securityContext)");
    }
    String image = c.path("image").asText("");
    imagePinned(o, f + ".image", image);
  }

  private void imagePinned(K8sObject o, String field, String image) {
    if (image.isEmpty()) {
      fail(o, field, "missing");
      return;
    }
    if (image.contains("@sha256:")) {
      return;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      fail(o, field, "'" + image + "' has no tag: pin a version");
    } else if (image.substring(colon + 1).equals("latest")) {
      fail(o, field, "'" + image + "' uses the tag latest: pin a version");
    }
  }

  private void noSecretsInGit() {
    for (K8sObject o : all("Secret")) {
      fail(o, "kind", "Secrets are not committed: create them with k8s/bin/make-secrets");
    }
  }

  // ---- Kafka topics: a jobs topic per served model and the shared three, with partitions,
  // replicas, retention

  private void topics(List<String> models) {
    List<String> expectedTopics = Topics.all(models);
    List<K8sObject> topics = all("KafkaTopic");
    Set<String> names = new LinkedHashSet<>();
    for (K8sObject t : topics) {
      String name = t.at("spec.topicName").asText(t.name());
      names.add(name);
      if (!expectedTopics.contains(name)) {
        fail(
            t,
            "metadata.name",
            "'"
                + name
                + "' is not a topic of dev.scalingar.schemas.Topics for models "
                + models
                + " "
                + expectedTopics);
      }
      if (t.at("spec.partitions").asInt(0) < 1) {
        fail(t, "spec.partitions", "missing or < 1");
      }
      if (t.at("spec.replicas").asInt(0) < 1) {
        fail(t, "spec.replicas", "missing or < 1");
      }
      if (t.at("spec.config").path("retention.ms").isMissingNode()) {
        fail(t, "spec.config.retention.ms", "missing: say how long the topic keeps records");
      }
    }
    for (String expected : expectedTopics) {
      if (!names.contains(expected)) {
        violations.add(
            "KafkaTopic/"
                + expected
                + ": metadata.name: missing (a topic of dev.scalingar.schemas.Topics)");
      }
    }
    Optional<K8sObject> dlq = topic(Topics.JOBS_DLQ);
    for (String model : models) {
      Optional<K8sObject> jobs = topic(Topics.jobs(model));
      if (dlq.isPresent() && jobs.isPresent()) {
        long dlqMs = retention(dlq.get());
        if (dlqMs >= 0 && (dlqMs < THIRTY_DAYS_MS || dlqMs <= retention(jobs.get()))) {
          fail(
              dlq.get(),
              "spec.config.retention.ms",
              dlqMs
                  + " ms: the DLQ is kept long (>= 30 days and longer than the jobs topic "
                  + jobs.get().name()
                  + ")");
        }
      }
    }
  }

  private Optional<K8sObject> topic(String name) {
    return all("KafkaTopic").stream()
        .filter(t -> t.at("spec.topicName").asText(t.name()).equals(name))
        .findFirst();
  }

  private static long retention(K8sObject topic) {
    return topic.at("spec.config").path("retention.ms").asLong(0);
  }

  // ---- the worker: read its effective configuration, then check it against the manifests

  private Optional<WorkerConfig> workerConfig() {
    Optional<K8sObject> d = find("Deployment", WORKER);
    if (d.isEmpty()) {
      violations.add("Deployment/" + WORKER + ": metadata.name: missing");
      return Optional.empty();
    }
    Optional<JsonNode> c = workerContainer(d.get());
    if (c.isEmpty()) {
      fail(d.get(), "spec.template.spec.containers[worker]", "missing");
      return Optional.empty();
    }
    Map<String, String> env = literalEnv(c.get());
    env.putIfAbsent("SCALINGAR_WORKER_ID", "policy-check");
    try {
      return Optional.of(WorkerConfig.from(env));
    } catch (RuntimeException e) {
      fail(
          d.get(),
          "spec.template.spec.containers[worker].env",
          "the worker would refuse this configuration: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A container's environment as written in the manifests: its ConfigMaps' data, then its literal
   * env values.
   */
  private Map<String, String> literalEnv(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode ref : container.path("envFrom")) {
      find("ConfigMap", ref.path("configMapRef").path("name").asText())
          .ifPresent(
              m ->
                  m.at("data")
                      .fields()
                      .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
    }
    for (JsonNode e : container.path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return env;
  }

  private static Optional<JsonNode> workerContainer(K8sObject d) {
    for (JsonNode c : d.at("spec.template.spec.containers")) {
      if (c.path("name").asText().equals("worker")) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private void worker(WorkerConfig cfg) {
    K8sObject d = find("Deployment", WORKER).orElseThrow();
    JsonNode pod = d.at("spec.template.spec");
    JsonNode c = workerContainer(d).orElseThrow();
    String f = "spec.template.spec.containers[worker]";
    long drain = cfg.drainTimeout().toSeconds();
    JsonNode grace = pod.path("terminationGracePeriodSeconds");
    if (!grace.canConvertToLong() || grace.asLong() <= drain) {
      fail(
          d,
          "spec.template.spec.terminationGracePeriodSeconds",
          (grace.isMissingNode() ? "missing (default 30)" : grace.asText())
              + " must be > the worker's drain period, SCALINGAR_DRAIN_SECONDS = "
              + drain);
    }
    if (!cfg.device().equals("gpu")) {
      fail(
          d,
          f + ".env.SCALINGAR_DEVICE",
          "'" + cfg.device() + "': the fleet runs the CUDA flavour (gpu)");
    }
    for (String side : List.of("requests", "limits")) {
      if (c.path("resources").path(side).path("nvidia.com/gpu").asInt(0) != 1) {
        fail(d, f + ".resources." + side + ".nvidia.com/gpu", "must be 1");
      }
    }
    if (pod.path("nodeSelector").isEmpty()) {
      fail(d, "spec.template.spec.nodeSelector", "missing: schedule on GPU nodes");
    }
    boolean tolerates = false;
    for (JsonNode t : pod.path("tolerations")) {
      tolerates |= t.path("key").asText().equals("nvidia.com/gpu");
    }
    if (!tolerates) {
      fail(d, "spec.template.spec.tolerations", "missing a toleration for key nvidia.com/gpu");
    }
    JsonNode ready = c.path("readinessProbe").path("httpGet");
    if (!ready.path("path").asText().equals("/health/ready")) {
      fail(
          d,
          f + ".readinessProbe.httpGet.path",
          "must be /health/ready (ready only once the model is loaded)");
    }
    if (!portMatches(c, ready.path("port"), cfg.httpPort())) {
      fail(
          d,
          f + ".readinessProbe.httpGet.port",
          "must be the worker's SCALINGAR_HTTP_PORT " + cfg.httpPort());
    }
    if (c.path("lifecycle").path("preStop").isMissingNode()) {
      fail(d, f + ".lifecycle.preStop", "missing: start the drain before the pod is killed");
    }
    if (!cfg.jobsTopic().equals(Topics.JOBS_TEMPLATE)) {
      fail(
          d,
          f + ".env.SCALINGAR_JOBS_TOPIC",
          "'" + cfg.jobsTopic() + "' is not " + Topics.JOBS_TEMPLATE);
    }
    if (cfg.models().size() != 1) {
      fail(
          d,
          f + ".env.SCALINGAR_MODEL",
          cfg.models()
              + ": one model per worker Deployment, so each model's fleet scales on its own"
              + " jobs topic's lag");
    }
    if (find("PodDisruptionBudget", WORKER).isEmpty()) {
      violations.add("PodDisruptionBudget/" + WORKER + ": metadata.name: missing");
    }
    boolean scraped =
        find("PodMonitor", WORKER).isPresent()
            || d.at("spec.template.metadata.annotations")
                .path("prometheus.io/scrape")
                .asText()
                .equals("true");
    if (!scraped) {
      fail(
          d,
          "spec.template.metadata.annotations",
          "metrics are neither annotated (prometheus.io/scrape) nor scraped by a PodMonitor");
    }
  }

  private static boolean portMatches(JsonNode container, JsonNode port, int number) {
    if (port.isInt()) {
      return port.asInt() == number;
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(port.asText())) {
        return p.path("containerPort").asInt() == number;
      }
    }
    return false;
  }

  private void scaledObject(WorkerConfig cfg) {
    List<K8sObject> scaled =
        all("ScaledObject").stream()
            .filter(s -> s.at("spec.scaleTargetRef.name").asText().equals(WORKER))
            .toList();
    if (scaled.isEmpty()) {
      violations.add(
          "ScaledObject/"
              + WORKER
              + ": spec.scaleTargetRef: no ScaledObject scales Deployment/"
              + WORKER);
      return;
    }
    K8sObject s = scaled.get(0);
    int slots = cfg.rowCapacity() / 2;
    int expectedLag = Math.max(1, slots / DESIGN_N);
    boolean kafka = false;
    boolean pending = false;
    JsonNode triggers = s.at("spec.triggers");
    for (int i = 0; i < triggers.size(); i++) {
      JsonNode t = triggers.get(i);
      JsonNode m = t.path("metadata");
      String f = "spec.triggers[" + i + "].metadata";
      if (t.path("type").asText().equals("kafka")) {
        kafka = true;
        if (!m.path("topic").asText().equals(cfg.jobsTopics().get(0))) {
          fail(
              s,
              f + ".topic",
              "'"
                  + m.path("topic").asText()
                  + "' is not the worker's jobs topic '"
                  + cfg.jobsTopics().get(0)
                  + "'");
        }
        if (!m.path("consumerGroup").asText().equals(cfg.consumerGroup())) {
          fail(
              s,
              f + ".consumerGroup",
              "'"
                  + m.path("consumerGroup").asText()
                  + "' is not the worker's consumer group '"
                  + cfg.consumerGroup()
                  + "'");
        }
        if (!m.path("lagThreshold").asText().equals(Integer.toString(expectedLag))) {
          fail(
              s,
              f + ".lagThreshold",
              "'"
                  + m.path("lagThreshold").asText()
                  + "' must be slots / N = (SCALINGAR_ROW_CAPACITY "
                  + cfg.rowCapacity()
                  + " / 2) / "
                  + DESIGN_N
                  + " = "
                  + expectedLag);
        }
        if (m.path("allowIdleConsumers").asText("false").equals("true")) {
          fail(
              s,
              f + ".allowIdleConsumers",
              "must be false: a worker without a partition does nothing");
        }
      }
      if (t.path("type").asText().equals("prometheus")) {
        pending |= m.path("query").asText().contains("scalingar_pending_trajectory_steps");
        String ns = s.node().path("metadata").path("namespace").asText("");
        if (!ns.isEmpty()
            && m.path("query").asText().contains("namespace=")
            && !m.path("query").asText().contains("namespace=\"" + ns + "\"")) {
          fail(s, f + ".query", "selects another namespace than the ScaledObject's '" + ns + "'");
        }
      }
    }
    if (!kafka) {
      fail(s, "spec.triggers", "no kafka trigger on the jobs topic's consumer lag");
    }
    if (!pending) {
      fail(s, "spec.triggers", "no prometheus trigger on scalingar_pending_trajectory_steps");
    }
    JsonNode max = s.at("spec.maxReplicaCount");
    JsonNode min = s.at("spec.minReplicaCount");
    if (!max.isInt()) {
      fail(s, "spec.maxReplicaCount", "missing");
    } else {
      String jobsTopic = cfg.jobsTopics().get(0);
      topic(jobsTopic)
          .ifPresent(
              t -> {
                int partitions = t.at("spec.partitions").asInt();
                if (max.asInt() > partitions) {
                  fail(
                      s,
                      "spec.maxReplicaCount",
                      max.asInt()
                          + " > "
                          + partitions
                          + " partitions of "
                          + jobsTopic
                          + " (KafkaTopic/"
                          + t.name()
                          + "): extra workers would sit idle");
                }
              });
      if (min.isInt() && min.asInt() > max.asInt()) {
        fail(s, "spec.minReplicaCount", min.asInt() + " > maxReplicaCount " + max.asInt());
      }
    }
    if (!min.isInt()) {
      fail(s, "spec.minReplicaCount", "missing");
    }
    if (!s.at("spec.cooldownPeriod").isInt()) {
      fail(s, "spec.cooldownPeriod", "missing");
    }
  }

  private void workerKafkaUser(WorkerConfig cfg) {
    Optional<K8sObject> u = find("KafkaUser", WORKER);
    if (u.isEmpty()) {
      violations.add("KafkaUser/" + WORKER + ": metadata.name: missing");
      return;
    }
    Set<String> groups = new TreeSet<>();
    for (JsonNode acl : u.get().at("spec.authorization.acls")) {
      if (acl.path("resource").path("type").asText().equals("group")) {
        groups.add(acl.path("resource").path("name").asText());
      }
    }
    if (!groups.equals(Set.of(cfg.consumerGroup()))) {
      fail(
          u.get(),
          "spec.authorization.acls[type=group].resource.name",
          groups + " must be exactly the worker's consumer group [" + cfg.consumerGroup() + "]");
    }
  }

  // ---- the gateway: >= 2 replicas, HPA on CPU, PDB, probes on its health endpoints

  private void gateway() {
    Optional<K8sObject> d = find("Deployment", GATEWAY);
    if (d.isEmpty()) {
      violations.add("Deployment/" + GATEWAY + ": metadata.name: missing");
      return;
    }
    if (d.get().at("spec.replicas").asInt(1) < 2) {
      fail(d.get(), "spec.replicas", "must be >= 2");
    }
    for (JsonNode c : d.get().at("spec.template.spec.containers")) {
      String f = "spec.template.spec.containers[" + c.path("name").asText() + "]";
      if (!c.path("readinessProbe")
          .path("httpGet")
          .path("path")
          .asText()
          .equals("/q/health/ready")) {
        fail(d.get(), f + ".readinessProbe.httpGet.path", "must be /q/health/ready");
      }
      if (!c.path("livenessProbe").path("httpGet").path("path").asText().equals("/q/health/live")) {
        fail(d.get(), f + ".livenessProbe.httpGet.path", "must be /q/health/live");
      }
    }
    Optional<K8sObject> hpa =
        all("HorizontalPodAutoscaler").stream()
            .filter(h -> h.at("spec.scaleTargetRef.name").asText().equals(GATEWAY))
            .findFirst();
    if (hpa.isEmpty()) {
      violations.add(
          "HorizontalPodAutoscaler/"
              + GATEWAY
              + ": spec.scaleTargetRef: no HPA scales Deployment/"
              + GATEWAY);
    } else {
      if (hpa.get().at("spec.minReplicas").asInt(1) < 2) {
        fail(hpa.get(), "spec.minReplicas", "must be >= 2");
      }
      boolean cpu = false;
      for (JsonNode m : hpa.get().at("spec.metrics")) {
        cpu |= m.path("resource").path("name").asText().equals("cpu");
      }
      if (!cpu) {
        fail(hpa.get(), "spec.metrics", "no CPU metric");
      }
    }
    if (find("PodDisruptionBudget", GATEWAY).isEmpty()) {
      violations.add("PodDisruptionBudget/" + GATEWAY + ": metadata.name: missing");
    }
  }

  // ---- Kafka: one listener, TLS and a login; no super users; every client logs in as its
  // KafkaUser

  /** The Deployments whose containers are Kafka clients, by the KafkaUser they log in as. */
  static final Map<String, String> KAFKA_CLIENTS =
      Map.of(GATEWAY, GATEWAY, GATEWAY + "-webhooks", GATEWAY, WORKER, WORKER);

  /**
   * The keys of a Strimzi user Secret; anything else read from a Secret of a KafkaUser's name would
   * be clobbered.
   */
  static final Set<String> USER_SECRET_KEYS = Set.of("password", "sasl.jaas.config");

  private void kafkaLogins() {
    for (K8sObject k : all("Kafka")) {
      for (JsonNode l : k.at("spec.kafka.listeners")) {
        String f = "spec.kafka.listeners[" + l.path("name").asText() + "]";
        if (!l.path("tls").asBoolean(false)) {
          fail(k, f + ".tls", "must be true");
        }
        if (!l.path("authentication").path("type").asText().equals("scram-sha-512")) {
          fail(
              k,
              f + ".authentication.type",
              "must be scram-sha-512: every client logs in as a KafkaUser");
        }
      }
      if (!k.at("spec.kafka.authorization.superUsers").isEmpty()) {
        fail(
            k,
            "spec.kafka.authorization.superUsers",
            "must be empty: the KafkaUsers' ACLs are all a client may do");
      }
    }
    Set<String> users = all("KafkaUser").stream().map(K8sObject::name).collect(Collectors.toSet());
    for (K8sObject d : all("Deployment")) {
      String user = KAFKA_CLIENTS.get(d.name());
      for (JsonNode c : d.at("spec.template.spec.containers")) {
        String f = "spec.template.spec.containers[" + c.path("name").asText() + "].env";
        Map<String, String> literal = literalEnv(c);
        Map<String, JsonNode> secretRefs = new HashMap<>();
        for (JsonNode e : c.path("env")) {
          if (e.path("valueFrom").has("secretKeyRef")) {
            secretRefs.put(e.path("name").asText(), e.path("valueFrom").path("secretKeyRef"));
          }
        }
        secretRefs.forEach(
            (name, ref) -> {
              if (users.contains(ref.path("name").asText())
                  && !USER_SECRET_KEYS.contains(ref.path("key").asText())) {
                fail(
                    d,
                    f + "[" + name + "].valueFrom.secretKeyRef",
                    "Secret "
                        + ref.path("name").asText()
                        + " is the KafkaUser's, written by Strimzi: keep other keys in a Secret of another name");
              }
            });
        if (user == null) {
          continue;
        }
        String bootstrap = literal.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
        if (!bootstrap.endsWith(":9093")) {
          fail(
              d,
              f + "[KAFKA_BOOTSTRAP_SERVERS]",
              "'" + bootstrap + "' must name the tls listener, port 9093");
        }
        Map<String, String> expected =
            Map.of(
                "KAFKA_CLIENT_SECURITY_PROTOCOL",
                "SASL_SSL",
                "KAFKA_CLIENT_SASL_MECHANISM",
                "SCRAM-SHA-512");
        expected.forEach(
            (name, value) -> {
              if (!value.equals(literal.get(name))) {
                fail(d, f + "[" + name + "]", "must be " + value + ", was " + literal.get(name));
              }
            });
        JsonNode jaas = secretRefs.get("KAFKA_CLIENT_SASL_JAAS_CONFIG");
        if (jaas == null
            || !jaas.path("name").asText().equals(user)
            || !jaas.path("key").asText().equals("sasl.jaas.config")) {
          fail(
              d,
              f + "[KAFKA_CLIENT_SASL_JAAS_CONFIG]",
              "must come from key sasl.jaas.config of the Secret " + user + " (the KafkaUser's)");
        }
        try {
          KafkaConnection.fromEnvironment(
              bootstrap.isEmpty() ? "missing:9093" : bootstrap, literal);
        } catch (IllegalArgumentException e) {
          fail(d, f, "the service would refuse this Kafka configuration: " + e.getMessage());
        }
      }
    }
    for (K8sObject o : objects) {
      if (!WORKLOADS.contains(o.kind())) {
        continue;
      }
      for (JsonNode v : o.at(podSpecPath(o.kind()) + ".volumes")) {
        String secret = v.path("secret").path("secretName").asText("");
        if (users.contains(secret)) {
          fail(
              o,
              podSpecPath(o.kind()) + ".volumes[" + v.path("name").asText() + "].secret.secretName",
              "Secret "
                  + secret
                  + " is the KafkaUser's, written by Strimzi: mount a Secret of another name");
        }
      }
    }
  }

  private void networkPolicies() {
    boolean defaultDeny =
        all("NetworkPolicy").stream()
            .anyMatch(
                n ->
                    n.at("spec.podSelector").isEmpty()
                        && policyTypes(n).containsAll(Set.of("Ingress", "Egress"))
                        && n.at("spec.ingress").isEmpty()
                        && n.at("spec.egress").isEmpty());
    if (!defaultDeny) {
      violations.add(
          "NetworkPolicy/default-deny: spec: missing a default-deny policy (podSelector {}, Ingress and Egress, no rules)");
    }
  }

  private static Set<String> policyTypes(K8sObject n) {
    Set<String> types = new TreeSet<>();
    n.at("spec.policyTypes").forEach(t -> types.add(t.asText()));
    return types;
  }

  static String describe(List<String> violations) {
    return violations.stream().map(v -> "  - " + v).collect(Collectors.joining("\n"));
  }
}

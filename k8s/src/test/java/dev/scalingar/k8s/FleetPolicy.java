package dev.scalingar.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.scalingar.k8s.Manifests.K8sObject;
import dev.scalingar.model.llamagen.LlamaGenModels;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The fleet's rules, checked on rendered manifests. Each violation is one line naming the object
 * ({@code Kind/name}) and the field ({@code spec.template.spec.containers[worker].readinessProbe}).
 *
 * <p>The workers' side is read from the worker itself: {@link WorkerConfig#from} is given the
 * literal env values of each worker Deployment's container, so the model, consumer group, topic,
 * drain time and row capacity are exactly what that fleet's pods will run with (its defaults
 * included). A <em>fleet</em> is one worker Deployment (label {@code
 * app.kubernetes.io/name=scalingar-worker}, or a Deployment named {@code scalingar-worker…})
 * serving exactly one model, with its own ScaledObject, PDB and consumer group.
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
  static final String KEDA = "scalingar-keda";

  /** The pod label that names a fleet's model, in every worker selector. */
  static final String MODEL_LABEL = "scalingar.dev/model";

  /**
   * {@link #MODEL_LABEL} as a series label: the Prometheus operator's podTargetLabels replace every
   * character outside [a-zA-Z0-9_] with '_'.
   */
  static final String MODEL_SERIES_LABEL = MODEL_LABEL.replaceAll("[^a-zA-Z0-9_]", "_");

  static final String NAME_LABEL = "app.kubernetes.io/name";

  /** The gateway's list of accepted models (GatewayConfig.Request#models), comma-separated. */
  static final String GATEWAY_MODELS = "GATEWAY_REQUEST_MODELS";

  /** One worker Deployment and the configuration its pods run with. */
  record Fleet(K8sObject deployment, WorkerConfig cfg) {
    String name() {
      return deployment.name();
    }

    /** The fleet's one model (the first, when the one-model rule is already violated). */
    String model() {
      return cfg.models().get(0);
    }

    JsonNode podLabels() {
      return deployment.at("spec.template.metadata.labels");
    }
  }

  /** The job size the autoscaler is sized for: the job spec's default n (api-gateway/README.md). */
  static final int DESIGN_N = 8;

  /**
   * L, the trajectory-steps of one whole image: the shipped models' 16 × 16 token grid (shapes-v1
   * and shapes-v2: the shipped tokenizer's grid; LlamaGen c2i at 256 px: VQ-16). The manifests do
   * not say a fleet's grid, so every fleet is checked against this one; FleetPolicyTest pins it to
   * the shipped grids.
   */
  static final int IMAGE_TOKENS = 256;

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
    List<Fleet> fleets = p.fleets();
    List<String> models = fleets.stream().map(Fleet::model).distinct().toList();
    p.topics(models);
    for (Fleet f : fleets) {
      p.worker(f);
      p.scaledObject(f);
      p.disruptionBudget(f);
      p.weightsVolume(f);
    }
    p.fleetsApart(fleets);
    p.scaledObjectTargets();
    p.podMonitors(fleets);
    p.groupAcls(WORKER, "Read", fleets);
    p.groupAcls(KEDA, "Describe", fleets);
    p.gateway();
    p.gatewayModels(fleets);
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

  /** Whether a Deployment is a worker fleet's: by its pod label, or by its name. */
  static boolean isWorker(K8sObject d) {
    return d.kind().equals("Deployment")
        && (d.at("spec.template.metadata.labels").path(NAME_LABEL).asText().equals(WORKER)
            || d.name().equals(WORKER)
            || d.name().startsWith(WORKER + "-"));
  }

  /** Every worker Deployment with its effective configuration; none is a violation. */
  private List<Fleet> fleets() {
    List<Fleet> fleets = new ArrayList<>();
    List<K8sObject> workers = all("Deployment").stream().filter(FleetPolicy::isWorker).toList();
    if (workers.isEmpty()) {
      violations.add(
          "Deployment/"
              + WORKER
              + "-<model>: metadata.name: missing: no worker Deployment (label "
              + NAME_LABEL
              + "="
              + WORKER
              + ")");
    }
    for (K8sObject d : workers) {
      Optional<JsonNode> c = workerContainer(d);
      if (c.isEmpty()) {
        fail(d, "spec.template.spec.containers[worker]", "missing");
        continue;
      }
      Map<String, String> env = literalEnv(c.get());
      if (!env.containsKey("SCALINGAR_MODEL")) {
        // the worker's own default is a code change away from the gateway and the topics
        fail(
            d,
            "spec.template.spec.containers[worker].env.SCALINGAR_MODEL",
            "missing: name the fleet's model");
      }
      env.putIfAbsent("SCALINGAR_WORKER_ID", "policy-check");
      try {
        fleets.add(new Fleet(d, WorkerConfig.from(env)));
      } catch (RuntimeException e) {
        fail(
            d,
            "spec.template.spec.containers[worker].env",
            "the worker would refuse this configuration: " + e.getMessage());
      }
    }
    return fleets;
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

  private void worker(Fleet fleet) {
    K8sObject d = fleet.deployment();
    WorkerConfig cfg = fleet.cfg();
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
    if (cfg.models().size() == 1
        && !fleet.podLabels().path(MODEL_LABEL).asText().equals(fleet.model())) {
      fail(
          d,
          "spec.template.metadata.labels." + MODEL_LABEL,
          "'"
              + fleet.podLabels().path(MODEL_LABEL).asText()
              + "' must be the fleet's model '"
              + fleet.model()
              + "' (its selectors and its prometheus trigger's "
              + MODEL_SERIES_LABEL
              + " filter rely on it)");
    }
    boolean scraped =
        !podMonitorsOf(fleet).isEmpty()
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

  private void scaledObject(Fleet fleet) {
    WorkerConfig cfg = fleet.cfg();
    List<K8sObject> scaled =
        all("ScaledObject").stream()
            .filter(s -> s.at("spec.scaleTargetRef.name").asText().equals(fleet.name()))
            .filter(s -> s.at("spec.scaleTargetRef.kind").asText("Deployment").equals("Deployment"))
            .toList();
    if (scaled.isEmpty()) {
      violations.add(
          "ScaledObject/"
              + fleet.name()
              + ": spec.scaleTargetRef: no ScaledObject scales Deployment/"
              + fleet.name());
      return;
    }
    if (scaled.size() > 1) {
      fail(
          scaled.get(1),
          "spec.scaleTargetRef.name",
          "Deployment/"
              + fleet.name()
              + " is already scaled by ScaledObject/"
              + scaled.get(0).name()
              + ": one ScaledObject per fleet");
    }
    K8sObject s = scaled.get(0);
    int slots = cfg.rowCapacity() / 2;
    int expectedLag = Math.max(1, slots / DESIGN_N);
    // the lag trigger's per-worker target in steps: lagThreshold × N × L = slots × L
    long expectedSteps = (long) slots * IMAGE_TOKENS;
    boolean kafka = false;
    boolean pending = false;
    String expectedTopic = cfg.jobsTopics().get(0);
    JsonNode triggers = s.at("spec.triggers");
    for (int i = 0; i < triggers.size(); i++) {
      JsonNode t = triggers.get(i);
      JsonNode m = t.path("metadata");
      String f = "spec.triggers[" + i + "].metadata";
      if (t.path("type").asText().equals("kafka")) {
        kafka = true;
        if (!m.path("topic").asText().equals(expectedTopic)) {
          fail(
              s,
              f + ".topic",
              "'"
                  + m.path("topic").asText()
                  + "' is not the worker's jobs topic '"
                  + expectedTopic
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
        String query = m.path("query").asText();
        boolean steps = query.contains(PENDING_STEPS);
        pending |= steps;
        if (steps && !selectsOnlyModel(query, fleet.model())) {
          fail(
              s,
              f + ".query",
              "does not select only model "
                  + fleet.model()
                  + "'s series: every "
                  + PENDING_STEPS
                  + "{…} in it needs "
                  + MODEL_SERIES_LABEL
                  + "=\""
                  + fleet.model()
                  + "\" (else the fleet scales on the other fleets' work too)");
        }
        if (steps && !m.path("threshold").asText().equals(Long.toString(expectedSteps))) {
          fail(
              s,
              f + ".threshold",
              "'"
                  + m.path("threshold").asText()
                  + "' must be slots × L = (SCALINGAR_ROW_CAPACITY "
                  + cfg.rowCapacity()
                  + " / 2) × "
                  + IMAGE_TOKENS
                  + " = "
                  + expectedSteps
                  + " trajectory-steps, every slot holding one whole image (L = "
                  + IMAGE_TOKENS
                  + ", the shipped models' 16 × 16 grid): the lag trigger's target in steps, so"
                  + " it never out-votes the lag for jobs of N <= "
                  + DESIGN_N
                  + " and scales heavier jobs by their work");
        }
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
      fail(s, "spec.triggers", "no prometheus trigger on " + PENDING_STEPS);
    }
    JsonNode max = s.at("spec.maxReplicaCount");
    JsonNode min = s.at("spec.minReplicaCount");
    if (!max.isInt()) {
      fail(s, "spec.maxReplicaCount", "missing");
    } else {
      String jobsTopic = expectedTopic;
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

  static final String PENDING_STEPS = "scalingar_pending_trajectory_steps";

  private static final Pattern STEPS_SELECTOR =
      Pattern.compile(PENDING_STEPS + "\\s*(\\{([^}]*)\\})?");

  /**
   * Whether every use of the pending-steps metric in a PromQL query has the matcher {@code
   * scalingar_dev_model="<model>"} (an exact match; a regex matcher could select several models).
   */
  static boolean selectsOnlyModel(String query, String model) {
    Matcher m = STEPS_SELECTOR.matcher(query);
    Pattern exact =
        Pattern.compile(
            "(^|,)\\s*"
                + MODEL_SERIES_LABEL
                + "\\s*=\\s*\""
                + Pattern.quote(model)
                + "\"\\s*(,|$)");
    boolean any = false;
    while (m.find()) {
      any = true;
      String matchers = m.group(2) == null ? "" : m.group(2);
      if (!exact.matcher(matchers).find()) {
        return false;
      }
    }
    return any;
  }

  // ---- the fleets among themselves: one model, one group, one set of pods each

  private void fleetsApart(List<Fleet> fleets) {
    Map<String, Fleet> byModel = new HashMap<>();
    Map<String, Fleet> byGroup = new HashMap<>();
    String env = "spec.template.spec.containers[worker].env.";
    for (Fleet f : fleets) {
      for (String model : f.cfg().models()) {
        Fleet other = byModel.putIfAbsent(model, f);
        if (other != null) {
          fail(
              f.deployment(),
              env + "SCALINGAR_MODEL",
              "'"
                  + model
                  + "' is also served by Deployment/"
                  + other.name()
                  + ": one fleet per model, or the two split its jobs topic and its backlog");
        }
      }
      Fleet other = byGroup.putIfAbsent(f.cfg().consumerGroup(), f);
      if (other != null) {
        fail(
            f.deployment(),
            env + "SCALINGAR_CONSUMER_GROUP",
            "'"
                + f.cfg().consumerGroup()
                + "' is also the consumer group of Deployment/"
                + other.name()
                + ": one group per fleet (scalingar-workers-<model>), so one fleet's scaling never"
                + " rebalances another's");
      }
    }
    for (Fleet f : fleets) {
      for (Fleet g : fleets) {
        if (f != g && selects(f.deployment().at("spec.selector"), g.podLabels())) {
          fail(
              f.deployment(),
              "spec.selector",
              "also selects the pods of Deployment/"
                  + g.name()
                  + ": add "
                  + MODEL_LABEL
                  + " to every fleet's selector");
        }
      }
    }
  }

  // ---- a LlamaGen fleet: weights from a read-only volume, verified before the worker starts

  /**
   * The sidecars {@code ./scalingar convert llamagen} writes beside {@code gpt.safetensors} and
   * {@code vq.safetensors}: {@code sha256sum -c} lines of the whole files, by file name only (so
   * they are checked from the weights directory).
   */
  static final List<String> LLAMAGEN_SIDECARS =
      List.of("gpt.safetensors.sha256", "vq.safetensors.sha256");

  private static final Pattern SHA256_CHECK =
      Pattern.compile("(^|[\\s/;&|(])sha256sum(\\s+-[-\\w]+)*\\s+(-c|--check)(\\s|$)");

  /**
   * A fleet of a LlamaGen model ({@link LlamaGenModels#MODEL_PREFIX}), which has no shipped
   * weights: SCALINGAR_MODEL_WEIGHTS lies on a volume (not an emptyDir) mounted read-only, a
   * claimed volume is ReadOnlyMany (every pod, on any node), and an init container checks both
   * files' SHA-256 on that volume before the worker starts, so a truncated or swapped file keeps
   * the pod out of readiness.
   */
  private void weightsVolume(Fleet fleet) {
    if (fleet.cfg().models().size() != 1
        || !fleet.model().startsWith(LlamaGenModels.MODEL_PREFIX)) {
      return;
    }
    K8sObject d = fleet.deployment();
    String f = "spec.template.spec.containers[worker]";
    Optional<String> weights = fleet.cfg().weightsOf(fleet.model());
    if (weights.isEmpty()) {
      fail(
          d,
          f + ".env.SCALINGAR_MODEL_WEIGHTS",
          "missing: "
              + fleet.model()
              + " has no shipped weights; name the folder ./scalingar convert llamagen wrote, on a"
              + " read-only volume");
      return;
    }
    String dir = trimSlash(weights.get());
    JsonNode pod = d.at("spec.template.spec");
    Optional<JsonNode> mount = mountOf(workerContainer(d).orElseThrow(), dir);
    if (mount.isEmpty()) {
      fail(
          d,
          f + ".volumeMounts",
          "no volume is mounted at SCALINGAR_MODEL_WEIGHTS '"
              + dir
              + "': a LlamaGen model's weights come from a volume, never from the image");
      return;
    }
    String name = mount.get().path("name").asText();
    if (!mount.get().path("readOnly").asBoolean(false)) {
      fail(
          d,
          f + ".volumeMounts[" + name + "].readOnly",
          "must be true: the fleet's pods only read the weights they serve");
    }
    String v = "spec.template.spec.volumes[" + name + "]";
    JsonNode volume = MissingNode.getInstance();
    for (JsonNode candidate : pod.path("volumes")) {
      if (candidate.path("name").asText().equals(name)) {
        volume = candidate;
      }
    }
    if (volume.isMissingNode()) {
      fail(d, v, "missing");
    } else if (volume.has("emptyDir")) {
      fail(d, v + ".emptyDir", "starts empty: mount the volume that holds the converted weights");
    } else if (volume.has("persistentVolumeClaim")) {
      String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
      Optional<K8sObject> pvc = find("PersistentVolumeClaim", claim);
      if (pvc.isEmpty()) {
        fail(
            d,
            v + ".persistentVolumeClaim.claimName",
            "'" + claim + "' names no PersistentVolumeClaim: the fleet's pods would stay Pending");
      } else {
        List<String> modes = new ArrayList<>();
        pvc.get().at("spec.accessModes").forEach(m -> modes.add(m.asText()));
        if (!modes.contains("ReadOnlyMany")) {
          fail(
              pvc.get(),
              "spec.accessModes",
              modes
                  + " must include ReadOnlyMany: every pod of Deployment/"
                  + d.name()
                  + " mounts it, on whichever GPU node it runs (ReadWriteOnce holds the fleet to"
                  + " one node)");
        }
      }
    }
    boolean verified = false;
    for (JsonNode init : pod.path("initContainers")) {
      verified |= verifiesWeights(init, mount.get(), dir);
    }
    if (!verified) {
      fail(
          d,
          "spec.template.spec.initContainers",
          "none runs `sha256sum -c "
              + String.join(" ", LLAMAGEN_SIDECARS)
              + "` in "
              + dir
              + " on a read-only mount of volume "
              + name
              + " (to completion, not as a restartPolicy: Always sidecar): a truncated or swapped"
              + " weights file would reach the GPU, and the pod readiness, unchecked");
    }
  }

  /**
   * Whether an init container checks the sidecars in {@code dir}, seen through a read-only mount of
   * the worker's weights volume at the same place (same volume and subPath).
   */
  private static boolean verifiesWeights(JsonNode init, JsonNode workerMount, String dir) {
    if (init.path("restartPolicy").asText().equals("Always")) {
      return false; // a sidecar: the worker starts beside it, not after it
    }
    String rest = dir.substring(trimSlash(workerMount.path("mountPath").asText()).length());
    String initDir = null;
    for (JsonNode m : init.path("volumeMounts")) {
      if (m.path("name").asText().equals(workerMount.path("name").asText())
          && m.path("subPath").asText().equals(workerMount.path("subPath").asText())
          && m.path("readOnly").asBoolean(false)) {
        initDir = trimSlash(m.path("mountPath").asText()) + rest;
      }
    }
    if (initDir == null) {
      return false;
    }
    List<String> words = new ArrayList<>();
    init.path("command").forEach(w -> words.add(w.asText()));
    init.path("args").forEach(w -> words.add(w.asText()));
    String line = String.join(" ", words);
    // sha256sum -c reads the file names inside each sidecar relative to its working directory
    boolean inDir =
        trimSlash(init.path("workingDir").asText()).equals(initDir)
            || Pattern.compile("(^|[\\s;&|(])cd\\s+" + Pattern.quote(initDir) + "/?(\\s|;|&|$)")
                .matcher(line)
                .find();
    return inDir
        && SHA256_CHECK.matcher(line).find()
        && LLAMAGEN_SIDECARS.stream().allMatch(s -> words.stream().anyMatch(w -> hasWord(w, s)));
  }

  private static boolean hasWord(String text, String word) {
    return Pattern.compile("(^|[\\s/])" + Pattern.quote(word) + "(\\s|;|&|$)").matcher(text).find();
  }

  /** The container's volume mount that holds {@code dir} (the deepest one). */
  private static Optional<JsonNode> mountOf(JsonNode container, String dir) {
    JsonNode best = null;
    for (JsonNode m : container.path("volumeMounts")) {
      String path = trimSlash(m.path("mountPath").asText());
      if ((dir.equals(path) || dir.startsWith(path + "/"))
          && (best == null || path.length() > best.path("mountPath").asText().length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A fleet's PDB: one that selects its pods, and no other fleet's. */
  private void disruptionBudget(Fleet fleet) {
    List<K8sObject> pdbs =
        all("PodDisruptionBudget").stream()
            .filter(p -> selects(p.at("spec.selector"), fleet.podLabels()))
            .toList();
    if (pdbs.isEmpty()) {
      violations.add(
          "PodDisruptionBudget/"
              + fleet.name()
              + ": spec.selector: missing: no PodDisruptionBudget selects the pods of Deployment/"
              + fleet.name());
    }
    for (K8sObject p : pdbs) {
      for (K8sObject d : all("Deployment")) {
        if (!d.name().equals(fleet.name())
            && isWorker(d)
            && selects(p.at("spec.selector"), d.at("spec.template.metadata.labels"))
            && fleet.name().compareTo(d.name()) < 0) {
          fail(
              p,
              "spec.selector",
              "selects the pods of Deployment/"
                  + fleet.name()
                  + " and Deployment/"
                  + d.name()
                  + ": one budget per fleet (add "
                  + MODEL_LABEL
                  + " to its selector), or one fleet's drain blocks the other's");
        }
      }
    }
  }

  /** Every ScaledObject scales a Deployment that exists (a renamed one needs a nameReference). */
  private void scaledObjectTargets() {
    for (K8sObject s : all("ScaledObject")) {
      String target = s.at("spec.scaleTargetRef.name").asText();
      if (find(s.at("spec.scaleTargetRef.kind").asText("Deployment"), target).isEmpty()) {
        fail(
            s,
            "spec.scaleTargetRef.name",
            "'"
                + target
                + "' names no "
                + s.at("spec.scaleTargetRef.kind").asText("Deployment")
                + " (a fleet's nameSuffix reaches it only through base/worker/fleet/kustomizeconfig.yaml)");
      }
    }
  }

  private List<K8sObject> podMonitorsOf(Fleet fleet) {
    return all("PodMonitor").stream()
        .filter(m -> selects(m.at("spec.selector"), fleet.podLabels()))
        .toList();
  }

  /** The PodMonitors that scrape workers carry the model label into their series. */
  private void podMonitors(List<Fleet> fleets) {
    Set<String> reported = new TreeSet<>();
    for (Fleet f : fleets) {
      for (K8sObject m : podMonitorsOf(f)) {
        Set<String> labels = new TreeSet<>();
        m.at("spec.podTargetLabels").forEach(l -> labels.add(l.asText()));
        if (!labels.contains(MODEL_LABEL) && reported.add(m.name())) {
          fail(
              m,
              "spec.podTargetLabels",
              "must contain "
                  + MODEL_LABEL
                  + ": each fleet's prometheus trigger selects its own series by "
                  + MODEL_SERIES_LABEL);
        }
      }
    }
  }

  /**
   * A label selector ({@code matchLabels}, {@code matchExpressions}) against a pod's labels. An
   * empty selector selects everything (as a PDB's or a PodMonitor's does).
   */
  static boolean selects(JsonNode selector, JsonNode labels) {
    if (selector.isMissingNode() || selector.isNull()) {
      return false;
    }
    var it = selector.path("matchLabels").fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!labels.path(e.getKey()).asText("\0").equals(e.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode x : selector.path("matchExpressions")) {
      String key = x.path("key").asText();
      boolean has = labels.has(key);
      Set<String> values = new TreeSet<>();
      x.path("values").forEach(v -> values.add(v.asText()));
      boolean ok =
          switch (x.path("operator").asText()) {
            case "In" -> has && values.contains(labels.path(key).asText());
            case "NotIn" -> !has || !values.contains(labels.path(key).asText());
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A KafkaUser's group ACLs allow {@code operation} on every fleet's consumer group. */
  private void groupAcls(String user, String operation, List<Fleet> fleets) {
    Optional<K8sObject> u = find("KafkaUser", user);
    if (u.isEmpty()) {
      violations.add("KafkaUser/" + user + ": metadata.name: missing");
      return;
    }
    for (Fleet f : fleets) {
      String group = f.cfg().consumerGroup();
      boolean covered = false;
      for (JsonNode acl : u.get().at("spec.authorization.acls")) {
        JsonNode r = acl.path("resource");
        if (!r.path("type").asText().equals("group")) {
          continue;
        }
        String name = r.path("name").asText();
        boolean matches =
            r.path("patternType").asText("literal").equals("prefix")
                ? group.startsWith(name)
                : group.equals(name) || name.equals("*");
        boolean allows = false;
        for (JsonNode op : acl.path("operations")) {
          allows |= op.asText().equals(operation) || op.asText().equals("All");
        }
        covered |= matches && allows;
      }
      if (!covered) {
        fail(
            u.get(),
            "spec.authorization.acls[type=group]",
            "no ACL allows "
                + operation
                + " on group '"
                + group
                + "', the consumer group of Deployment/"
                + f.name()
                + " (the fleets' groups are covered by the prefix scalingar-workers-)");
      }
    }
  }

  // ---- the gateway accepts exactly the models some fleet serves

  private void gatewayModels(List<Fleet> fleets) {
    Optional<K8sObject> d = find("Deployment", GATEWAY);
    if (d.isEmpty()) {
      return;
    }
    Set<String> served = new TreeSet<>();
    fleets.forEach(f -> served.addAll(f.cfg().models()));
    for (JsonNode c : d.get().at("spec.template.spec.containers")) {
      String field =
          "spec.template.spec.containers["
              + c.path("name").asText()
              + "].env["
              + GATEWAY_MODELS
              + "]";
      String list = literalEnv(c).get(GATEWAY_MODELS);
      if (list == null) {
        // the gateway's own default is a code change away from the fleets: name them here
        fail(d.get(), field, "missing: set it to the models the fleets serve " + served);
        continue;
      }
      List<String> accepted = new ArrayList<>();
      for (String m : list.split(",")) {
        if (!m.isEmpty()) {
          accepted.add(m);
        }
      }
      for (String m : accepted) {
        if (!served.contains(m)) {
          fail(
              d.get(),
              field,
              "accepts '"
                  + m
                  + "', which no worker fleet serves: its jobs would queue on "
                  + (m.matches("[a-z0-9][a-z0-9-]{0,63}") ? Topics.jobs(m) : "no topic")
                  + " with no one to read them (add a fleet, base/fleets/, or drop the model)");
        }
      }
      for (Fleet f : fleets) {
        for (String m : f.cfg().models()) {
          if (!accepted.contains(m)) {
            fail(
                d.get(),
                field,
                accepted
                    + " lacks '"
                    + m
                    + "', which Deployment/"
                    + f.name()
                    + " serves: the gateway would answer 422 and that fleet never gets a job");
          }
        }
      }
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

  /**
   * The Deployments whose containers are Kafka clients, by the KafkaUser they log in as; every
   * worker Deployment ({@link #isWorker}) logs in as {@link #WORKER}.
   */
  static final Map<String, String> KAFKA_CLIENTS =
      Map.of(GATEWAY, GATEWAY, GATEWAY + "-webhooks", GATEWAY);

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
      String user = isWorker(d) ? WORKER : KAFKA_CLIENTS.get(d.name());
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

package dev.scalingar.cli.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.cli.stack.JobRunner;
import dev.scalingar.cli.stack.StackControl;
import dev.scalingar.cli.stack.StackControl.Stop;
import dev.scalingar.cli.stack.StackState;
import dev.scalingar.cli.stack.Supervision;
import dev.scalingar.schemas.JobSpec;
import dev.scalingar.worker.testhook.NanPromptHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scenarios of {@code ./scalingar chaos}, in the order they run (issue #21, part 5). */
public final class Scenarios {

  /**
   * Jobs name no model, so they ask for the fleet's default; the stack serves only that one, so the
   * worker loads one model (a stack pinned to another model would answer every job 422).
   */
  static final String MODEL = JobSpec.DEFAULT_MODEL;

  static final Map<String, String> ONE_MODEL = Map.of("SCALINGAR_MODEL", MODEL);

  static final String PROMPT = "a red circle above a blue square";

  /** The poison step's prompt: valid, and poisoned only by the worker's test hook. */
  static final String POISON_PROMPT = "a green triangle";

  /** Long enough for a job that was mid-decode at a fault to have made progress first. */
  static final Duration MID_JOB = Duration.ofSeconds(120);

  private Scenarios() {}

  public static List<Scenario> all() {
    return List.of(
        new Scenario(
            "worker-kill-9",
            "SIGKILL of the worker mid-job, then a replacement worker",
            false,
            ONE_MODEL,
            (run, s) -> workerStop(run, s, Stop.KILL)),
        new Scenario(
            "worker-sigterm",
            "SIGTERM of the worker mid-job (it drains), then a restart",
            false,
            ONE_MODEL,
            (run, s) -> workerStop(run, s, Stop.TERM)),
        new Scenario(
            "broker-restart",
            "the Kafka broker stopped mid-job for the outage, then started on its kept log",
            false,
            ONE_MODEL,
            (run, s) -> outage(run, s, "kafka")),
        new Scenario(
            "s3-restart",
            "the S3 server stopped mid-job for the outage, then started on its kept objects",
            false,
            ONE_MODEL,
            (run, s) -> outage(run, s, "s3")),
        new Scenario(
            "gateway-restart",
            "SIGKILL of the gateway while clients follow their jobs' SSE, then a restart",
            false,
            ONE_MODEL,
            Scenarios::gatewayRestart),
        new Scenario(
            "supervised-crash",
            "SIGKILL of the worker under ./scalingar up's supervisor, which restarts it",
            true,
            ONE_MODEL,
            Scenarios::supervisedCrash),
        new Scenario(
            "duplicate-delivery",
            "job records written to the jobs topic a second time, in flight and after completion",
            false,
            ONE_MODEL,
            Scenarios::duplicateDelivery),
        new Scenario(
            "poison-step",
            "one job whose logits turn NaN (worker test hook) beside normal jobs",
            false,
            Map.of("SCALINGAR_MODEL", MODEL, NanPromptHook.VARIABLE, POISON_PROMPT),
            Scenarios::poison),
        new Scenario(
            "burst-200",
            "200 submissions at once (16 in parallel; a 429 is waited out as a client would)",
            false,
            ONE_MODEL,
            Scenarios::burst));
  }

  static ObjectNode job(int i, int n) {
    return JobRunner.spec(PROMPT, n, "scalingar", 1000L + i);
  }

  private static void submitBefore(ChaosRun run, ChaosSettings s) throws InterruptedException {
    run.submitAll(s.jobs(), i -> job(i, s.trajectories()), 4, null);
    if (!run.awaitProgress(1, MID_JOB)) {
      run.note("no job had made progress before the fault");
    }
  }

  private static void submitDuring(ChaosRun run, ChaosSettings s) throws InterruptedException {
    for (int i = 0; i < s.duringFault(); i++) {
      run.submit(job(100 + i, s.trajectories()), run.duringFault);
    }
  }

  static ScenarioResult workerStop(ChaosRun run, ChaosSettings s, Stop how) throws Exception {
    submitBefore(run, s);
    long t0 = System.nanoTime();
    try (AutoCloseable probe = run.probe()) {
      StackControl.stop(run.dir, "worker", how);
      run.note("worker stopped by " + how + " after " + seconds(t0) + " s, mid-job");
      submitDuring(run, s);
      StackControl.start(run.dir, "worker");
      run.note("replacement worker ready " + seconds(t0) + " s after the fault");
    }
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult outage(ChaosRun run, ChaosSettings s, String component) throws Exception {
    submitBefore(run, s);
    try (AutoCloseable probe = run.probe()) {
      StackControl.stop(run.dir, component, Stop.TERM);
      submitDuring(run, s);
      Thread.sleep(s.outage().toMillis());
      StackControl.start(run.dir, component);
      run.note(component + " down for " + s.outage().toSeconds() + " s, then ready again");
    }
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult gatewayRestart(ChaosRun run, ChaosSettings s) throws Exception {
    run.submitAll(s.jobs(), i -> job(i, s.trajectories()), 4, null);
    List<SseFollower> followers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (String id : run.accepted()) {
      SseFollower f = new SseFollower(run.stack.gatewayUrl(), run.stack.apiKey(), id, s.deadline());
      followers.add(f);
      Thread t = new Thread(f, "chaos-sse-" + id);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    run.awaitProgress(1, MID_JOB);
    try (AutoCloseable probe = run.probe()) {
      StackControl.stop(run.dir, "gateway", Stop.KILL);
      submitDuring(run, s);
      StackControl.start(run.dir, "gateway");
    }
    run.awaitTerminal(s.deadline());
    for (Thread t : threads) {
      t.join(s.deadline().toMillis());
    }
    JobViewCheck view = JobViewCheck.of(run);
    run.note(
        "after the restart the status view has "
            + view.terminal()
            + " of "
            + view.asked()
            + " accepted jobs in a terminal status ("
            + view.agreeing()
            + " agree with the events topic)");
    run.note(
        followers.stream().filter(SseFollower::sawTerminal).count()
            + " of "
            + followers.size()
            + " SSE clients saw their job's terminal status; "
            + followers.stream().mapToInt(SseFollower::reconnects).sum()
            + " reconnects, "
            + followers.stream().mapToInt(SseFollower::sentLastEventId).sum()
            + " with Last-Event-ID");
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult supervisedCrash(ChaosRun run, ChaosSettings s) throws Exception {
    submitBefore(run, s);
    long pid = StackState.read(run.dir).pids().get("worker");
    try (AutoCloseable probe = run.probe()) {
      // A crash from outside, not through StackControl: only the supervisor may bring it back.
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      submitDuring(run, s);
      long deadline = System.nanoTime() + MID_JOB.toNanos();
      while (System.nanoTime() < deadline
          && !(Supervision.read(run.dir).containsKey("worker")
              && StackState.read(run.dir).alive().get("worker"))) {
        Thread.sleep(250);
      }
    }
    Supervision sup = Supervision.read(run.dir).get("worker");
    run.note(
        sup == null
            ? "the supervisor did not restart the worker"
            : "the supervisor restarted the worker "
                + sup.restarts()
                + "x (status: restarted "
                + sup.restarts()
                + "x by the supervisor, next backoff "
                + sup.backoffSeconds()
                + " s)");
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult duplicateDelivery(ChaosRun run, ChaosSettings s) throws Exception {
    run.submitAll(s.jobs(), i -> job(i, s.trajectories()), 4, null);
    List<String> ids = run.accepted();
    int inFlight = Math.min(2, ids.size());
    try (AutoCloseable probe = run.probe()) {
      int copied =
          JobRecords.redeliver(run.stack.kafkaBootstrap(), MODEL, ids.subList(0, inFlight));
      run.note(copied + " job records written again while their jobs ran");
      run.awaitTerminal(s.deadline());
      List<String> done = ids.subList(inFlight, Math.min(ids.size(), inFlight + 2));
      copied = JobRecords.redeliver(run.stack.kafkaBootstrap(), MODEL, done);
      run.note(copied + " job records written again after their jobs completed");
      // Time for the worker to read and settle the copies; the accounting then sees all of it.
      Thread.sleep(15_000);
    }
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult poison(ChaosRun run, ChaosSettings s) throws Exception {
    String poisoned =
        run.submit(JobRunner.spec(POISON_PROMPT, s.trajectories(), "scalingar", 7L), null);
    run.submitAll(s.jobs() - 1, i -> job(i, s.trajectories()), 4, null);
    try (AutoCloseable probe = run.probe()) {
      run.awaitTerminal(s.deadline());
    }
    List<Integer> attempts =
        run.tap().events().stream()
            .filter(e -> e.jobId().equals(poisoned) && e.type().equals("started"))
            .map(SeenEvent::attempt)
            .toList();
    String reason =
        run.tap().events().stream()
            .filter(e -> e.jobId().equals(poisoned) && e.type().equals("failed"))
            .map(SeenEvent::reason)
            .findFirst()
            .orElse("none");
    run.note(
        "poison job " + poisoned + " started as attempts " + attempts + ", failed as " + reason);
    return run.finish(faultOf(run), s.deadline());
  }

  static ScenarioResult burst(ChaosRun run, ChaosSettings s) throws Exception {
    long t0 = System.nanoTime();
    try (AutoCloseable probe = run.probe()) {
      run.submitAll(s.burst(), i -> job(i, 1), s.burstParallel(), run.duringFault);
    }
    run.note(run.accepted().size() + " accepted within " + seconds(t0) + " s");
    return run.finish(faultOf(run), s.deadline());
  }

  private static String faultOf(ChaosRun run) {
    return all().stream().filter(x -> x.name().equals(run.name)).findFirst().orElseThrow().fault();
  }

  private static long seconds(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }
}

package dev.scalingar.cli.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scalingar.cli.stack.Stack;
import dev.scalingar.cli.stack.StackControl;
import dev.scalingar.cli.stack.StackState;
import dev.scalingar.cli.stack.Supervisor;
import dev.scalingar.infra.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * One scenario on its own fresh stack (under {@code DIR/stacks/NAME}, on free loopback ports): the
 * client's side (submissions over the public API, with what the gateway answered), the events topic
 * read from the start ({@link EventTap}), faults on one component ({@link StackControl}), and in
 * the end the accounting ({@link Tally}) of the jobs it accepted.
 */
final class ChaosRun implements AutoCloseable {

  /** A well-behaved client waits out a 429 this long at most before giving the job up. */
  static final Duration RETRY_429_FOR = Duration.ofSeconds(60);

  final String name;
  final Path dir;
  final StackState stack;
  final Answers duringFault = new Answers();
  private final EventTap tap;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final Consumer<String> progress;
  private int submitted;

  private ChaosRun(String name, Path dir, StackState stack, Consumer<String> progress) {
    this.progress = progress;
    this.name = name;
    this.dir = dir;
    this.stack = stack;
    this.tap = new EventTap(stack.kafkaBootstrap());
  }

  static ChaosRun start(
      Path root,
      String name,
      Path gatewayJar,
      Map<String, String> workerEnv,
      boolean supervised,
      Consumer<String> progress)
      throws IOException, InterruptedException {
    Path dir = root.resolve("stacks").resolve(name);
    Files.createDirectories(dir);
    LocalStack.wipe(dir); // a fresh stack: no topics, jobs or objects of an earlier run
    int[] p = freePorts(4);
    StackState state =
        Stack.start(dir, new Stack.Ports(p[0], p[1], p[2], p[3]), gatewayJar, workerEnv, progress);
    if (supervised) {
      StackControl.replacePid(dir, Supervisor.NAME, Supervisor.spawn(dir));
      state = StackState.read(dir);
    }
    try {
      return new ChaosRun(name, dir, state, progress);
    } catch (RuntimeException e) {
      Stack.stop(state.pids());
      throw e;
    }
  }

  void note(String line) {
    notes.add(line);
  }

  List<String> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  EventTap tap() {
    return tap;
  }

  /**
   * POST /v1/jobs as a client would: a 429 is waited out (its Retry-After, at most {@link
   * #RETRY_429_FOR} in all), anything else is final. Every answer is counted in {@code answers}
   * (null: not counted). Returns the job id, or null when not accepted.
   */
  String submit(ObjectNode spec, Answers answers) throws InterruptedException {
    synchronized (this) {
      submitted++;
    }
    long giveUp = System.nanoTime() + RETRY_429_FOR.toNanos();
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/jobs"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + stack.apiKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(spec.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answers != null) {
          answers.add("POST", r.statusCode());
        }
        if (r.statusCode() == 202) {
          String id = StackState.JSON.readTree(r.body()).path("job_id").asText();
          accepted.add(id);
          return id;
        }
        if (r.statusCode() != 429 || System.nanoTime() > giveUp) {
          return null;
        }
        long wait = r.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.max(1, Math.min(wait, 5)) * 1000);
      } catch (IOException e) {
        if (answers != null) {
          answers.refused("POST");
        }
        return null;
      }
    }
  }

  /** {@code count} submissions, {@code parallel} at a time; returns how many were accepted. */
  int submitAll(int count, IntFunction<ObjectNode> spec, int parallel, Answers answers)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ObjectNode s = spec.apply(i);
        ids.add(pool.submit(() -> submit(s, answers)));
      }
      int ok = 0;
      for (Future<String> f : ids) {
        try {
          ok += f.get() == null ? 0 : 1;
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      return ok;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until {@code jobs} accepted jobs have made progress (are mid-job). */
  boolean awaitProgress(int jobs, Duration timeout) throws InterruptedException {
    return tap.await(
        es ->
            es.stream()
                    .filter(e -> e.type().equals("progress"))
                    .map(SeenEvent::jobId)
                    .distinct()
                    .count()
                >= jobs,
        timeout);
  }

  /** Waits until every accepted job has a terminal event, or {@code deadline}. */
  boolean awaitTerminal(Duration deadline) throws InterruptedException {
    List<String> waitingFor = accepted();
    long[] shown = {-1};
    return tap.await(
        es -> {
          var done =
              es.stream()
                  .filter(SeenEvent::terminal)
                  .map(SeenEvent::jobId)
                  .collect(java.util.stream.Collectors.toSet());
          long n = waitingFor.stream().filter(done::contains).count();
          if (n != shown[0]) {
            shown[0] = n;
            progress.accept(n + "/" + waitingFor.size() + " accepted jobs terminal");
          }
          return n == waitingFor.size();
        },
        deadline);
  }

  /**
   * While open, asks GET /v1/jobs/{id} of an accepted job every 250 ms and counts the answers in
   * {@link #duringFault}: what a client polling its job sees while the fault lasts.
   */
  AutoCloseable probe() {
    List<String> jobs = accepted();
    String path = jobs.isEmpty() ? "/v1/jobs?size=1" : "/v1/jobs/" + jobs.get(0);
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  int code =
                      http.send(
                              HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                                  .timeout(Duration.ofSeconds(2))
                                  .header("Authorization", "Bearer " + stack.apiKey())
                                  .build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode();
                  duringFault.add("GET", code);
                } catch (IOException e) {
                  duringFault.refused("GET");
                } catch (InterruptedException e) {
                  return;
                }
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "chaos-probe");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5_000);
    };
  }

  /** The scenario's line: waits for every accepted job's outcome, then counts. */
  ScenarioResult finish(String fault, Duration deadline) throws Exception {
    awaitTerminal(deadline);
    Tally t =
        Tally.of(
            accepted(),
            tap.events(),
            ObjectCensus.setsPerJob(
                stack.s3Endpoint(), stack.s3AccessKey(), stack.s3SecretKey(), stack.bucket()));
    List<String> all = new ArrayList<>(notes);
    long again =
        tap.events().stream()
            .filter(e -> e.type().equals("started"))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    SeenEvent::jobId, java.util.stream.Collectors.counting()))
            .values()
            .stream()
            .filter(c -> c > 1)
            .count();
    if (again > 0) {
      all.add(again + " job(s) started more than once (a later attempt after the fault)");
    }
    if (t.repeatedTerminalRecords() > 0) {
      all.add(
          t.repeatedTerminalRecords()
              + " terminal event(s) published again with the same id (one outcome each)");
    }
    if (!t.completedWithoutObjects().isEmpty()) {
      all.add("completed without objects: " + t.completedWithoutObjects());
    }
    if (!t.lost().isEmpty()) {
      all.add("lost: " + t.lost());
    }
    if (!t.duplicated().isEmpty()) {
      all.add("duplicated: " + t.duplicated());
    }
    int sent;
    synchronized (this) {
      sent = submitted;
    }
    return new ScenarioResult(
        name,
        fault,
        sent,
        accepted().size(),
        t.completed(),
        t.failed(),
        t.failedReasons(),
        t.lost().size(),
        t.duplicated().size(),
        duringFault.snapshot(),
        String.join("; ", all));
  }

  /** Stops every process of the stack (the pids now in stack.json: restarts changed them). */
  @Override
  public void close() throws Exception {
    try {
      tap.close();
    } finally {
      Stack.stop(StackState.read(dir).pids());
    }
  }

  static int[] freePorts(int n) throws IOException {
    List<ServerSocket> held = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        held.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}

package dev.scalingar.worker;

import dev.scalingar.worker.failure.Failure;
import dev.scalingar.worker.failure.Failures;
import dev.scalingar.worker.kafka.JobCoordinates;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finished jobs' artefacts off the loop thread: encoding, hashing, uploading and the durable {@code
 * completed} event run on a few threads with a bounded queue ({@link ArtifactSettings}). The loop
 * hands a job in and reads its {@link Outcome} back; committing stays on the loop (the consumer is
 * not thread-safe), and {@link OffsetTracker} commits only what is contiguous, so jobs that
 * complete out of order never let a commit pass an unfinished one.
 *
 * <p>A job handed in while the queue is full waits in a list of the loop's own, never dropped and
 * never blocking the loop; {@link #full()} says so and the loop pauses intake until there is room.
 */
final class ArtifactPipeline {

  /** What became of a job handed in. */
  sealed interface Outcome permits Completed, Failed {
    JobCoordinates at();
  }

  /** Its objects and completed event are durable: its offset may be committed. */
  record Completed(JobCoordinates at) implements Outcome {}

  /** It did not get there; what to do is the failure's class. */
  record Failed(JobCoordinates at, Failure failure) implements Outcome {}

  /** One job's work off the loop: on return its objects and completed event are durable. */
  @FunctionalInterface
  interface Task {
    void run() throws Exception;
  }

  private record Job(JobCoordinates at, Task task) {}

  private final ThreadPoolExecutor pool;
  private final ArrayDeque<Job> waiting = new ArrayDeque<>(); // the loop thread's
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inPool =
      new AtomicInteger(); // handed to the pool, outcome not yet written

  ArtifactPipeline(ArtifactSettings settings) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            settings.threads(),
            settings.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(settings.queue()),
            r -> new Thread(r, "artifacts-" + n.incrementAndGet()),
            new ThreadPoolExecutor.AbortPolicy());
  }

  /** Loop thread: a finished job's work, run when there is room (in the order handed in). */
  void submit(JobCoordinates at, Task task) {
    waiting.add(new Job(at, task));
    handOff();
  }

  /** Loop thread: moves waiting jobs into the pool while its queue has room. */
  void handOff() {
    while (!waiting.isEmpty() && !pool.isShutdown()) {
      Job job = waiting.peek();
      inPool.incrementAndGet();
      try {
        pool.execute(() -> run(job));
      } catch (RejectedExecutionException full) {
        inPool.decrementAndGet();
        return; // back-pressure: the loop sees full() and pauses intake
      }
      waiting.poll();
    }
  }

  private void run(Job job) {
    try {
      job.task().run();
      outcomes.add(new Completed(job.at()));
    } catch (Throwable e) {
      outcomes.add(new Failed(job.at(), Failures.classify(e)));
    } finally {
      inPool.decrementAndGet();
    }
  }

  /** No room for more finished jobs: take no more work until there is. */
  boolean full() {
    return !waiting.isEmpty() || pool.getQueue().remainingCapacity() == 0;
  }

  /** Nothing handed in is still waiting or running (outcomes may still be unread). */
  boolean idle() {
    return waiting.isEmpty() && inPool.get() == 0;
  }

  /** The next outcome, or null. */
  Outcome poll() {
    return outcomes.poll();
  }

  boolean hasOutcomes() {
    return !outcomes.isEmpty();
  }

  /** Jobs handed in but not yet given to the pool (stopping: they are handed back uncommitted). */
  int waiting() {
    return waiting.size();
  }

  /**
   * Lets what the pool holds finish, up to {@code grace}; then interrupts it (retries stop, jobs
   * stay uncommitted).
   */
  void shutdown(Duration grace) throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      pool.shutdownNow();
    }
  }

  void shutdownNow() {
    pool.shutdownNow();
  }
}

package dev.scalingar.engine;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.sampler.EndReason;
import dev.scalingar.sampler.SampledToken;
import dev.scalingar.sampler.StateCopy;
import dev.scalingar.sampler.StepInput;
import dev.scalingar.sampler.StepResult;
import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.TrajectoryEnd;
import dev.scalingar.sampler.TrajectoryLogits;
import dev.scalingar.sampler.strategy.JobSession;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Continuous batching of sampling jobs over one model. Each {@link #step()} is plan → model →
 * apply: the engine decides which rows run (admitting pending jobs into free slots, their prefill
 * joining this step), calls the model once for prefills and once for decodes, then lets every
 * job's sampler session read its logits, sample, and end trajectories, whose slots are free for
 * the very next step. Single-threaded: one thread owns the engine and its model.
 */
public final class Engine {

  private final ImageModel model;
  private final EngineOptions options;
  private final SlotPool slots;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final Map<String, Running> running = new LinkedHashMap<>();
  private long step;
  private long headWaitingSince = -1;

  private record Pending(EngineJob job, JobSession session, long submittedNanos) {}

  /** A job in flight: which slot each live trajectory holds, and the token it feeds next. */
  private static final class Running {
    final EngineJob job;
    final JobSession session;
    final Map<Integer, Integer> slotOf = new HashMap<>();
    final Map<Integer, Integer> lastToken = new HashMap<>();
    final List<TraceRow> trace = new ArrayList<>();
    final long queuedNanos;
    final long startedNanos = System.nanoTime();
    boolean prefilled;
    long visualTokens;

    Running(EngineJob job, JobSession session, long queuedNanos) {
      this.job = job;
      this.session = session;
      this.queuedNanos = queuedNanos;
    }
  }

  public Engine(ImageModel model, EngineOptions options) {
    this.model = model;
    this.options = options;
    this.slots = new SlotPool(model.info().rowCapacity());
  }

  /** Queues a job; its session starts now, so a job the sampler refuses fails here, not later. */
  public void submit(EngineJob job) {
    if (running.containsKey(job.jobId()) || pending.stream().anyMatch(p -> p.job().jobId().equals(job.jobId()))) {
      throw new IllegalArgumentException("job " + job.jobId() + " is already in the engine");
    }
    model.validatePrompt(job.prompt());
    JobSession session = job.strategy().start(job.sampling());
    if (session.liveTrajectories().length > slots.capacity()) {
      throw new IllegalArgumentException("job " + job.jobId() + " needs " + session.liveTrajectories().length
          + " trajectory slots; this engine has " + slots.capacity());
    }
    pending.add(new Pending(job, session, System.nanoTime()));
  }

  /** Drops a pending or running job at once; its slots are free for the next step. */
  public Optional<EngineJob> cancel(String jobId) {
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.job().jobId().equals(jobId)) {
        it.remove();
        return Optional.of(p.job());
      }
    }
    Running r = running.remove(jobId);
    if (r == null) {
      return Optional.empty();
    }
    r.slotOf.values().forEach(this::free);
    return Optional.of(r.job);
  }

  /** One step. Returns at once with an idle report when there is nothing to run. */
  public StepReport step() {
    step++;
    List<StepReport.Started> started = admit();
    // Plan: the rows of every live trajectory, prefill for the newly admitted.
    List<Running> prefillJobs = new ArrayList<>();
    List<ImageModel.Prefill> prefills = new ArrayList<>();
    List<Running> decodeJobs = new ArrayList<>();
    List<ImageModel.Decode> decodes = new ArrayList<>();
    int busy = 0;
    for (Running r : running.values()) {
      for (int n : r.session.liveTrajectories()) {
        ImageModel.Rows rows = SlotPool.rows(r.slotOf.get(n));
        busy++;
        if (!r.prefilled) {
          prefills.add(new ImageModel.Prefill(rows, r.job.prompt()));
        } else {
          decodes.add(new ImageModel.Decode(rows, r.session.nextStep() - 1, r.lastToken.get(n)));
        }
      }
      (r.prefilled ? decodeJobs : prefillJobs).add(r);
    }
    if (busy == 0) {
      return new StepReport(step, started, List.of(), List.of(), List.of(), 0, slots.capacity(), 0);
    }
    // Model.
    long t0 = System.nanoTime();
    ImageModel.GuidedLogits prefillLogits = prefills.isEmpty() ? null : model.prefill(prefills);
    ImageModel.GuidedLogits decodeLogits = decodes.isEmpty() ? null : model.step(decodes);
    long modelNanos = System.nanoTime() - t0;
    // Apply.
    List<StepReport.Pruned> pruned = new ArrayList<>();
    List<StepReport.Progress> progress = new ArrayList<>();
    List<StepReport.Finished> finished = new ArrayList<>();
    apply(prefillJobs, prefillLogits, pruned, progress, finished);
    apply(decodeJobs, decodeLogits, pruned, progress, finished);
    return new StepReport(step, started, pruned, progress, finished, busy, slots.capacity(), modelNanos);
  }

  private void apply(List<Running> jobs, ImageModel.GuidedLogits logits, List<StepReport.Pruned> pruned,
      List<StepReport.Progress> progress, List<StepReport.Finished> finished) {
    int row = 0;
    for (Running r : jobs) {
      int[] live = r.session.liveTrajectories();
      List<TrajectoryLogits> input = new ArrayList<>(live.length);
      for (int n : live) {
        input.add(new TrajectoryLogits(n, logits.cond()[row], logits.uncond()[row]));
        row++;
      }
      r.prefilled = true;
      StepResult result = r.session.step(new StepInput(input));
      r.visualTokens += live.length;
      r.trace.addAll(result.trace());
      for (SampledToken t : result.tokens()) {
        r.lastToken.put(t.trajectory(), t.token());
      }
      for (StateCopy c : result.copies()) {
        int src = r.slotOf.get(c.source());
        int dst = r.slotOf.get(c.destination());
        model.copyRow(2 * src, 2 * dst);
        model.copyRow(2 * src + 1, 2 * dst + 1);
        r.lastToken.put(c.destination(), r.lastToken.get(c.source()));
      }
      for (TrajectoryEnd end : result.ended()) {
        free(r.slotOf.remove(end.trajectory()));
        if (end.reason() != EndReason.FINISHED) {
          TraceRow last = lastRow(result.trace(), end.trajectory());
          pruned.add(new StepReport.Pruned(r.job, end.trajectory(), result.step(), end.reason(),
              last == null ? Double.NaN : last.c(), last == null ? Double.NaN : last.theta()));
        }
      }
      if (result.done()) {
        running.remove(r.job.jobId());
        r.slotOf.values().forEach(this::free);
        finished.add(new StepReport.Finished(r.job, r.session.finish(), List.copyOf(r.trace), r.queuedNanos,
            System.nanoTime() - r.startedNanos));
      } else if ((result.step() + 1) % options.progressEvery() == 0) {
        progress.add(progressOf(r, result));
      }
    }
  }

  private static TraceRow lastRow(List<TraceRow> rows, int trajectory) {
    for (int i = rows.size() - 1; i >= 0; i--) {
      if (rows.get(i).trajectory() == trajectory) {
        return rows.get(i);
      }
    }
    return null;
  }

  private StepReport.Progress progressOf(Running r, StepResult result) {
    double[] c = result.trace().stream().filter(t -> r.slotOf.containsKey(t.trajectory())).mapToDouble(TraceRow::c)
        .filter(Double::isFinite).sorted().toArray();
    double theta = result.trace().isEmpty() ? Double.NaN : result.trace().get(0).theta();
    return new StepReport.Progress(r.job, result.step() + 1, r.session.job().grid().length(),
        r.session.liveTrajectories().length, r.visualTokens,
        Double.isFinite(theta) ? OptionalDouble.of(theta) : OptionalDouble.empty(), c, List.copyOf(result.trace()));
  }

  /** Moves pending jobs into free slots (see {@link Admission}). */
  private List<StepReport.Started> admit() {
    List<StepReport.Started> started = new ArrayList<>();
    if (options.admission() == Admission.STATIC && !running.isEmpty()) {
      return started;
    }
    boolean holdForHead = false;
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      boolean head = p == pending.peekFirst();
      int need = p.session().liveTrajectories().length;
      if (need > slots.free()) {
        if (head) {
          if (headWaitingSince < 0) {
            headWaitingSince = step;
          }
          holdForHead = step - headWaitingSince >= options.agingSteps();
        }
        if (holdForHead || options.admission() == Admission.STATIC) {
          break;
        }
        continue;
      }
      if (head) {
        headWaitingSince = -1;
      }
      int[] taken = slots.take(need);
      Running r = new Running(p.job(), p.session(), System.nanoTime() - p.submittedNanos());
      int[] live = p.session().liveTrajectories();
      for (int i = 0; i < live.length; i++) {
        r.slotOf.put(live[i], taken[i]);
      }
      running.put(p.job().jobId(), r);
      it.remove();
      started.add(new StepReport.Started(p.job(), live.length, p.session().job().grid().length(), r.queuedNanos));
    }
    return started;
  }

  private void free(int slot) {
    slots.give(slot);
    model.release(2 * slot, 2 * slot + 1);
  }

  public int capacity() {
    return slots.capacity();
  }

  public int busySlots() {
    return slots.inUse();
  }

  public int pendingJobs() {
    return pending.size();
  }

  public int runningJobs() {
    return running.size();
  }

  public int pendingTrajectories() {
    return pending.stream().mapToInt(p -> p.session().liveTrajectories().length).sum();
  }

  public int liveTrajectories() {
    return running.values().stream().mapToInt(r -> r.session.liveTrajectories().length).sum();
  }

  /** Remaining trajectory-steps of every job held (what an autoscaler should scale on). */
  public long pendingTrajectorySteps() {
    long sum = 0;
    for (Running r : running.values()) {
      sum += (long) r.session.liveTrajectories().length * (r.session.job().grid().length() - r.session.nextStep());
    }
    for (Pending p : pending) {
      sum += (long) p.session().liveTrajectories().length * p.session().job().grid().length();
    }
    return sum;
  }

  public boolean isIdle() {
    return pending.isEmpty() && running.isEmpty();
  }

  /** Drops every job that has not started (a draining worker hands them back); returns them. */
  public List<EngineJob> cancelPending() {
    List<EngineJob> dropped = new ArrayList<>();
    pending.forEach(p -> dropped.add(p.job()));
    pending.clear();
    headWaitingSince = -1;
    return dropped;
  }

  /** Jobs held, running first. */
  public List<EngineJob> heldJobs() {
    List<EngineJob> jobs = new ArrayList<>();
    running.values().forEach(r -> jobs.add(r.job));
    pending.forEach(p -> jobs.add(p.job()));
    return jobs;
  }

  /** Job ids held, running first. */
  public List<String> jobIds() {
    List<String> ids = new ArrayList<>(running.keySet());
    pending.forEach(p -> ids.add(p.job().jobId()));
    return ids;
  }

}

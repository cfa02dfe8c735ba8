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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Continuous batching of sampling jobs over one model. Each {@link #step()} is plan → model →
 * apply: {@link #plan()} admits pending jobs into free slots (its {@link AdmissionPolicy}) and lays
 * out every live trajectory's rows as a {@link StepPlan}; the model runs the plan; and {@link
 * #apply} lets every job's sampler session read its logits, sample and end trajectories, whose
 * slots are free for the very next step. One thread owns the engine and its model; only the
 * sessions' own steps may run on more ({@link EngineOptions#samplerThreads}, {@link SessionSteps}),
 * and everything they lead to is applied on the owner's thread, in plan order.
 *
 * @param <A> what callers attach to their jobs (given back in every report)
 */
public final class Engine<A> {

  private final ImageModel model;
  private final EngineOptions options;
  private final AdmissionPolicy admission;
  private final SlotPool slots;
  private final SessionSteps sessions;
  private final Map<String, Pending<A>> pending = new LinkedHashMap<>();
  private final Map<String, Running<A>> running = new LinkedHashMap<>();

  /** Model bookkeeping from the last apply, run by the next plan before its prefills. */
  private final List<StepPlan.RowCopy> copies = new ArrayList<>();

  private final List<ImageModel.Rows> released = new ArrayList<>();
  private long step;

  private record Pending<A>(
      EngineJob<A> job, JobSession session, long submittedNanos, long submittedStep) {}

  /** A job in flight: which slot each live trajectory holds, and the token it feeds next. */
  private static final class Running<A> {
    final EngineJob<A> job;
    final JobSession session;
    final Map<Integer, Integer> slotOf = new HashMap<>();
    final Map<Integer, Integer> lastToken = new HashMap<>();
    final List<TraceRow> trace = new ArrayList<>();
    final long queuedNanos;
    final long startedNanos = System.nanoTime();
    boolean prefilled;
    long visualTokens;

    Running(EngineJob<A> job, JobSession session, long queuedNanos) {
      this.job = job;
      this.session = session;
      this.queuedNanos = queuedNanos;
    }
  }

  public Engine(ImageModel model, EngineOptions options) {
    this.model = model;
    this.options = options;
    this.admission = options.admission().policy(options, model.stepCost());
    this.slots = new SlotPool(model.info().rowCapacity());
    this.sessions = new SessionSteps(options.samplerThreads());
  }

  /** Whether the job is queued or running here. */
  public boolean holds(String jobId) {
    return running.containsKey(jobId) || pending.containsKey(jobId);
  }

  /** Queues a job; its session starts now, so a job the sampler refuses fails here, not later. */
  public void submit(EngineJob<A> job) {
    if (holds(job.jobId())) {
      throw new IllegalArgumentException("job " + job.jobId() + " is already in the engine");
    }
    model.validatePrompt(job.prompt());
    JobSession session = job.strategy().start(job.sampling());
    if (session.liveTrajectories().length > slots.capacity()) {
      throw new IllegalArgumentException(
          "job "
              + job.jobId()
              + " needs "
              + session.liveTrajectories().length
              + " trajectory slots; this engine has "
              + slots.capacity());
    }
    pending.put(job.jobId(), new Pending<>(job, session, System.nanoTime(), step));
  }

  /** Drops a pending or running job at once; its slots are free for the next step. */
  public Optional<EngineJob<A>> cancel(String jobId) {
    Pending<A> p = pending.remove(jobId);
    if (p != null) {
      return Optional.of(p.job());
    }
    Running<A> r = running.remove(jobId);
    if (r == null) {
      return Optional.empty();
    }
    dropCopiesOf(r);
    r.slotOf.values().forEach(this::free);
    return Optional.of(r.job);
  }

  /** One step: plan → model → apply. Returns at once with an idle report when nothing runs. */
  public StepReport<A> step() {
    StepPlan<A> plan = plan();
    if (plan.idle()) {
      return new StepReport<>(
          plan.step(),
          plan.admitted(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          0,
          slots.capacity(),
          0);
    }
    StepPlan.Logits logits;
    try {
      logits = plan.runOn(model);
    } catch (RuntimeException e) {
      // One batched call for every row: which job broke it cannot be told, so each of them fails
      // with the reason; the engine, the worker and the jobs still pending go on.
      List<StepReport.Failed<A>> failed = new ArrayList<>();
      for (StepPlan.JobRows<?> rows :
          java.util.stream.Stream.concat(plan.prefill().stream(), plan.decode().stream())
              .toList()) {
        Running<A> r = running.remove(rows.jobId());
        dropCopiesOf(r);
        r.slotOf.values().forEach(this::free);
        failed.add(new StepReport.Failed<>(r.job, "the model failed in a step of this job: " + e));
      }
      return new StepReport<>(
          plan.step(),
          plan.admitted(),
          List.of(),
          List.of(),
          List.of(),
          failed,
          plan.busySlots(),
          slots.capacity(),
          0);
    }
    return apply(plan, logits);
  }

  /**
   * Admits what the policy chooses and lays out the step's rows; leaves the bookkeeping to the
   * model.
   */
  StepPlan<A> plan() {
    step++;
    List<StepReport.Started<A>> admitted = admit();
    List<StepPlan.RowCopy> moves = options.compactRows() ? compact() : List.of();
    List<StepPlan.JobRows<ImageModel.Prefill>> prefill = new ArrayList<>();
    List<StepPlan.JobRows<ImageModel.Decode>> decode = new ArrayList<>();
    for (Running<A> r : running.values()) {
      int[] live = r.session.liveTrajectories();
      if (!r.prefilled) {
        List<ImageModel.Prefill> rows = new ArrayList<>(live.length);
        for (int n : live) {
          rows.add(new ImageModel.Prefill(SlotPool.rows(r.slotOf.get(n)), r.job.prompt()));
        }
        prefill.add(new StepPlan.JobRows<>(r.job.jobId(), live, rows));
      } else {
        List<ImageModel.Decode> rows = new ArrayList<>(live.length);
        for (int n : live) {
          rows.add(
              new ImageModel.Decode(
                  SlotPool.rows(r.slotOf.get(n)), r.session.nextStep() - 1, r.lastToken.get(n)));
        }
        decode.add(new StepPlan.JobRows<>(r.job.jobId(), live, rows));
      }
    }
    StepPlan<A> plan = new StepPlan<>(step, admitted, copies, released, moves, prefill, decode);
    if (!plan.idle()) {
      copies.clear();
      released.clear();
    }
    return plan;
  }

  /** Advances every planned job's session with its logits; returns what happened. */
  StepReport<A> apply(StepPlan<A> plan, StepPlan.Logits logits) {
    List<StepReport.Pruned<A>> pruned = new ArrayList<>();
    List<StepReport.Progress<A>> progress = new ArrayList<>();
    List<StepReport.Finished<A>> finished = new ArrayList<>();
    List<StepReport.Failed<A>> failed = new ArrayList<>();
    Outcomes<A> out = new Outcomes<>(pruned, progress, finished, failed);
    List<Running<A>> jobs = new ArrayList<>();
    List<SessionSteps.Work> work = new ArrayList<>();
    collect(plan.prefill(), logits.prefill(), jobs, work);
    collect(plan.decode(), logits.decode(), jobs, work);
    List<SessionSteps.Outcome> outcomes = sessions.run(work);
    for (int i = 0; i < jobs.size(); i++) {
      applyJob(jobs.get(i), work.get(i).input(), outcomes.get(i), out);
    }
    return new StepReport<>(
        plan.step(),
        plan.admitted(),
        pruned,
        progress,
        finished,
        failed,
        plan.busySlots(),
        slots.capacity(),
        logits.modelNanos());
  }

  private record Outcomes<A>(
      List<StepReport.Pruned<A>> pruned,
      List<StepReport.Progress<A>> progress,
      List<StepReport.Finished<A>> finished,
      List<StepReport.Failed<A>> failed) {}

  /** Each planned job's running state and its step input, in plan order. */
  private void collect(
      List<? extends StepPlan.JobRows<?>> planned,
      ImageModel.GuidedLogits logits,
      List<Running<A>> jobs,
      List<SessionSteps.Work> work) {
    int row = 0;
    for (StepPlan.JobRows<?> rows : planned) {
      Running<A> r = running.get(rows.jobId());
      List<TrajectoryLogits> input = new ArrayList<>(rows.trajectories().length);
      for (int n : rows.trajectories()) {
        input.add(new TrajectoryLogits(n, logits.cond()[row], logits.uncond()[row]));
        row++;
      }
      jobs.add(r);
      work.add(new SessionSteps.Work(r.session, new StepInput(input)));
    }
  }

  private void applyJob(
      Running<A> r, StepInput input, SessionSteps.Outcome outcome, Outcomes<A> out) {
    r.prefilled = true;
    if (outcome instanceof SessionSteps.Broke broke) {
      // This job's logits broke its session (NaN, +Infinity): it fails alone, the step goes on.
      running.remove(r.job.jobId());
      dropCopiesOf(r);
      r.slotOf.values().forEach(this::free);
      out.failed()
          .add(
              new StepReport.Failed<>(
                  r.job,
                  "sampling failed at step "
                      + r.session.nextStep()
                      + ": "
                      + broke.error().getMessage()));
      return;
    }
    StepResult result = ((SessionSteps.Stepped) outcome).result();
    r.visualTokens += input.rows().size();
    r.trace.addAll(result.trace());
    for (SampledToken t : result.tokens()) {
      r.lastToken.put(t.trajectory(), t.token());
    }
    // Slots are looked up before the step's ends free them; a finished job's copies are moot.
    List<StepPlan.RowCopy> jobCopies = new ArrayList<>(result.copies().size());
    for (StateCopy c : result.copies()) {
      jobCopies.add(
          new StepPlan.RowCopy(
              SlotPool.rows(r.slotOf.get(c.source())),
              SlotPool.rows(r.slotOf.get(c.destination()))));
      r.lastToken.put(c.destination(), r.lastToken.get(c.source()));
    }
    for (TrajectoryEnd end : result.ended()) {
      free(r.slotOf.remove(end.trajectory()));
      if (end.reason() != EndReason.FINISHED) {
        TraceRow last = lastRow(result.trace(), end.trajectory());
        out.pruned()
            .add(
                new StepReport.Pruned<>(
                    r.job,
                    end.trajectory(),
                    result.step(),
                    end.reason(),
                    last == null ? Double.NaN : last.c(),
                    last == null ? Double.NaN : last.theta()));
      }
    }
    if (result.done()) {
      running.remove(r.job.jobId());
      r.slotOf.values().forEach(this::free);
      out.finished()
          .add(
              new StepReport.Finished<>(
                  r.job,
                  r.session.finish(),
                  List.copyOf(r.trace),
                  r.queuedNanos,
                  System.nanoTime() - r.startedNanos));
      return;
    }
    copies.addAll(jobCopies);
    if ((result.step() + 1) % options.progressEvery() == 0) {
      out.progress().add(progressOf(r, result));
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

  private StepReport.Progress<A> progressOf(Running<A> r, StepResult result) {
    double[] c =
        result.trace().stream()
            .filter(t -> r.slotOf.containsKey(t.trajectory()))
            .mapToDouble(TraceRow::c)
            .filter(Double::isFinite)
            .sorted()
            .toArray();
    double theta = result.trace().isEmpty() ? Double.NaN : result.trace().get(0).theta();
    return new StepReport.Progress<>(
        r.job,
        result.step() + 1,
        r.session.job().grid().length(),
        r.session.liveTrajectories().length,
        r.visualTokens,
        Double.isFinite(theta) ? OptionalDouble.of(theta) : OptionalDouble.empty(),
        c,
        List.copyOf(result.trace()));
  }

  /** Moves the jobs the admission policy picks into free slots. */
  private List<StepReport.Started<A>> admit() {
    List<AdmissionPolicy.Queued> queued = new ArrayList<>(pending.size());
    for (Pending<A> p : pending.values()) {
      queued.add(
          new AdmissionPolicy.Queued(
              p.job().jobId(),
              p.session().liveTrajectories().length,
              p.session().job().grid().length(),
              step - p.submittedStep()));
    }
    List<AdmissionPolicy.Running> held = new ArrayList<>(running.size());
    for (Running<A> r : running.values()) {
      int next =
          r.session.nextStep(); // tokens sampled so far; the coming decode feeds the last of them
      held.add(
          new AdmissionPolicy.Running(
              r.job.jobId(),
              r.session.liveTrajectories().length,
              Math.max(0, next - 1),
              r.session.job().grid().length() - next));
    }
    List<AdmissionPolicy.Queued> chosen =
        admission.admit(
            new AdmissionPolicy.Queue(step, queued, slots.free(), slots.capacity(), held));
    List<StepReport.Started<A>> started = new ArrayList<>(chosen.size());
    for (AdmissionPolicy.Queued q : chosen) {
      Pending<A> p = pending.get(q.jobId());
      int[] live = p == null ? new int[0] : p.session().liveTrajectories();
      if (p == null || live.length > slots.free()) {
        throw new IllegalStateException(
            "admission policy "
                + admission.getClass().getSimpleName()
                + " chose "
                + q.jobId()
                + ", which is not pending or does not fit");
      }
      pending.remove(q.jobId());
      int[] taken = slots.take(live.length);
      Running<A> r = new Running<>(p.job(), p.session(), System.nanoTime() - p.submittedNanos());
      for (int i = 0; i < live.length; i++) {
        r.slotOf.put(live[i], taken[i]);
      }
      running.put(p.job().jobId(), r);
      started.add(
          new StepReport.Started<>(
              p.job(), live.length, p.session().job().grid().length(), r.queuedNanos));
    }
    return started;
  }

  /**
   * Moves trajectories that are decoding from the top of the slots in use into the holes that ended
   * trajectories left below, highest first, until the slots in use are the lowest ones. The model
   * reads a dense range of rows as a view of its cache but must gather scattered rows in every
   * layer of every step; a move is one copy of the trajectory's two rows. Trajectories not yet
   * prefilled are left where admission put them (it takes the lowest free slots already).
   */
  private List<StepPlan.RowCopy> compact() {
    int inUse = slots.inUse();
    int hole = slots.lowestFree();
    if (hole < 0 || hole >= inUse) {
      return List.of(); // the slots in use are already the lowest ones
    }
    TreeMap<Integer, Placed<A>> above = new TreeMap<>(Comparator.reverseOrder());
    for (Running<A> r : running.values()) {
      if (r.prefilled) {
        r.slotOf.forEach(
            (trajectory, slot) -> {
              if (slot >= inUse) above.put(slot, new Placed<>(r, trajectory));
            });
      }
    }
    List<StepPlan.RowCopy> moves = new ArrayList<>();
    for (Map.Entry<Integer, Placed<A>> m : above.entrySet()) {
      int source = m.getKey();
      int destination = slots.lowestFree();
      if (destination < 0 || destination > source) {
        break;
      }
      slots.takeSlot(destination);
      slots.give(source); // the move releases its rows once it has copied them
      m.getValue().job().slotOf.put(m.getValue().trajectory(), destination);
      moves.add(new StepPlan.RowCopy(SlotPool.rows(source), SlotPool.rows(destination)));
    }
    return moves;
  }

  /** A running job's trajectory, by the slot it holds. */
  private record Placed<A>(Running<A> job, int trajectory) {}

  private void free(int slot) {
    slots.give(slot);
    released.add(SlotPool.rows(slot));
  }

  /** A cancelled job's pending cache copies would write into slots that are no longer its own. */
  private void dropCopiesOf(Running<A> r) {
    List<ImageModel.Rows> own = r.slotOf.values().stream().map(SlotPool::rows).toList();
    copies.removeIf(c -> own.contains(c.destination()));
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
    return pending.values().stream().mapToInt(p -> p.session().liveTrajectories().length).sum();
  }

  public int liveTrajectories() {
    return running.values().stream().mapToInt(r -> r.session.liveTrajectories().length).sum();
  }

  /** Remaining trajectory-steps of every job held (what an autoscaler should scale on). */
  public long pendingTrajectorySteps() {
    long sum = 0;
    for (Running<A> r : running.values()) {
      sum +=
          (long) r.session.liveTrajectories().length
              * (r.session.job().grid().length() - r.session.nextStep());
    }
    for (Pending<A> p : pending.values()) {
      sum += (long) p.session().liveTrajectories().length * p.session().job().grid().length();
    }
    return sum;
  }

  public boolean isIdle() {
    return pending.isEmpty() && running.isEmpty();
  }

  /** Drops every job that has not started (a draining worker hands them back); returns them. */
  public List<EngineJob<A>> cancelPending() {
    List<EngineJob<A>> dropped = new ArrayList<>();
    pending.values().forEach(p -> dropped.add(p.job()));
    pending.clear();
    return dropped;
  }

  /** Jobs held, running first. */
  public List<EngineJob<A>> heldJobs() {
    List<EngineJob<A>> jobs = new ArrayList<>();
    running.values().forEach(r -> jobs.add(r.job));
    pending.values().forEach(p -> jobs.add(p.job()));
    return jobs;
  }

  /** Job ids held, running first. */
  public List<String> jobIds() {
    List<String> ids = new ArrayList<>(running.keySet());
    ids.addAll(pending.keySet());
    return ids;
  }
}

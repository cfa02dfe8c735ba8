package dev.scalingar.bench.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalingar.engine.Admission;
import dev.scalingar.engine.AdmissionPolicy;
import dev.scalingar.engine.EngineOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated worker runs the engine's own policies and honours what they decide. */
class AdmissionInSimulationTest {

  static final PruningProfile TUNED = PruningProfile.shipped().get("scalingar_tuned");

  /**
   * Admissions into an engine that already runs a job, over bench-fleet's 32 jobs on one worker.
   */
  static int admissionsBesideRunning(Admission a, CostLine line) {
    AdmissionPolicy policy = a.policy(EngineOptions.defaults().withAdmission(a), line.stepCost());
    SimWorker w = new SimWorker(0, 32, policy, line, true, 0);
    for (int i = 0; i < 32; i++) {
      w.submit(new SimJob(i, 0, TUNED.job(i, 256), 256));
    }
    int beside = 0, finished = 0;
    double t = 0;
    while (true) {
      int runningBefore = w.runningJobs();
      int pendingBefore = w.pendingJobs();
      double seconds = w.begin(t);
      if (seconds < 0) {
        break;
      }
      int admitted = pendingBefore - w.pendingJobs();
      if (admitted > 0 && runningBefore > 0) {
        beside++;
      }
      t += seconds;
      finished += w.end().size();
    }
    assertThat(finished).isEqualTo(32);
    return beside;
  }

  @Test
  void staticNeverAdmitsIntoARunningWorker() {
    assertThat(admissionsBesideRunning(Admission.STATIC, CostLine.CPU)).isZero();
  }

  @Test
  void refillFillsSlotsThatPruningFrees() {
    assertThat(admissionsBesideRunning(Admission.REFILL, CostLine.CPU)).isGreaterThan(5);
  }

  @Test
  void adaptiveWaitsForCohortsOnTheCpuLineAndRefillsOnTheGpuLine() {
    int cpu = admissionsBesideRunning(Admission.ADAPTIVE, CostLine.CPU);
    int refill = admissionsBesideRunning(Admission.REFILL, CostLine.CPU);
    int gpu = admissionsBesideRunning(Admission.ADAPTIVE, CostLine.GPU_H200);
    int refillGpu = admissionsBesideRunning(Admission.REFILL, CostLine.GPU_H200);
    assertThat(cpu).isLessThan(refill);
    // On the GPU line a call costs the same for 8 rows as for 64: it joins the batch nearly every
    // time REFILL does.
    assertThat(gpu).isGreaterThan(cpu).isBetween(refillGpu - 2, refillGpu);
  }

  @Test
  void aPolicyChoosingWhatDoesNotFitIsRefused() {
    AdmissionPolicy greedy = q -> q.pending(); // everything, whatever the free slots
    SimWorker w = new SimWorker(0, 8, greedy, CostLine.CPU, false, 0);
    SplittableRandom r = new SplittableRandom(1);
    w.submit(new SimJob(0, 0, TUNED.sample(r, 256), 256));
    w.submit(new SimJob(1, 0, TUNED.sample(r, 256), 256));
    assertThatThrownBy(() -> w.begin(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not fit");
  }

  @Test
  void theQueueIsTheEnginesView() {
    var seen = new java.util.ArrayList<AdmissionPolicy.Queue>();
    AdmissionPolicy spy =
        q -> {
          seen.add(q);
          return q.pending().isEmpty() || q.freeSlots() < 8
              ? List.of()
              : List.of(q.pending().get(0));
        };
    SimWorker w = new SimWorker(0, 16, spy, CostLine.CPU, false, 0);
    w.submit(new SimJob(0, 0, new int[] {3, 3, 3, 3, 3, 3, 3, 1}, 3));
    w.submit(new SimJob(1, 0, new int[] {3, 3, 3, 3, 3, 3, 3, 3}, 3));
    w.begin(0); // admits job 0
    w.end();
    w.begin(0); // admits job 1 beside job 0 (7 live after its 1-step trajectory ended)
    AdmissionPolicy.Queue second = seen.get(1);
    assertThat(second.step()).isEqualTo(2);
    assertThat(second.freeSlots()).isEqualTo(9);
    assertThat(second.capacity()).isEqualTo(16);
    assertThat(second.running()).containsExactly(new AdmissionPolicy.Running("0", 7, 0, 2));
    assertThat(second.pending()).containsExactly(new AdmissionPolicy.Queued("1", 8, 3, 2));
  }
}

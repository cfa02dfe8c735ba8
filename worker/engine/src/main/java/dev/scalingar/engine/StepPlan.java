package dev.scalingar.engine;

import dev.scalingar.engine.model.ImageModel;
import java.util.List;

/**
 * What one engine step runs, decided before the model is called: the jobs admitted, the model-state
 * bookkeeping left by the previous step (cache copies from importance resampling, rows of ended
 * trajectories), the trajectories moved down into freed slots so the rows stay dense, and the rows
 * that prefill or decode, grouped by job in the order their logits come back.
 *
 * @param <A> the jobs' attachment type
 */
public record StepPlan<A>(
    long step,
    List<StepReport.Started<A>> admitted,
    List<RowCopy> copies,
    List<ImageModel.Rows> released,
    List<RowCopy> moves,
    List<JobRows<ImageModel.Prefill>> prefill,
    List<JobRows<ImageModel.Decode>> decode) {

  public StepPlan {
    admitted = List.copyOf(admitted);
    copies = List.copyOf(copies);
    released = List.copyOf(released);
    moves = List.copyOf(moves);
    prefill = List.copyOf(prefill);
    decode = List.copyOf(decode);
  }

  /** One job's rows in this step: {@code trajectories[i]} runs {@code rows.get(i)}. */
  public record JobRows<R>(String jobId, int[] trajectories, List<R> rows) {
    public JobRows {
      rows = List.copyOf(rows);
      if (trajectories.length != rows.size()) {
        throw new IllegalArgumentException(
            trajectories.length + " trajectories, " + rows.size() + " rows");
      }
    }
  }

  /**
   * A trajectory's two cache rows copied onto another's (slot {@code source} → {@code
   * destination}).
   */
  public record RowCopy(ImageModel.Rows source, ImageModel.Rows destination) {}

  /** The logits the model returned for this plan (null halves where nothing ran), and its time. */
  public record Logits(
      ImageModel.GuidedLogits prefill, ImageModel.GuidedLogits decode, long modelNanos) {}

  /** Trajectory slots that run this step. */
  public int busySlots() {
    return prefill.stream().mapToInt(j -> j.rows().size()).sum()
        + decode.stream().mapToInt(j -> j.rows().size()).sum();
  }

  public boolean idle() {
    return busySlots() == 0;
  }

  /**
   * Runs the plan on {@code model}: the previous step's copies and releases first (a released slot
   * may be prefilled by a job admitted now, or be a move's destination), then the moves (a copy,
   * then the source's release), then the prefills and decodes in one {@link ImageModel#forward}.
   */
  public Logits runOn(ImageModel model) {
    long t0 = System.nanoTime();
    for (RowCopy c : copies) {
      copy(model, c);
    }
    for (ImageModel.Rows r : released) {
      model.release(r.cond(), r.uncond());
    }
    for (RowCopy m : moves) {
      copy(model, m);
      model.release(m.source().cond(), m.source().uncond());
    }
    List<ImageModel.Prefill> prefills = prefill.stream().flatMap(j -> j.rows().stream()).toList();
    List<ImageModel.Decode> decodes = decode.stream().flatMap(j -> j.rows().stream()).toList();
    ImageModel.StepLogits logits = model.forward(prefills, decodes);
    return new Logits(logits.prefill(), logits.decode(), System.nanoTime() - t0);
  }

  private static void copy(ImageModel model, RowCopy c) {
    model.copyRow(c.source().cond(), c.destination().cond());
    model.copyRow(c.source().uncond(), c.destination().uncond());
  }
}

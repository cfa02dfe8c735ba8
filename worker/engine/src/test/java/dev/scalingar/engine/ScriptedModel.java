package dev.scalingar.engine;

import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.engine.model.ModelInfo;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model whose logits are a script: a function of the trajectory's slot, its prompt and its
 * position. Lets engine tests force confidence patterns (a slot with flat logits is pruned) and
 * record what the engine asked for. As in a real model, the state moves with {@link #copyRow}: the
 * slot the script sees is the one the row's state was prefilled in, so a trajectory the engine
 * moves to another slot keeps its logits.
 */
public final class ScriptedModel implements ImageModel {

  /** The conditional logits of a row pair; the unconditional half is a flattened copy. */
  public interface Script {
    float[] logits(int slot, String prompt, int position, int vocab);
  }

  final List<String> calls = new ArrayList<>();
  final List<int[]> copies = new ArrayList<>();

  /** Per {@link #forward} call, its prefill and decode counts. */
  final List<int[]> forwards = new ArrayList<>();

  private final ModelInfo info;
  private final Script script;
  private final Map<Integer, String> promptOfRow = new HashMap<>();
  private final Map<Integer, Integer> prefilledSlotOfRow = new HashMap<>();

  public ScriptedModel(int slots, int grid, int vocab, Script script) {
    this(new ModelInfo("scripted", vocab, grid, grid, 2.0, 2 * slots), script);
  }

  /** A model that describes itself as {@code info} (its defaults, its grid, its rows). */
  public ScriptedModel(ModelInfo info, Script script) {
    this.info = info;
    this.script = script;
  }

  /**
   * {@code script}, each call taking at least {@code millis}: a job that must still be running when
   * the test acts on it (a quiet machine runs an unpaced script's thousands of steps in a second).
   */
  public static Script paced(long millis, Script script) {
    return (slot, prompt, position, vocab) -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return script.logits(slot, prompt, position, vocab);
    };
  }

  /**
   * Peaked logits on a token that depends on slot and position, flat logits for the {@code weak}
   * slots.
   */
  public static Script peakedExcept(int... weak) {
    return (slot, prompt, position, vocab) -> {
      float[] l = new float[vocab];
      for (int w : weak) {
        if (w == slot) {
          return l; // flat: maximal entropy, no margin: low confidence
        }
      }
      l[(slot * 7 + position * 3 + prompt.length()) % vocab] = 6f;
      return l;
    };
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public void validatePrompt(String prompt) {
    if (prompt.isBlank()) {
      throw new IllegalArgumentException("empty prompt");
    }
  }

  @Override
  public GuidedLogits prefill(List<Prefill> trajectories) {
    calls.add("prefill " + trajectories.size());
    float[][] cond = new float[trajectories.size()][];
    float[][] uncond = new float[trajectories.size()][];
    for (int i = 0; i < trajectories.size(); i++) {
      Prefill p = trajectories.get(i);
      promptOfRow.put(p.rows().cond(), p.prompt());
      prefilledSlotOfRow.put(p.rows().cond(), p.rows().cond() / 2);
      cond[i] = script.logits(p.rows().cond() / 2, p.prompt(), 0, info.vocabSize());
      uncond[i] = half(cond[i]);
    }
    return new GuidedLogits(cond, uncond);
  }

  @Override
  public StepLogits forward(List<Prefill> prefills, List<Decode> decodes) {
    forwards.add(new int[] {prefills.size(), decodes.size()});
    return ImageModel.super.forward(prefills, decodes);
  }

  @Override
  public GuidedLogits step(List<Decode> trajectories) {
    calls.add("step " + trajectories.size());
    float[][] cond = new float[trajectories.size()][];
    float[][] uncond = new float[trajectories.size()][];
    for (int i = 0; i < trajectories.size(); i++) {
      Decode d = trajectories.get(i);
      cond[i] =
          script.logits(
              prefilledSlotOfRow.getOrDefault(d.rows().cond(), d.rows().cond() / 2),
              promptOfRow.get(d.rows().cond()),
              d.position() + 1,
              info.vocabSize());
      uncond[i] = half(cond[i]);
    }
    return new GuidedLogits(cond, uncond);
  }

  private static float[] half(float[] l) {
    float[] u = new float[l.length];
    for (int k = 0; k < l.length; k++) {
      u[k] = l[k] / 2;
    }
    return u;
  }

  @Override
  public void release(int... rows) {
    for (int r : rows) {
      promptOfRow.remove(r);
      prefilledSlotOfRow.remove(r);
    }
  }

  @Override
  public void copyRow(int src, int dst) {
    copies.add(new int[] {src, dst});
    if (promptOfRow.containsKey(src)) {
      promptOfRow.put(dst, promptOfRow.get(src));
    }
    if (prefilledSlotOfRow.containsKey(src)) {
      prefilledSlotOfRow.put(dst, prefilledSlotOfRow.get(src));
    }
  }

  @Override
  public BufferedImage decode(int[] grid) {
    return new BufferedImage(info.gridW(), info.gridH(), BufferedImage.TYPE_INT_RGB);
  }

  @Override
  public void close() {}
}

package dev.scalingar.bench;

import dev.scalingar.sampler.TraceRow;
import dev.scalingar.sampler.profile.ConfidenceProfile;
import dev.scalingar.sampler.strategy.GateStage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The raw per-step measurements of every trajectory of one best-of-N job — Hn, m, K, the sampled
 * token's surprisal −log π(token) and the token itself (position = step, raster order) — and
 * ShapesEval's verdict of every image: all the profile reads, so the gate and every candidate
 * signal can be replayed offline in seconds. Best-of-N runs every trajectory to the end at a fixed
 * CFG scale, which is exactly what {@code termination_only} samples until it prunes. (Block scores
 * are a function of Hn or s and the position, recomputed by the replay with the sampler's classes.)
 */
record Signals(
    int prompt,
    String task,
    int trajectories,
    int length,
    float[][] hn,
    float[][] margin,
    float[][] divergence,
    float[][] surprisal,
    int[][] tokens,
    boolean[] correct,
    int gridHeight,
    int gridWidth)
    implements GateStage.Recording {

  /**
   * File magic and version: v1 files (no header, no surprisal) are refused with a message to
   * re-record.
   */
  private static final int MAGIC = 0x53474e32; // "SGN2"

  /** What the gate replay observes: the recorded floats, widened as the profile reads them. */
  @Override
  public void observe(int n, int t, ConfidenceProfile profile) {
    profile.observe(t, hn[n][t], margin[n][t], divergence[n][t], surprisal[n][t]);
  }

  static Signals of(
      int prompt,
      String task,
      int trajectories,
      int h,
      int w,
      List<TraceRow> trace,
      boolean[] correct) {
    int length = h * w;
    float[][] hn = new float[trajectories][length],
        m = new float[trajectories][length],
        k = new float[trajectories][length];
    float[][] s = new float[trajectories][length];
    int[][] tokens = new int[trajectories][length];
    for (TraceRow r : trace) {
      hn[r.trajectory()][r.step()] = (float) r.hn();
      m[r.trajectory()][r.step()] = (float) r.m();
      k[r.trajectory()][r.step()] = (float) r.k();
      s[r.trajectory()][r.step()] = (float) r.surprisal();
      tokens[r.trajectory()][r.step()] = r.token();
    }
    return new Signals(
        prompt, task, trajectories, length, hn, m, k, s, tokens, correct.clone(), h, w);
  }

  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeInt(prompt);
      out.writeUTF(task);
      out.writeInt(trajectories);
      out.writeInt(gridHeight);
      out.writeInt(gridWidth);
      for (int n = 0; n < trajectories; n++) {
        out.writeBoolean(correct[n]);
        for (int t = 0; t < length; t++) {
          out.writeFloat(hn[n][t]);
          out.writeFloat(margin[n][t]);
          out.writeFloat(divergence[n][t]);
          out.writeFloat(surprisal[n][t]);
          out.writeShort(tokens[n][t]);
        }
      }
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  static Signals read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(
            file
                + " is a recording of an older format (no surprisal); delete its folder and record again");
      }
      int prompt = in.readInt();
      String task = in.readUTF();
      int n = in.readInt(), h = in.readInt(), w = in.readInt(), length = h * w;
      float[][] hn = new float[n][length],
          m = new float[n][length],
          k = new float[n][length],
          s = new float[n][length];
      int[][] tokens = new int[n][length];
      boolean[] correct = new boolean[n];
      for (int j = 0; j < n; j++) {
        correct[j] = in.readBoolean();
        for (int t = 0; t < length; t++) {
          hn[j][t] = in.readFloat();
          m[j][t] = in.readFloat();
          k[j][t] = in.readFloat();
          s[j][t] = in.readFloat();
          tokens[j][t] = in.readUnsignedShort();
        }
      }
      return new Signals(prompt, task, n, length, hn, m, k, s, tokens, correct, h, w);
    }
  }
}

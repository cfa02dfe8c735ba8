package dev.scalingar.bench;

import dev.scalingar.sampler.TraceRow;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-step signals the profile reads (Hn, m, K) of every trajectory of one best-of-N job, kept
 * so the gate can be replayed offline under other configs. Best-of-N runs every trajectory to the
 * end at a fixed CFG scale, which is exactly what {@code termination_only} samples until it prunes.
 */
record Signals(int prompt, String task, int trajectories, int length, float[][] hn, float[][] margin,
    float[][] divergence, boolean[] correct, int gridHeight, int gridWidth) {

  static Signals of(int prompt, String task, int trajectories, int h, int w, List<TraceRow> trace, boolean[] correct) {
    int length = h * w;
    float[][] hn = new float[trajectories][length], m = new float[trajectories][length], k = new float[trajectories][length];
    for (TraceRow r : trace) {
      hn[r.trajectory()][r.step()] = (float) r.hn();
      m[r.trajectory()][r.step()] = (float) r.m();
      k[r.trajectory()][r.step()] = (float) r.k();
    }
    return new Signals(prompt, task, trajectories, length, hn, m, k, correct.clone(), h, w);
  }

  void write(Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
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
        }
      }
    }
  }

  static Signals read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int prompt = in.readInt();
      String task = in.readUTF();
      int n = in.readInt(), h = in.readInt(), w = in.readInt(), length = h * w;
      float[][] hn = new float[n][length], m = new float[n][length], k = new float[n][length];
      boolean[] correct = new boolean[n];
      for (int j = 0; j < n; j++) {
        correct[j] = in.readBoolean();
        for (int t = 0; t < length; t++) {
          hn[j][t] = in.readFloat();
          m[j][t] = in.readFloat();
          k[j][t] = in.readFloat();
        }
      }
      return new Signals(prompt, task, n, length, hn, m, k, correct, h, w);
    }
  }
}

package dev.scalingar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident memory (Linux {@code VmHWM}), which counts the model's native tensors
 * as well as the heap. {@link #reset()} restarts the peak where the kernel allows it (writing 5 to
 * {@code /proc/self/clear_refs}); elsewhere the figure is the peak since the process started, or 0
 * off Linux.
 */
final class PeakMemory {

  private PeakMemory() {}

  static void reset() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux, or not allowed: the peak then runs from the start of the process
    }
  }

  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return 0;
  }
}

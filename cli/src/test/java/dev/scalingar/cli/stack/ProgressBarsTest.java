package dev.scalingar.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {

  @Test
  void withoutATerminalTheBarIsPlainLines() {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (ProgressBar bar = ProgressBars.builder("job_1", 256, false, lines::add).build()) {
      bar.setExtraMessage("live 8, pruned 0");
      bar.stepTo(128);
    }
    // closing renders the final state at least
    assertThat(lines).isNotEmpty();
    assertThat(lines).noneMatch(l -> l.contains("\r") || l.contains("\u001b") || l.contains("\n"));
    assertThat(lines.get(lines.size() - 1)).contains("job_1").contains("128/256");
  }
}

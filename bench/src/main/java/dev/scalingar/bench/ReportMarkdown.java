package dev.scalingar.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.md}: the report's tables in the paper's shapes, each cell next to the paper's. */
final class ReportMarkdown {

  private static final Map<String, String> TASK_TITLES =
      Map.of(
          "single_object",
          "single",
          "two_object",
          "two obj",
          "counting",
          "counting",
          "colors",
          "colors",
          "position",
          "position",
          "color_attr",
          "color attr");

  private final Report report;
  private final StringBuilder md = new StringBuilder();

  private ReportMarkdown(Report report) {
    this.report = report;
  }

  static String of(Report report, List<String> figures) {
    return new ReportMarkdown(report).write(figures);
  }

  private String write(List<String> figures) {
    line("# ScalingAR on ShapesEval: the paper's tables, re-measured");
    line("");
    line(
        "Set `%s` (%d prompts), N = %d, seed %d, model `%s`, sampler config %s%s. Accuracy is ShapesEval's verdict of"
            + " the one selected image; overall is GenEval's unweighted mean of the tasks; [brackets] are 95%% intervals"
            + " (Wilson per task, normal for overall and for paired differences). The paper's cells are LlamaGen's on"
            + " GenEval (Table 1) and TIIF-Bench (Tables 2 and 4), and its H200 costs (Table 5).",
        report.set(),
        report.prompts(),
        report.n(),
        report.seed(),
        report.model(),
        report.config().isEmpty()
            ? "= paper defaults and docs/algorithm.md CHOICEs"
            : "overrides " + report.config(),
        report.regret() ? ", pruned trajectories run on in shadow for the regret" : "");
    table1();
    paired();
    ablations(
        "Table 2: profile ablations",
        List.of(
            "scalingar_paper",
            "scalingar_no_cond",
            "scalingar_no_block",
            "scalingar_no_token",
            "base"));
    ablations(
        "Table 4: policy ablations",
        List.of("base", "termination_only", "scheduler_only", "scalingar_paper", "scalingar"));
    table5();
    pruning();
    sweep();
    if (!figures.isEmpty()) {
      line("");
      line("## Figures");
      for (String f : figures) line("").line("![%s](%s)", f, f);
    }
    return md.toString();
  }

  private void table1() {
    line("").line("## Table 1: accuracy per task");
    line("");
    StringBuilder head = new StringBuilder("| strategy |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String t : report.tasks()) {
      head.append(' ').append(TASK_TITLES.getOrDefault(t, t)).append(" |");
      rule.append(" --- |");
    }
    line(head + " overall | paper: two obj / position / color attr / overall |");
    line(rule + " --- | --- |");
    for (String arm :
        List.of(
            "base",
            "is",
            "bon",
            "bon_logprob",
            "scalingar_paper",
            "scalingar_tuned",
            "scalingar",
            "oracle_bon")) {
      Report.ArmSummary a = report.arm(arm);
      if (a == null) continue;
      StringBuilder row = new StringBuilder("| " + label(arm) + " |");
      for (String t : report.tasks()) {
        Report.Accuracy acc = a.perTask().get(t);
        row.append(' ').append(acc == null ? "—" : cell(acc)).append(" |");
      }
      Map<String, Double> paper = PaperFigures.TABLE1.get(arm);
      String paperCell =
          paper == null
              ? "—"
              : String.format(
                  Locale.ROOT,
                  "%.2f / %.2f / %.2f / %.2f",
                  paper.get("two_object"),
                  paper.get("position"),
                  paper.get("color_attr"),
                  paper.get("overall"));
      line(row + " **" + cell(a.overall()) + "** | " + paperCell + " |");
    }
  }

  private void paired() {
    line("").line("## Paired comparisons (same prompts and seeds; exact McNemar)");
    line("");
    line(
        "Δ is the difference in the share of prompts answered correctly; \"wins/losses\" count the prompts only one"
            + " of the two got right.");
    line("");
    line("| strategy | vs base: Δ [95%] | wins/losses | p | vs bon: Δ [95%] | wins/losses | p |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    for (Report.ArmSummary a : report.arms()) {
      if (a.arm().equals("base")) continue;
      line(
          "| %s | %s | %s |",
          label(a.arm()),
          pairedCells(a.vsBase()),
          a.arm().equals("bon") ? "— | — | —" : pairedCells(a.vsBon()));
    }
  }

  private static String pairedCells(Stats.Paired p) {
    if (p == null) return "— | — | —";
    return String.format(
        Locale.ROOT,
        "%+.3f [%+.3f, %+.3f] | %d/%d | %s",
        p.difference(),
        p.differenceInterval().low(),
        p.differenceInterval().high(),
        p.onlyA(),
        p.onlyB(),
        pValue(p.pValue()));
  }

  private void ablations(String title, List<String> arms) {
    if (arms.stream().filter(a -> report.arm(a) != null).count() < 2) return;
    Report.ArmSummary base = report.arm("base");
    line("").line("## " + title);
    line("");
    line(
        "| variant | overall | ratio to base | tokens vs BoN | paper: TIIF overall | paper: ratio to base |");
    line("| --- | --- | --- | --- | --- | --- |");
    for (String arm : arms) {
      Report.ArmSummary a = report.arm(arm);
      if (a == null) continue;
      Double paper = PaperFigures.TIIF_OVERALL.get(arm);
      line(
          "| %s | %s | %s | %.3f | %s | %s |",
          label(arm),
          cell(a.overall()),
          base == null
              ? "—"
              : String.format(
                  Locale.ROOT, "%.2f", a.overall().accuracy() / base.overall().accuracy()),
          a.tokensVsBon(),
          paper == null ? "—" : String.format(Locale.ROOT, "%.1f", paper),
          paper == null
              ? "—"
              : String.format(Locale.ROOT, "%.2f", paper / PaperFigures.TIIF_OVERALL.get("base")));
    }
  }

  private void table5() {
    line("").line("## Table 5: cost");
    line("");
    line(
        "Timings are the engine's, batching up to its capacity of trajectory slots across jobs, on this machine's CPU:"
            + " s/step is one batched engine step; s/image is the run's wall time over its images (throughput), \"job s\""
            + " the mean time from admission to the end of a job. Arms derived from bon share its run.%s",
        report.arms().stream().anyMatch(a -> a.timing().includesShadow())
            ? " Runs marked * ran pruned trajectories on in shadow (--regret): their timings include that compute."
            : "");
    line("");
    line(
        "| strategy | tokens/image | vs BoN | row-steps/image | s/step | s/image | images/min | job s | utilisation"
            + " | peak RSS MB | peak KV MB | accuracy | paper: s/step, s/image, tokens, GB, accuracy |");
    line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Report.ArmSummary a : report.arms()) {
      Report.Timing t = a.timing();
      PaperFigures.Cost paper = PaperFigures.TABLE5.get(a.arm());
      line(
          "| %s%s | %.0f | %.3f | %.0f | %.4f | %.2f | %.1f | %.1f | %.2f | %.0f | %.1f | %.3f | %s |",
          label(a.arm()),
          t.includesShadow() ? "*" : "",
          a.tokensPerImage(),
          a.tokensVsBon(),
          a.rowStepsPerImage(),
          t.secondsPerStep(),
          t.secondsPerImage(),
          t.imagesPerMinute(),
          t.meanJobSeconds(),
          t.utilisation(),
          t.peakRssMb(),
          t.peakKvMb(),
          a.overall().accuracy(),
          paper == null
              ? "—"
              : String.format(
                  Locale.ROOT,
                  "%.3f, %.2f, %.0f, %.2f, %.2f",
                  paper.secondsPerStep(),
                  paper.secondsPerImage(),
                  paper.tokens(),
                  paper.memoryGb(),
                  paper.accuracy()));
    }
  }

  private void pruning() {
    List<Report.ArmSummary> pruners =
        report.arms().stream()
            .filter(
                a ->
                    a.pruning().prunedPerJob() > 0
                        || a.run().startsWith("scalingar")
                        || a.arm().equals("termination_only"))
            .toList();
    if (pruners.isEmpty()) return;
    line("").line("## Pruning");
    line("");
    line(
        "Regret (with --regret): the share of jobs whose selected image is wrong while a pruned trajectory, run on in"
            + " shadow, would have been right; and how often pruned and surviving trajectories are right on their own.");
    line("");
    line(
        "| strategy | survivors/job | pruned/job | termination step: mean / median | regret | pruned right | survivors right |");
    line("| --- | --- | --- | --- | --- | --- | --- |");
    for (Report.ArmSummary a : pruners) {
      Report.Pruning p = a.pruning();
      Report.Regret r = a.regret();
      line(
          "| %s | %.2f | %.2f | %s | %s | %s | %s |",
          label(a.arm()),
          p.meanSurvivors(),
          p.prunedPerJob(),
          Double.isNaN(p.meanTerminationStep())
              ? "—"
              : String.format(
                  Locale.ROOT, "%.0f / %.0f", p.meanTerminationStep(), p.medianTerminationStep()),
          r == null
              ? "—"
              : String.format(
                  Locale.ROOT, "%.3f (%d/%d)", r.rate(), r.wrongWithCorrectPruned(), r.jobs()),
          r == null
              ? "—"
              : String.format(Locale.ROOT, "%.3f of %d", r.prunedAccuracy(), r.pruned()),
          r == null
              ? "—"
              : String.format(Locale.ROOT, "%.3f of %d", r.finisherAccuracy(), r.finishers()));
    }
  }

  private void sweep() {
    if (report.sweep().size() < 2) return;
    line("").line("## Quantile p of the threshold (Fig. 10)");
    line("");
    line("| p | overall accuracy | tokens vs BoN |");
    line("| --- | --- | --- |");
    for (Report.SweepPoint s : report.sweep()) {
      line("| %.2f | %.3f | %.3f |", s.quantile(), s.accuracy(), s.tokensVsBon());
    }
  }

  static String label(String arm) {
    return switch (arm) {
      case "oracle_bon" -> "oracle_bon (upper bound: reads the judge)";
      case "scalingar" -> "scalingar (served: calibrated C, dev-chosen gate)";
      case "scalingar_paper" -> "scalingar_paper (the paper's values)";
      default -> arm;
    };
  }

  private static String cell(Report.Accuracy a) {
    return String.format(Locale.ROOT, "%.3f [%.2f, %.2f]", a.accuracy(), a.low(), a.high());
  }

  private static String pValue(double p) {
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  private ReportMarkdown line(String format, Object... args) {
    md.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    return this;
  }
}

package dev.scalingar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalingar.cli.stack.StackState;
import dev.scalingar.schemas.OutputSchemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The machine-readable outputs of the command line, as the commands themselves write them, against
 * their schemas and golden shapes (docs/outputs.md).
 */
class OutputContractsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code ./scalingar ARGS} in this JVM; what the command prints to System.out. */
  private static String run(String... args) {
    PrintStream before = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThat(new CommandLine(new Main()).execute(args)).as(String.join(" ", args)).isZero();
    } finally {
      System.setOut(before);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void modelEvalWritesTheModelEvalShape(@TempDir Path out) throws Exception {
    run("model-eval", "--set", "dev", "--limit", "6", "--n", "2", "--out", out.toString());
    JsonNode written = JSON.readTree(out.resolve("model-eval-dev.json").toFile());
    assertThat(OutputSchemas.check("model-eval", written)).isEmpty();
    assertThat(written.get("prompts").asInt()).isEqualTo(6);
  }

  @Test
  void statusJsonPrintsTheStackStatusShape(@TempDir Path dir) throws Exception {
    long self = ProcessHandle.current().pid(); // alive, so status exits 0
    new StackState(
            "http://127.0.0.1:18080",
            "sk-test",
            "whsec_dGVzdA==",
            "127.0.0.1:19092",
            "http://127.0.0.1:19000",
            "scalingar",
            "local",
            "local-secret",
            Map.of("gateway", self, "worker", self),
            dir.resolve("logs").toString())
        .write(dir);
    String printed = run("status", "--dir", dir.toString(), "--json");
    assertThat(printed.strip()).doesNotContain("\n"); // one line, for `| jq`
    assertThat(OutputSchemas.check("stack-status", JSON.readTree(printed))).isEmpty();
    assertThat(JSON.readTree(Files.readString(StackState.file(dir))))
        .isEqualTo(JSON.readTree(printed));
  }
}

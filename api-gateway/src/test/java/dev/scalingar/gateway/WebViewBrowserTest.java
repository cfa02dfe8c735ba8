package dev.scalingar.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalingar.infra.EmbeddedS3;
import dev.scalingar.schemas.events.WorkerHeartbeat;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web view in a real headless Chromium (Debian's, driven by puppeteer-core from
 * src/test/browser/web-view.mjs) against the real gateway and broker, with objects in a real S3
 * server. The test plays the worker: when the browser has submitted a job through the form and its
 * page follows the stream, it publishes progress with curves and a prune; when the page shows them,
 * the completion. The script checks each page as a person would see it (see its comments). {@code
 * -Dui.screenshots=DIR} saves the job page mid-run and at the end, and the fleet page.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class WebViewBrowserTest {

  static final String WORKER = "browser-test-worker";

  @TestHTTPResource("/")
  URI base;

  @Test
  void aPersonSubmitsAJobWatchesItPruneAndSeesTheImage() throws Exception {
    Path chromium = Browser.prepare();
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "GATEWAY_URL",
                base.toString(),
                "ACME_KEY",
                TestTenant.ACME.apiKey,
                "GLOBEX_KEY",
                TestTenant.GLOBEX.apiKey,
                "WORKER_ID",
                WORKER,
                "CHROMIUM",
                chromium.toString()));
    String shots = System.getProperty("ui.screenshots", "");
    if (!shots.isEmpty()) {
      Files.createDirectories(Path.of(shots));
      env.put("SCREENSHOT_DIR", Path.of(shots).toAbsolutePath().toString());
    }
    List<String> output = new ArrayList<>();
    try (EmbeddedS3 s3 = EmbeddedS3.inMemory(0);
        TestWorker worker = new TestWorker()) {
      // A worker of 8 slots with 3 busy, heard from a minute ago at most, for the fleet page.
      worker.heartbeat(new WorkerHeartbeat(WORKER, 120_000, 8, 3, 3, 1, 0, 0, 3 * 32, false));
      Process node = Browser.run("web-view.mjs", env);
      try (BufferedReader lines = Browser.lines(node)) {
        PlayedJob job = null;
        for (String line; (line = lines.readLine()) != null; ) {
          output.add(line);
          if (line.startsWith("STEP SUBMITTED ")) {
            job = new PlayedJob(line.substring("STEP SUBMITTED ".length()), TestTenant.ACME.id);
            job.playLive(worker);
          } else if (line.startsWith("STEP LIVE") && job != null) {
            job.complete(worker, s3);
          }
        }
      } finally {
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
      assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
    }
    assertThat(output)
        .as(String.join("\n", output))
        .contains("RESULT ok")
        .anyMatch(l -> l.startsWith("STEP wrong-key-refused"))
        .anyMatch(l -> l.startsWith("STEP field-error"))
        .anyMatch(l -> l.startsWith("STEP LIVE"))
        .anyMatch(l -> l.startsWith("STEP completed"))
        .anyMatch(l -> l.startsWith("STEP other-tenant-404"))
        .anyMatch(l -> l.startsWith("STEP fleet"))
        .anyMatch(l -> l.startsWith("STEP no-key-in-urls"));
  }
}

package dev.scalingar.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTargetGuardTest {

  private final WebhookTargetGuard strict = new WebhookTargetGuard(List.of());

  @Test
  void refusesPrivateLoopbackLinkLocalAndUniqueLocalTargets() {
    for (String url :
        List.of(
            "http://127.0.0.1/x",
            "http://localhost:8080/x",
            "http://10.0.0.7/",
            "http://172.16.3.4/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/")) {
      assertThat(strict.checkWithoutDns(URI.create(url))).as(url).isPresent();
    }
  }

  @Test
  void allowsPublicAddressesAndLeavesNamesToTheDeliveryCheck() {
    assertThat(strict.checkWithoutDns(URI.create("https://93.184.216.34/hook"))).isEmpty();
    assertThat(strict.checkWithoutDns(URI.create("https://hooks.example.com/hook"))).isEmpty();
  }

  @Test
  void refusesOtherSchemesAndCredentials() {
    assertThat(strict.checkWithoutDns(URI.create("ftp://example.com/"))).isPresent();
    assertThat(strict.checkWithoutDns(URI.create("https://user:pw@example.com/"))).isPresent();
  }

  @Test
  void allowListedAddressesAndBlocksPass() {
    WebhookTargetGuard guard = new WebhookTargetGuard(List.of("127.0.0.1", "10.1.0.0/16"));
    assertThat(guard.checkWithoutDns(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
    assertThat(guard.checkResolved(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
    assertThat(guard.checkWithoutDns(URI.create("http://10.1.200.3/"))).isEmpty();
    assertThat(guard.checkWithoutDns(URI.create("http://10.2.0.1/"))).isPresent();
    assertThat(guard.checkWithoutDns(URI.create("http://127.0.0.2/"))).isPresent();
  }

  /**
   * Production keeps the guard: the gateway's shipped configuration exempts nothing. Only the local
   * stack (dev only) passes loopback blocks, and with them a loopback receiver is allowed; its
   * setting is checked where the stack builds the gateway's command line (cli's StackSettingsTest).
   */
  @Test
  void theShippedConfigurationExemptsNoPrivateTargetAndTheLocalStacksBlocksAdmitLoopback()
      throws Exception {
    java.util.Properties shipped = new java.util.Properties();
    try (var in = getClass().getResourceAsStream("/application.properties")) {
      shipped.load(in);
    }
    assertThat(shipped.stringPropertyNames()).noneMatch(k -> k.contains("allow-private-targets"));
    assertThat(strict.checkResolved(URI.create("http://127.0.0.1:9000/hook"))).isPresent();
    WebhookTargetGuard localStack = new WebhookTargetGuard(List.of("127.0.0.0/8", "::1/128"));
    assertThat(localStack.checkResolved(URI.create("http://127.0.0.1:9000/hook"))).isEmpty();
    assertThat(localStack.checkWithoutDns(URI.create("http://localhost:9000/hook"))).isEmpty();
    assertThat(localStack.checkWithoutDns(URI.create("http://[::1]:9000/hook"))).isEmpty();
    assertThat(localStack.checkWithoutDns(URI.create("http://10.0.0.7/hook")))
        .as("still no private network")
        .isPresent();
  }
}

package dev.scalingar.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void reproducesTheStandardWebhooksTestVector() {
    byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L,
                body))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void derivedSecretsAreStablePerTenantAndDifferBetweenTenants() {
    byte[] key = WebhookSigner.signingKey(Optional.of("master"));
    String acme = WebhookSigner.deriveSecret(key, "acme");
    assertThat(acme)
        .startsWith("whsec_")
        .isEqualTo(WebhookSigner.deriveSecret(key, "acme"))
        .isNotEqualTo(WebhookSigner.deriveSecret(key, "globex"));
    assertThat(WebhookSigner.decodeSecret(acme)).hasSize(32);
  }

  @Test
  void refusesSecretsThatAreNotWhsec() {
    assertThatThrownBy(() -> WebhookSigner.decodeSecret("secret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSigner.decodeSecret("whsec_c2hvcnQ="))
        .hasMessageContaining("24 to 64 bytes");
  }
}

package dev.scalingar.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  final StreamTokens tokens =
      new StreamTokens(StreamTokens.key(Optional.of("test-key")), Duration.ofSeconds(60));

  @Test
  void aFreshTokenOpensItsJobForItsTenant() {
    String t = tokens.issue("acme", "job_ABCDEFGH", NOW).token();
    assertThat(tokens.verify(t, "job_ABCDEFGH", NOW.plusSeconds(59)))
        .isEqualTo(new StreamTokens.Valid("acme"));
    assertThat(tokens.issue("acme", "job_ABCDEFGH", NOW).expiresAt())
        .isEqualTo(NOW.plusSeconds(60));
  }

  @Test
  void anExpiredTokenIsRefused() {
    String t = tokens.issue("acme", "job_ABCDEFGH", NOW).token();
    assertThat(tokens.verify(t, "job_ABCDEFGH", NOW.plusSeconds(60)))
        .isEqualTo(new StreamTokens.Refused(StreamTokens.Refusal.EXPIRED));
  }

  @Test
  void aTokenOpensNoOtherJob() {
    String t = tokens.issue("acme", "job_ABCDEFGH", NOW).token();
    assertThat(tokens.verify(t, "job_OTHERJOB", NOW))
        .isEqualTo(new StreamTokens.Refused(StreamTokens.Refusal.OTHER_JOB));
  }

  @Test
  void aTokenRewrittenForAnotherTenantOrALaterExpiryFailsItsSignature() {
    String t = tokens.issue("acme", "job_ABCDEFGH", NOW).token();
    String mac = t.substring(t.indexOf('.'));
    for (String forged :
        new String[] {
          "globex\njob_ABCDEFGH\n" + NOW.plusSeconds(60).getEpochSecond(),
          "acme\njob_ABCDEFGH\n" + NOW.plusSeconds(86_400).getEpochSecond()
        }) {
      String token =
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(forged.getBytes(StandardCharsets.UTF_8))
              + mac;
      assertThat(tokens.verify(token, "job_ABCDEFGH", NOW))
          .isEqualTo(new StreamTokens.Refused(StreamTokens.Refusal.BAD_SIGNATURE));
    }
  }

  @Test
  void aTokenOfAnotherKeyAndGarbageAreRefused() {
    StreamTokens other =
        new StreamTokens(StreamTokens.key(Optional.of("another-key")), Duration.ofSeconds(60));
    String t = other.issue("acme", "job_ABCDEFGH", NOW).token();
    assertThat(tokens.verify(t, "job_ABCDEFGH", NOW))
        .isEqualTo(new StreamTokens.Refused(StreamTokens.Refusal.BAD_SIGNATURE));
    String flipped =
        t.substring(0, t.length() - 2) + (t.endsWith("A") ? "B" : "A") + t.charAt(t.length() - 1);
    assertThat(other.verify(flipped, "job_ABCDEFGH", NOW)).isInstanceOf(StreamTokens.Refused.class);
    for (String garbage : new String[] {"", "abc", "a.b.c", "!!!.???", null}) {
      assertThat(tokens.verify(garbage, "job_ABCDEFGH", NOW))
          .as(String.valueOf(garbage))
          .isInstanceOf(StreamTokens.Refused.class);
    }
  }

  @Test
  void aRandomKeyIsUsedWhenNoneIsConfiguredAndTheTtlMustBePositive() {
    assertThat(StreamTokens.key(Optional.empty()))
        .hasSize(32)
        .isNotEqualTo(StreamTokens.key(Optional.empty()));
    assertThatThrownBy(() -> new StreamTokens(new byte[32], Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

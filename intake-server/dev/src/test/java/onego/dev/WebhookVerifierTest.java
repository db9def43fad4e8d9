package onego.dev;

import onego.router.dispatch.WebhookSigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev receiver's Standard Webhooks check during a secret rotation: OneGo signs with the new and
 * the old secret ({@link WebhookSigner}, space-separated {@code v1,} entries); a department holding
 * either one alone accepts the delivery, one holding neither refuses it.
 */
class WebhookVerifierTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  @Test
  void duringARotationEitherSecretVerifiesAndNoOtherDoes() {
    String fresh = newSecret();
    String old = newSecret();
    long now = System.currentTimeMillis() / 1000;
    String body = "{\"itemId\":\"i-1\",\"applicant\":\"张三\"}";
    String header = new WebhookSigner(List.of(fresh, old)).sign("msg_1", now, body);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(new WebhookVerifier(old).verify("msg_1", String.valueOf(now), header, bytes, now)).isTrue();
    assertThat(new WebhookVerifier(fresh).verify("msg_1", String.valueOf(now), header, bytes, now)).isTrue();
    assertThat(new WebhookVerifier(newSecret()).verify("msg_1", String.valueOf(now), header, bytes, now)).isFalse();
    assertThat(new WebhookVerifier(old).verify("msg_1", String.valueOf(now), header, "{}".getBytes(StandardCharsets.UTF_8), now))
        .as("another body").isFalse();
  }
}

package onego.router.dispatch;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the push signature of {@link WebhookSigner}, sent as {@code webhook-signature} by
 * {@code DispatchVerticle}: the Standard Webhooks scheme (standardwebhooks.com), i.e.
 * {@code v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>} where the key is the bytes the
 * base64 after {@code whsec_} decodes to. Checked against the specification's own reference
 * vector and against an HMAC computed here independently.
 */
class WebhookSignerTest {
  private static final byte[] KEY = new byte[32];
  static {
    for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) (i * 7 + 3);
  }
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);
  /** A second, older secret of a rotation. */
  private static final byte[] OLD_KEY = new byte[24];
  static {
    for (int i = 0; i < OLD_KEY.length; i++) OLD_KEY[i] = (byte) (200 - i);
  }

  private static String expected(String id, long ts, String body) throws Exception {
    return expected(KEY, id, ts, body);
  }

  private static String expected(byte[] key, String id, long ts, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] sig = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(sig);
  }

  @Test
  void matchesTheStandardWebhooksReferenceVector() {
    // from the Standard Webhooks reference libraries' tests (e.g. libraries/java WebhookTest.verifyWebhookSignWorks)
    WebhookSigner signer = new WebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void signsIdTimestampAndUtf8BodyWithTheDecodedSecret() throws Exception {
    String body = "{\"caseId\":\"c-1\",\"applicant\":\"张三\"}";
    assertThat(new WebhookSigner(SECRET).sign("msg_1", 1_760_000_000L, body))
        .isEqualTo(expected("msg_1", 1_760_000_000L, body));
  }

  @Test
  void aDifferentBodyGivesADifferentSignature() {
    WebhookSigner signer = new WebhookSigner(SECRET);
    assertThat(signer.sign("msg_1", 1_760_000_000L, "{\"a\":1}"))
        .isNotEqualTo(signer.sign("msg_1", 1_760_000_000L, "{\"a\":2}"));
  }

  @Test
  void aDifferentIdOrTimestampGivesADifferentSignature() {
    WebhookSigner signer = new WebhookSigner(SECRET);
    String base = signer.sign("msg_1", 1_760_000_000L, "{}");
    assertThat(signer.sign("msg_2", 1_760_000_000L, "{}")).isNotEqualTo(base);
    assertThat(signer.sign("msg_1", 1_760_000_001L, "{}")).isNotEqualTo(base);
  }

  @Test
  void oneSecretGivesOneSignatureWithoutSeparator() {
    assertThat(new WebhookSigner(List.of(SECRET)).sign("msg_1", 1_760_000_000L, "{}")).doesNotContain(" ").startsWith("v1,");
  }

  /** A rotation: the header holds one {@code v1,} signature per current secret, space-separated, in the configured order. */
  @Test
  void everyCurrentSecretSignsSpaceSeparatedInOrder() throws Exception {
    String old = "whsec_" + Base64.getEncoder().encodeToString(OLD_KEY);
    String body = "{\"caseId\":\"c-1\"}";
    String header = new WebhookSigner(List.of(SECRET, old)).sign("msg_1", 1_760_000_000L, body);
    assertThat(header.split(" ")).containsExactly(expected(KEY, "msg_1", 1_760_000_000L, body), expected(OLD_KEY, "msg_1", 1_760_000_000L, body));
    assertThat(header).doesNotContain("  ").doesNotStartWith(" ").doesNotEndWith(" ");
  }

  /**
   * Push signs the bytes it sends ({@code sign(id, ts, byte[])}, encoded once): the same signature as
   * the text's UTF-8 bytes, for a non-ASCII body too, that a receiver verifies; several signatures in a
   * row on one thread (one Mac re-keyed per secret) stay each secret's own.
   */
  @Test
  void theBytesSentSignAsTheirTextAndVerify() throws Exception {
    String old = "whsec_" + Base64.getEncoder().encodeToString(OLD_KEY);
    String body = "{\"thing\":\"newborn\",\"item\":{\"name\":\"出生医学证明\"}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    WebhookSigner signer = new WebhookSigner(List.of(SECRET, old));
    for (int round = 0; round < 3; round++) {
      String header = signer.sign("msg_1", 1_760_000_000L, bytes);
      assertThat(header).isEqualTo(signer.sign("msg_1", 1_760_000_000L, body));
      assertThat(header.split(" ")).containsExactly(expected(KEY, "msg_1", 1_760_000_000L, body), expected(OLD_KEY, "msg_1", 1_760_000_000L, body));
      for (String secret : List.of(SECRET, old)) {
        assertThat(WebhookVerification.verifies(List.of(secret), "msg_1", "1760000000", header, body, 1_760_000_010L, 300)).isTrue();
      }
    }
  }

  @Test
  void noSecretIsRefused() {
    assertThatThrownBy(() -> new WebhookSigner(List.<String>of())).isInstanceOf(IllegalArgumentException.class);
  }
}

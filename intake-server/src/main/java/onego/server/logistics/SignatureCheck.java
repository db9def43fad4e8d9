package onego.server.logistics;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Checks a Standard Webhooks signature (standardwebhooks.com, "Verifying webhooks"): {@code webhook-id}
 * present, {@code webhook-timestamp} (unix seconds) within {@link #TOLERANCE_SECONDS} of now (an old
 * message replayed later is refused), and some space-separated {@code v1,<base64>} entry of
 * {@code webhook-signature} equal, in constant time, to HMAC-SHA256(key, "{id}.{timestamp}.{body}"),
 * the key being the bytes the base64 after {@code whsec_} decodes to. The same scheme OneGo signs with
 * ({@link onego.router.dispatch.WebhookSigner}).
 */
public final class SignatureCheck {
  /** How far a message's timestamp may be from now, either way (the spec's recommendation: 5 minutes). */
  public static final long TOLERANCE_SECONDS = 5 * 60;

  private final SecretKeySpec key;

  /** {@code secret}: {@code whsec_<base64>}, checked by the configuration. */
  public SignatureCheck(String secret) {
    this.key = new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256");
  }

  /** Whether the message verifies at {@code nowSeconds}; null or malformed headers do not. */
  public boolean verify(String id, String timestamp, String signatureHeader, byte[] body, long nowSeconds) {
    if (id == null || id.isBlank() || timestamp == null || signatureHeader == null) return false;
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) return false;
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((id + "." + timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8));
      expected = mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
    boolean ok = false;
    for (String entry : signatureHeader.trim().split(" +")) {
      if (!entry.startsWith("v1,")) continue;
      try {
        ok |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)));
      } catch (IllegalArgumentException e) {
        // not base64: this entry does not verify
      }
    }
    return ok;
  }
}

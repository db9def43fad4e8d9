package onego.dev;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Standard Webhooks signatures: {@code webhook-signature} holds space-separated
 * {@code v1,<base64 HMAC-SHA256("{id}.{timestamp}.{body}")>} entries, one per secret the sender
 * currently signs with; any v1 match (constant-time) with a timestamp within the tolerance is
 * accepted. So while OneGo signs with a new and an old secret (a rotation), a department holding
 * either one accepts the delivery; other versions ({@code v1a,...}) are skipped.
 */
final class WebhookVerifier {
  static final long TOLERANCE_SECONDS = 5 * 60;

  private final SecretKeySpec key;

  /** {@code secret} is {@code whsec_<base64>} (a bare base64 key is also accepted); null or malformed → nothing verifies. */
  WebhookVerifier(String secret) {
    this.key = parse(secret);
  }

  private static SecretKeySpec parse(String secret) {
    if (secret == null || secret.isBlank()) return null;
    String b64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    try {
      byte[] raw = Base64.getDecoder().decode(b64.trim());
      return raw.length == 0 ? null : new SecretKeySpec(raw, "HmacSHA256");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  boolean usable() { return key != null; }

  boolean verify(String id, String timestamp, String signatureHeader, byte[] body, long nowSeconds) {
    if (key == null || id == null || id.isEmpty() || timestamp == null || signatureHeader == null) return false;
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) return false;
    byte[] expected = hmac(id, timestamp.trim(), body);
    boolean ok = false;
    for (String entry : signatureHeader.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !"v1".equals(entry.substring(0, comma))) continue;
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        continue;
      }
      ok |= MessageDigest.isEqual(expected, given);
    }
    return ok;
  }

  private byte[] hmac(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

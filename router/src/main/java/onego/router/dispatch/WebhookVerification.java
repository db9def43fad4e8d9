package onego.router.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies a Standard Webhooks signed message (standardwebhooks.com, "Verifying webhook
 * authenticity"): {@code webhook-id}, {@code webhook-timestamp} (unix seconds, within
 * {@code toleranceSeconds} of now either way, so an old captured message cannot be replayed later)
 * and {@code webhook-signature} (space-separated {@code v1,<base64>}; one of them must equal the
 * HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"} under one of the sender's secrets, compared in
 * constant time). The body is checked as the exact bytes received. The counterpart of {@link WebhookSigner}:
 * how federation peers and the logistics service are verified.
 */
public final class WebhookVerification {
  /** The Standard Webhooks specification's recommended tolerance for a message's timestamp: 5 minutes, either way. */
  public static final int TOLERANCE_SECONDS = 5 * 60;

  private WebhookVerification() {}

  /** Whether the message verifies with one of {@code secrets} ({@code whsec_...}) at {@code nowSeconds}. */
  public static boolean verifies(List<String> secrets, String id, String timestamp, String signature, String body,
                                 long nowSeconds, int toleranceSeconds) {
    if (id == null || id.isEmpty() || timestamp == null || signature == null || body == null || secrets.isEmpty()) return false;
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
    for (String secret : secrets) {
      byte[] expected = new WebhookSigner(secret).sign(id, ts, body).getBytes(StandardCharsets.US_ASCII);
      for (String given : signature.trim().split(" +")) {
        if (MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) return true;
      }
    }
    return false;
  }
}

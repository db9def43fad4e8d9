package onego.router.dispatch;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Standard Webhooks signatures (standardwebhooks.com, "Signature scheme"): the value of
 * {@code webhook-signature} is one {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}
 * per current secret, separated by single spaces, each key being the bytes the base64 after
 * {@code whsec_} decodes to. Several secrets are how a secret rotates: the receiver accepts a
 * delivery when any one signature verifies with the secret it holds.
 */
public final class WebhookSigner {
  private final List<SecretKeySpec> keys;

  /** One secret, {@code whsec_<base64>}; fails with {@link IllegalArgumentException} when it is not base64. */
  public WebhookSigner(String secret) {
    this(List.of(secret));
  }

  /**
   * Every current secret ({@code whsec_<base64>} each, at least one), in the order their
   * signatures appear in the header; fails with {@link IllegalArgumentException} when the list
   * is empty or a secret is not base64. The formats are checked with their config path by
   * {@code DispatchSettings}.
   */
  public WebhookSigner(List<String> secrets) {
    if (secrets.isEmpty()) throw new IllegalArgumentException("at least one webhook secret is needed");
    this.keys = secrets.stream()
        .map(s -> new SecretKeySpec(Base64.getDecoder().decode(s.substring("whsec_".length())), "HmacSHA256"))
        .toList();
  }

  /**
   * The {@code webhook-signature} value for message {@code id} sent at {@code timestampSeconds}
   * (unix seconds) with {@code body} (signed as its UTF-8 bytes): {@code v1,<base64>} per secret,
   * space-separated.
   */
  public String sign(String id, long timestampSeconds, String body) {
    return sign(id, timestampSeconds, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * As {@link #sign(String, long, String)} for a body already encoded: {@code body} are the exact
   * bytes that will be sent (push dispatch encodes a message once and signs and sends those bytes).
   */
  public String sign(String id, long timestampSeconds, byte[] body) {
    byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    Mac mac = MACS.get();
    StringBuilder header = new StringBuilder();
    for (SecretKeySpec key : keys) {
      if (header.length() > 0) header.append(' ');
      try {
        mac.init(key);
      } catch (java.security.InvalidKeyException e) {
        throw new IllegalStateException("an HmacSHA256 key takes any bytes", e);
      }
      mac.update(prefix);
      mac.update(body);
      header.append("v1,").append(Base64.getEncoder().encodeToString(mac.doFinal()));
    }
    return header.toString();
  }

  // Mac.getInstance walks the security providers on every call; one instance per thread, re-keyed per signature, does not.
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  });
}

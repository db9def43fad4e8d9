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
    byte[] content = (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder();
    for (SecretKeySpec key : keys) {
      if (header.length() > 0) header.append(' ');
      header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, content)));
    }
    return header.toString();
  }

  private static byte[] hmac(SecretKeySpec key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}

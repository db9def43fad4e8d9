package onego.server.support;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 tokens made by hand from RFC 7519, independent of the server's JWT library. */
public final class Jwts {
  public static final String DEV_SECRET = "dev-only-hs256-secret-change-me-0123456789";

  private Jwts() {}

  public static String hs256(JsonObject claims, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String sig = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
      return header + "." + payload + "." + sig;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A dev-secret token issued now and valid for 600 s. */
  public static String dev(JsonObject claims) {
    return devExpiringIn(claims, 600);
  }

  /** A dev-secret token issued now ({@code iat}) that expires ({@code exp}) in {@code seconds}. */
  public static String devExpiringIn(JsonObject claims, long seconds) {
    long now = System.currentTimeMillis() / 1000;
    return hs256(claims.copy().put("iat", now).put("exp", now + seconds), DEV_SECRET);
  }
}

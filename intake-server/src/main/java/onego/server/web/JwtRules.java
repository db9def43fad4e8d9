package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.config.AuthSettings;

/**
 * What a JWT must say besides a good signature (RFC 7519 §4.1): an {@code exp}, a lifetime
 * ({@code exp - iat}, or {@code exp - now} without {@code iat}) of at most
 * {@code auth.jwt.maxLifetimeSeconds}, and, when configured, the {@code iss} of
 * {@code auth.jwt.issuer} and an {@code aud} naming {@code auth.jwt.audience}. A token that lives
 * long is a password that never changes: a stolen one would work for years.
 */
final class JwtRules {
  private final long maxLifetimeSeconds;
  private final String issuer;
  private final String audience;

  JwtRules(AuthSettings settings) {
    this.maxLifetimeSeconds = settings.jwtMaxLifetimeSeconds();
    this.issuer = settings.jwtIssuer();
    this.audience = settings.jwtAudience();
  }

  /** Why {@code claims} (signature already verified) are refused at {@code nowSeconds}, or null when they pass. */
  String problem(JsonObject claims, long nowSeconds) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return claims.containsKey("exp") ? "exp must be a number (seconds since 1970)" : "the token has no exp claim; tokens must expire";
    }
    if (exp.longValue() <= nowSeconds) return "the token expired";
    Object iat = claims.getValue("iat");
    if (iat != null && !(iat instanceof Number)) return "iat must be a number (seconds since 1970)";
    long lifetime = exp.longValue() - (iat instanceof Number n ? n.longValue() : nowSeconds);
    if (lifetime > maxLifetimeSeconds) {
      return "the token lives " + lifetime + " s (" + (iat != null ? "exp - iat" : "exp - now") + "); at most " + maxLifetimeSeconds
          + " s are accepted";
    }
    if (issuer != null && !issuer.equals(claims.getValue("iss"))) return "the token's iss is not " + issuer;
    if (audience != null && !namesAudience(claims.getValue("aud"))) return "the token's aud does not name " + audience;
    return null;
  }

  /** When the token stops being valid, in epoch seconds; call after {@link #problem} passed. */
  static long expiresAt(JsonObject claims) {
    return ((Number) claims.getValue("exp")).longValue();
  }

  private boolean namesAudience(Object aud) {
    if (aud instanceof String s) return s.equals(audience);
    if (aud instanceof JsonArray a) return a.contains(audience);
    return false;
  }
}

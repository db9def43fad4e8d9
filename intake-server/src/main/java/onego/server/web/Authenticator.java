package onego.server.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import onego.domain.Catalog;
import onego.domain.IdNumbers;
import onego.server.config.ApiKey;
import onego.server.config.AuthSettings;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a bearer token (a configured API key or a JWT) into a {@link Caller} and when its
 * credentials expire. A JWT's signature is checked by Vert.x, its claims by {@link JwtRules}.
 */
public final class Authenticator {
  /** An authenticated caller; {@code expiresAt} is the JWT's {@code exp}, null for an API key (they do not expire). */
  public record Authenticated(Caller caller, Instant expiresAt) {}

  private final Map<String, Caller> apiKeys = new HashMap<>();
  private final JWTAuth jwt;
  private final JwtRules rules;
  private final Catalog catalog;

  public Authenticator(Vertx vertx, AuthSettings config, Catalog catalog) {
    this.catalog = catalog;
    this.rules = new JwtRules(config);
    for (ApiKey k : config.apiKeys()) {
      Caller.Role role = Caller.Role.parse(k.role());
      String sub = role == Caller.Role.APPLICANT ? IdNumbers.normalize(k.sub()) : k.sub();
      apiKeys.put(k.key(), new Caller("key:" + k.name(), role, k.channel(), k.department(), sub, k.region()));
    }
    JWTAuthOptions options = new JWTAuthOptions();
    boolean any = false;
    if (config.jwtHs256Secret() != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.jwtHs256Secret()));
      any = true;
    }
    if (config.jwtRs256PublicKey() != null) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(config.jwtRs256PublicKey()));
      any = true;
    }
    this.jwt = any ? JWTAuth.create(vertx, options) : null;
  }

  /** Whether {@code token} is one of the configured API keys (a map look-up; no signature is checked). */
  public boolean isApiKey(String token) {
    return token != null && apiKeys.containsKey(token);
  }

  /** The bearer token of an {@code Authorization} header value, else {@code queryToken}; null when there is none. */
  public static String token(String authorization, String queryToken) {
    String token = bearer(authorization);
    if (token == null) token = queryToken;
    return token == null || token.isBlank() ? null : token;
  }

  /** The caller for an {@code Authorization} header value (or a bare token); fails with 401. */
  public Future<Authenticated> authenticate(String authorization, String queryToken) {
    String token = token(authorization, queryToken);
    if (token == null) return Future.failedFuture(ApiError.unauthorized("an Authorization: Bearer <token> header is required"));
    Caller byKey = apiKeys.get(token);
    if (byKey != null) return Future.succeededFuture(new Authenticated(byKey, null));
    if (jwt == null || token.chars().filter(c -> c == '.').count() != 2) {
      return Future.failedFuture(ApiError.unauthorized("unknown API key or malformed token"));
    }
    Future<User> verified;
    try {
      verified = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) { // the library throws on some malformed claims (a text exp): still the caller's bad token
      verified = Future.failedFuture("malformed claims");
    }
    return verified
        .recover(e -> Future.failedFuture(ApiError.unauthorized("invalid token: " + e.getMessage())))
        .compose(user -> {
          JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
          String problem = rules.problem(claims, System.currentTimeMillis() / 1000);
          if (problem != null) return Future.failedFuture(ApiError.unauthorized("invalid token: " + problem));
          Instant expiresAt = Instant.ofEpochSecond(JwtRules.expiresAt(claims));
          return fromClaims(user.principal()).map(caller -> new Authenticated(caller, expiresAt));
        });
  }

  private static String bearer(String header) {
    if (header == null) return null;
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).trim();
    return null;
  }

  private Future<Caller> fromClaims(JsonObject claims) {
    Caller.Role role = Caller.Role.parse(String.valueOf(claims.getValue("role")));
    if (role == null) return Future.failedFuture(ApiError.unauthorized("token has no valid role claim"));
    String channel = claims.getString("channel");
    String dept = claims.getString("department");
    Object regionClaim = claims.getValue("region");
    if (regionClaim != null && (role != Caller.Role.CHANNEL || !(regionClaim instanceof String r) || !catalog.regions().local(r))) {
      return Future.failedFuture(ApiError.unauthorized("a region claim belongs to a channel token and must be the city or one of its divisions"));
    }
    String region = (String) regionClaim;
    String sub = role == Caller.Role.APPLICANT ? IdNumbers.normalize(claims.getString("sub")) : claims.getString("sub");
    switch (role) {
      case CHANNEL -> {
        if (channel == null || !AuthSettings.CHANNELS.contains(channel)) return Future.failedFuture(ApiError.unauthorized("channel token needs a channel claim, one of " + AuthSettings.CHANNELS));
      }
      case DEPARTMENT -> {
        if (dept == null || catalog.department(dept).isEmpty()) return Future.failedFuture(ApiError.unauthorized("department token needs a known department claim"));
      }
      case APPLICANT -> {
        if (!IdNumbers.valid(sub)) return Future.failedFuture(ApiError.unauthorized("applicant token needs sub = a valid resident ID number"));
      }
      default -> { }
    }
    String scope = switch (role) {
      case CHANNEL -> channel;
      case DEPARTMENT -> dept;
      default -> "";
    };
    return Future.succeededFuture(new Caller("jwt:" + role.code() + ":" + scope + ":" + (sub == null ? "" : sub), role, channel, dept, sub, region));
  }
}

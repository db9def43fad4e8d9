package onego.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guards a route: refuses an address with too many failed authentications (429 + Retry-After),
 * authenticates the bearer token (401), applies the caller's rate limit (429 + Retry-After; the
 * {@code RateLimit} and {@code RateLimit-Policy} fields on every answer to an authenticated caller), then
 * checks the caller's role against the roles the route table names (403). A 401 or a refused
 * address also closes the connection once the answer is out (an unauthenticated WebSocket
 * upgrade never gets a socket to keep). Handlers read the caller with {@link #caller} and when its
 * token expires with {@link #expiresAt}.
 */
public final class AuthHandler {
  private static final String CALLER = "onego.caller";
  private static final String EXPIRES_AT = "onego.expiresAt";

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final AuthFailureLimiter failures;
  private final Counter limited;
  private final Counter failed;

  public AuthHandler(Authenticator authenticator, RateLimiter rateLimiter, AuthFailureLimiter failures, MeterRegistry registry) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.failures = failures;
    this.limited = Counter.builder("onego.http.rate.limited").description("requests answered 429").register(registry);
    this.failed = Counter.builder("onego.http.auth.failed").description("presented credentials refused (401)").register(registry);
  }

  /** A guard letting in callers with one of {@code roles}. */
  public Handler<RoutingContext> allow(Caller.Role first, Caller.Role... more) {
    Set<Caller.Role> roles = EnumSet.of(first, more);
    String names = roles.stream().map(Caller.Role::code).collect(Collectors.joining(", "));
    return ctx -> authenticate(ctx, roles, names);
  }

  private void authenticate(RoutingContext ctx, Set<Caller.Role> roles, String names) {
    String address = address(ctx);
    // ?access_token= is for WebSocket clients that cannot set headers; elsewhere it would leak tokens into access logs.
    String queryToken = ctx.request().path().endsWith("/ws") ? ctx.request().getParam("access_token") : null;
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    long blocked = failures.blockedSeconds(address, System.nanoTime());
    // A blocked address verifies no more tokens, but a configured API key (a map look-up, 32+ characters outside dev)
    // still passes: the portal back ends and department systems sharing an address (a proxy, loopback) keep working.
    if (blocked > 0 && !authenticator.isApiKey(Authenticator.token(header, queryToken))) {
      limited.increment();
      closeWhenAnswered(ctx);
      ctx.fail(new ApiError(429, "RATE_LIMITED", "too many failed authentications from this address", List.of(), (int) blocked));
      return;
    }
    authenticator.authenticate(header, queryToken)
        .onSuccess(auth -> {
          if (Responses.answered(ctx)) return; // answered 503 at its deadline (RequestDeadline): nothing more to do
          Caller caller = auth.caller();
          RateLimiter.Decision rate = rateLimiter.acquire(caller, System.nanoTime());
          rateLimitHeaders(ctx, caller, rate);
          if (rate.waitSeconds() > 0) {
            limited.increment();
            ctx.fail(new ApiError(429, "RATE_LIMITED", "over the rate limit for this token", List.of(), (int) rate.waitSeconds()));
          } else if (!roles.contains(caller.role())) {
            ctx.fail(new ApiError(403, "FORBIDDEN", "role " + caller.role().code() + " may not do this (allowed: " + names + ")"));
          } else {
            ctx.put(CALLER, caller);
            ctx.put(EXPIRES_AT, auth.expiresAt());
            ctx.next();
          }
        })
        .onFailure(e -> {
          if (Responses.answered(ctx)) return;
          // a missing token is no guess; a wrong one counts against the address
          if (Authenticator.token(header, queryToken) != null) {
            failed.increment();
            failures.failed(address, System.nanoTime());
          }
          closeWhenAnswered(ctx);
          ctx.fail(e);
        });
  }

  /**
   * The IETF httpapi RateLimit header fields (draft-ietf-httpapi-ratelimit-headers, structured-field
   * form), on every answer to an authenticated caller: {@code RateLimit-Policy: "<role>";q=<burst>;w=<seconds>}
   * (the role's token bucket: {@code burst} requests, refilled over {@code w} seconds) and
   * {@code RateLimit: "<role>";r=<remaining>;t=<seconds until the bucket is full>}. Each token has a bucket of its own.
   */
  private static void rateLimitHeaders(RoutingContext ctx, Caller caller, RateLimiter.Decision rate) {
    String policy = "\"" + caller.role().code() + "\"";
    ctx.response()
        .putHeader("RateLimit-Policy", policy + ";q=" + (long) rate.limit().burst() + ";w=" + rate.windowSeconds())
        .putHeader("RateLimit", policy + ";r=" + rate.remaining() + ";t=" + rate.resetSeconds());
  }

  private static String address(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }

  /** HTTP/1.x: the answer says {@code Connection: close} and the connection ends after it. */
  private static void closeWhenAnswered(RoutingContext ctx) {
    if (ctx.request().version() == HttpVersion.HTTP_2) return; // one stream of many: the others are not this caller's
    ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    ctx.addEndHandler(v -> ctx.request().connection().close());
  }

  /** The authenticated caller of a guarded route. */
  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** When the caller's token expires (its JWT {@code exp}); null for an API key, which does not. */
  public static Instant expiresAt(RoutingContext ctx) {
    return ctx.get(EXPIRES_AT);
  }
}

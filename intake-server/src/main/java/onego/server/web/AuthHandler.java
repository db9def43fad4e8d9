package onego.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Guards a route: authenticates the bearer token (401), applies the caller's rate limit (429 +
 * Retry-After), then checks the caller's role against the roles the route table names (403).
 * Handlers read the caller with {@link #caller}.
 */
public final class AuthHandler {
  private static final String CALLER = "onego.caller";

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final Counter limited;

  public AuthHandler(Authenticator authenticator, RateLimiter rateLimiter, MeterRegistry registry) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limited = Counter.builder("onego.http.rate.limited").description("requests answered 429").register(registry);
  }

  /** A guard letting in callers with one of {@code roles}. */
  public Handler<RoutingContext> allow(Caller.Role first, Caller.Role... more) {
    Set<Caller.Role> roles = EnumSet.of(first, more);
    String names = roles.stream().map(Caller.Role::code).collect(Collectors.joining(", "));
    return ctx -> authenticate(ctx, roles, names);
  }

  private void authenticate(RoutingContext ctx, Set<Caller.Role> roles, String names) {
    // ?access_token= is for WebSocket clients that cannot set headers; elsewhere it would leak tokens into access logs.
    String queryToken = ctx.request().path().endsWith("/ws") ? ctx.request().getParam("access_token") : null;
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), queryToken)
        .onSuccess(caller -> {
          long wait = rateLimiter.acquire(caller, System.nanoTime());
          if (wait > 0) {
            limited.increment();
            ctx.fail(new ApiError(429, "RATE_LIMITED", "over the rate limit for this token", List.of(), (int) wait));
          } else if (!roles.contains(caller.role())) {
            ctx.fail(new ApiError(403, "FORBIDDEN", "role " + caller.role().code() + " may not do this (allowed: " + names + ")"));
          } else {
            ctx.put(CALLER, caller);
            ctx.next();
          }
        })
        .onFailure(ctx::fail);
  }

  /** The authenticated caller of a guarded route. */
  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }
}

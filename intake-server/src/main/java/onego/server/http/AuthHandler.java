package onego.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import onego.server.auth.Authenticator;
import onego.server.auth.Caller;
import onego.server.auth.RateLimiter;

import java.util.List;

/** Authenticates every non-public route, then applies the caller's rate limit (429 + Retry-After). */
public final class AuthHandler implements Handler<RoutingContext> {
  private static final String CALLER = "onego.caller";

  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final Counter limited;

  public AuthHandler(Authenticator authenticator, RateLimiter rateLimiter, MeterRegistry registry) {
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.limited = Counter.builder("onego.http.rate.limited").description("requests answered 429").register(registry);
  }

  @Override
  public void handle(RoutingContext ctx) {
    // ?access_token= is for WebSocket clients that cannot set headers; elsewhere it would leak tokens into access logs.
    String queryToken = ctx.request().path().endsWith("/ws") ? ctx.request().getParam("access_token") : null;
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION), queryToken)
        .onSuccess(caller -> {
          long wait = rateLimiter.acquire(caller, System.nanoTime());
          if (wait > 0) {
            limited.increment();
            ctx.fail(new ApiError(429, "RATE_LIMITED", "over the rate limit for this token", List.of(), (int) wait));
            return;
          }
          ctx.put(CALLER, caller);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  /** The caller, when it has one of {@code roles}; else fails with 403. */
  public static Caller require(RoutingContext ctx, Caller.Role... roles) {
    Caller c = caller(ctx);
    for (Caller.Role r : roles) if (c.is(r)) return c;
    throw ApiError.forbidden("role " + c.role().code() + " may not do this");
  }
}

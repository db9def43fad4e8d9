package onego.server.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

import java.util.List;
import java.util.Set;

/**
 * CORS (WHATWG Fetch) for the portal origins an operator configures ({@code http.corsOrigins}):
 * a request whose {@code Origin} is one of them goes through Vert.x Web's {@link CorsHandler} (a
 * preflight {@code OPTIONS} is answered 204 with the allowed methods and headers; other answers
 * carry {@code Access-Control-Allow-Origin} and the exposed headers). A request from any other
 * origin, or without one, passes untouched: it gets no CORS headers, so a browser keeps another
 * site's script from reading the answer, while the node's own pages (same origin) and non-browser
 * clients are unaffected. No credentials mode: callers send bearer tokens, not cookies.
 */
public final class Cors {
  /** Request headers a portal may send cross-origin. */
  static final Set<String> ALLOWED_HEADERS = Set.of("Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id",
      "Last-Event-ID", "If-None-Match", "traceparent", "tracestate");
  /** Answer headers a portal's script may read. */
  static final Set<String> EXPOSED_HEADERS = Set.of("Location", "Retry-After", "RateLimit", "RateLimit-Policy", "ETag",
      "X-Request-Id", "Idempotency-Replayed");

  private Cors() {}

  /** The handler for {@code origins} ({@code scheme://host[:port]}); a pass-through when there are none. */
  public static Handler<RoutingContext> handler(List<String> origins) {
    if (origins.isEmpty()) return RoutingContext::next;
    Set<String> allowed = Set.copyOf(origins);
    CorsHandler cors = CorsHandler.create().addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST))
        .allowedHeaders(ALLOWED_HEADERS).exposedHeaders(EXPOSED_HEADERS)
        .maxAgeSeconds(600);
    return ctx -> {
      String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
      if (origin != null && allowed.contains(origin)) cors.handle(ctx);
      else ctx.next();
    };
  }
}

package onego.server.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The method and path pattern of every route of the route table, for the answers Vert.x Web
 * gives before a route's own handlers run: the {@code Allow} header a 405 must carry (RFC 9110
 * §15.5.6), and naming the parameter of a request whose path or query Vert.x could not even
 * decode (400). Patterns are Vert.x paths: a {@code :name} segment matches any one segment.
 */
public final class RouteIndex {
  private record Route(HttpMethod method, String pattern, String[] segments) {}

  private final List<Route> routes = new ArrayList<>();

  public void add(HttpMethod method, String pattern) {
    routes.add(new Route(method, pattern, pattern.split("/", -1)));
  }

  /** The methods allowed on {@code path}, comma-separated in route-table order; empty when none. */
  public String allow(String path) {
    String[] segments = path.split("/", -1);
    Set<String> methods = new LinkedHashSet<>();
    for (Route r : routes) if (matches(r.segments, segments)) methods.add(r.method.name());
    return String.join(", ", methods);
  }

  /** The pattern of the first route {@code path} matches, or null. */
  public String pattern(String path) {
    String[] segments = path.split("/", -1);
    for (Route r : routes) if (matches(r.segments, segments)) return r.pattern;
    return null;
  }

  /** A 405 handler: sets {@code Allow}, then lets {@code errors} write the answer. */
  public Handler<RoutingContext> onMethodNotAllowed(Handler<RoutingContext> errors) {
    return ctx -> {
      String allow = allow(ctx.request().path());
      if (!allow.isEmpty() && !ctx.response().headWritten()) ctx.response().putHeader("Allow", allow);
      errors.handle(ctx);
    };
  }

  private static boolean matches(String[] pattern, String[] path) {
    if (pattern.length != path.length) return false;
    for (int i = 0; i < pattern.length; i++) {
      boolean param = pattern[i].startsWith(":");
      if (param ? path[i].isEmpty() : !pattern[i].equals(path[i])) return false;
    }
    return true;
  }
}

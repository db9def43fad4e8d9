package onego.server.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.UUID;

/**
 * What a route's {@link RequestReader} read from one request, typed: the handler asks
 * {@code Request.of(ctx).uuid("caseId")}, {@code .integer("limit")}, {@code .body()}. A value
 * not given (an optional query parameter, no default) is null; asking for a name the route line
 * does not declare is a bug (IllegalStateException).
 */
public final class Request {
  static final String KEY = "onego.request";

  private final RoutingContext ctx;
  private final Map<String, Object> values;
  private final JsonObject body;

  Request(RoutingContext ctx, Map<String, Object> values, JsonObject body) {
    this.ctx = ctx;
    this.values = values;
    this.body = body;
  }

  /** The request's values, read before the handler ran. */
  public static Request of(RoutingContext ctx) {
    Request r = ctx.get(KEY);
    if (r == null) throw new IllegalStateException("no RequestReader ran on " + ctx.request().path() + ": the route line must declare what it reads");
    return r;
  }

  /** The value of the declared parameter {@code name}, of the type its kind gives. */
  @SuppressWarnings("unchecked")
  public <T> T get(String name) {
    if (!values.containsKey(name)) throw new IllegalStateException("the route does not declare the parameter " + name);
    return (T) values.get(name);
  }

  /** A text parameter (a code, a search term, a checked word of {@code oneOf}). */
  public String text(String name) { return get(name); }
  /** A UUID parameter (an id of the path, {@code case} of the audit search). */
  public UUID uuid(String name) { return get(name); }
  /** A whole-number parameter; null only when it is optional without a default and not given. */
  public Integer integer(String name) { return get(name); }

  /**
   * The JSON object body: for a {@link JsonBody#documented()} route the one already checked;
   * for a {@link JsonBody#checkedByHandler()} route read now, 400 when empty ({@link Bodies#json}).
   */
  public JsonObject body() {
    return body != null ? body : Bodies.json(ctx);
  }
}

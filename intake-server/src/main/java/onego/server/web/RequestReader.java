package onego.server.web;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import onego.domain.DomainError;
import onego.domain.FieldError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one reader of a route's path, query and body (issue 22): its route line in the route table
 * declares what the route reads ({@link Param}s and a {@link JsonBody}); this handler, after the
 * {@link RequestGate} (storable, well-formed text), the guard and {@link Bodies#check}, reads and
 * checks them in the order declared, failing with the first bad parameter's answer (see
 * {@link Param}) or with 422 naming every field a documented body fails, and hands the handler a
 * typed {@link Request}. Handlers keep only their business rules (a thing or department that
 * must exist, who may see what, rules across parameters).
 */
public final class RequestReader implements Handler<RoutingContext> {
  private final List<Param<?>> params;
  private final JsonBody body;
  private final BodySchema schema;

  private RequestReader(List<Param<?>> params, JsonBody body, BodySchema schema) {
    this.params = params;
    this.body = body;
    this.schema = schema;
  }

  /**
   * The reader of {@code inputs} (at most one {@link JsonBody}); {@code schemaOf} gives the
   * documented body schema when one is declared.
   */
  public static RequestReader of(List<RouteInput> inputs, Supplier<BodySchema> schemaOf) {
    List<Param<?>> params = new ArrayList<>();
    JsonBody body = null;
    for (RouteInput in : inputs) {
      if (in instanceof Param<?> p) {
        if (params.stream().anyMatch(q -> q.name().equals(p.name()))) throw new IllegalArgumentException("declared twice: " + p.name());
        params.add(p);
      } else if (in instanceof JsonBody b) {
        if (body != null) throw new IllegalArgumentException("two bodies declared");
        body = b;
      }
    }
    return new RequestReader(List.copyOf(params), body, body != null && body.isDocumented() ? schemaOf.get() : null);
  }

  /** The declared parameters, in the order they are read. */
  public List<Param<?>> params() { return params; }
  /** The declared body, or null when the route reads none. */
  public JsonBody body() { return body; }

  @Override
  public void handle(RoutingContext ctx) {
    Request request;
    try {
      Map<String, Object> values = read(ctx::pathParam, ctx.request()::getParam);
      JsonObject checked = schema == null ? null : checked(Bodies.json(ctx));
      request = new Request(ctx, values, checked);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    ctx.put(Request.KEY, request);
    ctx.next();
  }

  /**
   * The declared parameters' values by name, from the decoded path parameters and the first
   * value of each query parameter (null when not given); fails with the first bad one's answer.
   */
  public Map<String, Object> read(Function<String, String> path, Function<String, String> query) {
    Map<String, Object> values = new HashMap<>();
    for (Param<?> p : params) values.put(p.name(), p.read((p.in() == Param.In.PATH ? path : query).apply(p.name())));
    return values;
  }

  /** {@code body} when the documented schema accepts it; else 422 naming every failing field. */
  public JsonObject checked(JsonObject body) {
    List<FieldError> problems = schema.problems(body);
    if (!problems.isEmpty()) throw DomainError.invalid(problems);
    return body;
  }
}

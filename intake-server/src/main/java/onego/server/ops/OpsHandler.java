package onego.server.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import onego.server.infra.Redis;
import onego.server.web.Responses;

import java.util.function.Supplier;

/** Liveness, readiness (postgres, redis, cluster) and the OpenAPI document. */
public final class OpsHandler {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final Supplier<JsonObject> cluster;
  private final String openApi;

  public OpsHandler(Vertx vertx, Pool pool, Redis redis, Supplier<JsonObject> cluster, String openApi) {
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.cluster = cluster;
    this.openApi = openApi;
  }

  public void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    Future<JsonObject> pg = check(pool.query("SELECT 1").execute().mapEmpty());
    Future<JsonObject> rd = check(redis.ping(vertx).mapEmpty());
    Future.join(pg, rd).onComplete(ar -> {
      JsonObject checks = new JsonObject().put("postgres", pg.result()).put("redis", rd.result()).put("cluster", cluster.get());
      boolean up = checks.stream().allMatch(e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
      Responses.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    });
  }

  private Future<JsonObject> check(Future<Void> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(v -> new JsonObject().put("status", "UP"))
        .otherwise(e -> new JsonObject().put("status", "DOWN").put("error", String.valueOf(e.getMessage())));
  }

  public void openApi(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(openApi);
  }
}

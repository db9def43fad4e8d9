package onego.server.ops;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import onego.domain.WorkingCalendar;
import onego.server.infra.Redis;
import onego.server.web.Drain;
import onego.server.web.Responses;

import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * Liveness, readiness (postgres, redis, cluster; 503 while the node drains; and in {@code details}
 * how far the configured working-day calendar reaches), the node's metrics and the OpenAPI document.
 */
public final class OpsHandler {
  private static final long CHECK_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final Supplier<JsonObject> cluster;
  private final String openApi;
  private final JsonObject details;
  private final Handler<RoutingContext> scrape;

  /** {@code scrape}: the Prometheus text of this node's own registry ({@code GET /metrics}). */
  public OpsHandler(Vertx vertx, Pool pool, Redis redis, Supplier<JsonObject> cluster, String openApi, WorkingCalendar calendar,
                    Handler<RoutingContext> scrape) {
    this.scrape = scrape;
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.cluster = cluster;
    this.openApi = openApi;
    this.details = new JsonObject().put("calendar", calendarDetails(calendar));
  }

  /** {@code {"configuredThrough": "2026-12-31" or null}}: due dates after it are provisional. */
  public static JsonObject calendarDetails(WorkingCalendar calendar) {
    LocalDate through = calendar.configuredThrough();
    return new JsonObject().put("configuredThrough", through == null ? null : through.toString());
  }

  /** The node's metrics in Prometheus's text format (this node's registry only). */
  public void metrics(RoutingContext ctx) {
    scrape.handle(ctx);
  }

  public void live(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /** 200 UP when PostgreSQL, Redis and the cluster answer; 503 DOWN when one does not, 503 DRAINING at once when the node is shutting down. */
  public void ready(RoutingContext ctx) {
    Drain drain = Drain.of(ctx);
    if (drain != null && drain.draining()) {
      Responses.json(ctx, 503, new JsonObject().put("status", "DRAINING").put("details", details));
      return;
    }
    Future<JsonObject> pg = check(pool.query("SELECT 1").execute().mapEmpty());
    Future<JsonObject> rd = check(redis.ping(vertx).mapEmpty());
    Future.join(pg, rd).onComplete(ar -> {
      JsonObject checks = new JsonObject().put("postgres", pg.result()).put("redis", rd.result()).put("cluster", cluster.get());
      boolean up = checks.stream().allMatch(e -> "UP".equals(((JsonObject) e.getValue()).getString("status")));
      Responses.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks).put("details", details));
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

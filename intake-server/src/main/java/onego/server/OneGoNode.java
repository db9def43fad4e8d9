package onego.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import onego.router.cases.EventPublisher;
import onego.server.config.AppConfig;
import onego.server.infra.ClusterConfig;
import onego.server.infra.Database;
import onego.server.infra.Redis;
import onego.server.ops.LintCleanNames;
import onego.server.ops.MetricBuckets;
import onego.server.web.Drain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One running OneGo node: Vert.x (clustered when {@code cluster.enabled}), the PostgreSQL pool,
 * Redis, and what {@link Wiring} makes of them. Startup is one chain (Vert.x, Redis, wiring,
 * verticles); any failure closes what was opened and fails the returned future with its cause.
 * PostgreSQL and Redis must be reachable at {@code config.stores()} and migrated before.
 */
public final class OneGoNode implements NodeRunner.Running {
  private static final Logger log = LoggerFactory.getLogger(OneGoNode.class);

  private final Vertx vertx;
  private final Redis redis;
  private final EventPublisher publisher;
  private final Drain drain;
  private final int drainSeconds;
  private final Handlers handlers;
  private onego.server.offers.OfferSweeper offerSweeper;
  private Future<Void> closing;

  private OneGoNode(Vertx vertx, Redis redis, EventPublisher publisher, Drain drain, int drainSeconds, Handlers handlers) {
    this.handlers = handlers;
    this.vertx = vertx;
    this.redis = redis;
    this.publisher = publisher;
    this.drain = drain;
    this.drainSeconds = drainSeconds;
  }

  public static Future<OneGoNode> start(AppConfig config) {
    if (config.stores().pgUrl() == null || config.stores().redisUrl() == null) {
      return Future.failedFuture(new IllegalStateException("no PostgreSQL or Redis configured: set ONEGO_PG_URL and ONEGO_REDIS_URL"));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new LintCleanNames()).meterFilter(new MetricBuckets());
    ClusterManager cluster = config.cluster().enabled() ? new HazelcastClusterManager(ClusterConfig.hazelcast(config.cluster())) : null;
    return vertx(registry, cluster).compose(vertx -> Redis.connect(vertx, config.stores().redisUrl())
        .compose(redis -> {
          Pool pool = Database.pool(vertx, config.stores().pgUrl(), config.stores().pgPoolSize());
          // Made on a worker thread: building the node (the catalog's notices and form schemas, the OpenAPI document
          // read from the jar) takes seconds of CPU on a busy machine, and an event loop must not be held that long.
          return vertx.executeBlocking(() -> new Wiring(vertx, config, pool, redis, registry, () -> clusterStatus(cluster)))
              .compose(wiring -> {
                OneGoNode node = new OneGoNode(vertx, redis, wiring.publisher, wiring.drain, config.http().drainSeconds(), wiring.handlers);
                node.offerSweeper = wiring.offerSweeper;
                return wiring.deploy().map(node);
              })
              .recover(e -> {
                redis.close();
                return Future.failedFuture(e);
              });
        })
        .recover(e -> {
          // Not chained on: close's completion would be delivered on the context it is closing (it never is).
          vertx.close();
          return Future.failedFuture(e);
        }))
        .onSuccess(node -> log.info("OneGo listening on port {} (profile {}, {} things, cluster {})", config.http().port(),
            config.profile(), config.catalog().things().size(), cluster != null ? "on" : "off"));
  }

  private static Future<Vertx> vertx(PrometheusMeterRegistry registry, ClusterManager cluster) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        // A name of this node's own: Vert.x keeps one registry per name in the JVM, so under the shared default name
        // a second node of the JVM (tests) would report into the first one's registry, register OneGo's gauges there
        // a second time (ignored, with Micrometer's "Gauge has been already registered" warning) and scrape the
        // first node's figures. Removed from Vert.x's registries when this Vert.x closes.
        .setRegistryName("onego-" + UUID.randomUUID())
        .setJvmMetricsEnabled(true)
        // the route template Vert.x Web matched (/api/v1/cases/:caseId), never the raw path: bounded label values
        .addLabels(Label.HTTP_ROUTE)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    var builder = Vertx.builder().with(new VertxOptions().setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
    return cluster == null ? Future.succeededFuture(builder.build()) : builder.withClusterManager(cluster).buildClustered();
  }

  private static JsonObject clusterStatus(ClusterManager cluster) {
    if (cluster == null) return new JsonObject().put("status", "UP").put("mode", "standalone");
    return new JsonObject().put("status", cluster.isActive() ? "UP" : "DOWN").put("members", cluster.getNodes().size());
  }

  public Vertx vertx() { return vertx; }

  /** This node's 免申即享 sweep and event triggers (tests run a sweep on demand). */
  public onego.server.offers.OfferSweeper offerSweeper() { return offerSweeper; }

  /** The handlers the edge verticles share (for tests of the route table). */
  Handlers handlers() { return handlers; }

  /** The node's event publisher: what commits on this node announce through. */
  public EventPublisher publisher() { return publisher; }

  /**
   * Graceful shutdown: {@link Drain#begin} (readiness 503, new requests 503 with {@code Retry-After},
   * long polls answered, SSE streams ended with a {@code retry:} hint, WebSockets closed with 1001,
   * no new dispatch claims), then waits until no request and no push delivery is in flight or
   * {@code http.drainSeconds} passed, then closes Vert.x (the pool, the HTTP servers; the node leaves the cluster).
   */
  @Override
  public int closeWithinSeconds() {
    return drainSeconds + 30; // the drain, then closing Vert.x and leaving the cluster
  }

  @Override
  public synchronized Future<Void> close() {
    if (closing == null) closing = drainAndClose();
    return closing;
  }

  private Future<Void> drainAndClose() {
    drain.begin();
    log.info("draining: {} request(s) in flight, waiting up to {} s", drain.inFlight(), drainSeconds);
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
    // One-shot timers, each setting the next: a periodic timer cancelled from its own first tick (this runs on the
    // stopping thread, the tick on an event loop) could fire before Vert.x had stored its schedule, and the cancel
    // then failed with a NullPointerException.
    vertx.runOnContext(v -> awaitDrained(drained, deadline));
    // Closed from a thread outside Vert.x: close's completion would otherwise be delivered on the context it is closing.
    return Future.fromCompletionStage(drained.future().toCompletionStage().thenComposeAsync(v -> {
      redis.close();
      return vertx.close().toCompletionStage();
    }));
  }

  /** Completes {@code drained} once nothing is in flight or the drain time is over; else looks again in 50 ms. */
  private void awaitDrained(Promise<Void> drained, long deadline) {
    if (drain.inFlight() == 0) {
      drained.tryComplete();
    } else if (System.nanoTime() - deadline >= 0) {
      log.warn("drain time ({} s) over with {} request(s) still in flight; closing them", drainSeconds, drain.inFlight());
      drained.tryComplete();
    } else {
      vertx.setTimer(50, t -> awaitDrained(drained, deadline));
    }
  }
}

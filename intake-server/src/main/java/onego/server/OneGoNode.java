package onego.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import onego.server.auth.Authenticator;
import onego.server.auth.RateLimiter;
import onego.server.cases.CaseQueries;
import onego.server.cases.CaseView;
import onego.server.config.AppConfig;
import onego.server.http.AuthHandler;
import onego.server.http.CaseHandler;
import onego.server.http.CatalogHandler;
import onego.server.http.EdgeVerticle;
import onego.server.http.FailureHandler;
import onego.server.http.OpsHandler;
import onego.server.infra.Database;
import onego.server.infra.Redis;
import onego.server.intake.CaseFactory;
import onego.server.intake.IntakeRequest;
import onego.server.intake.IntakeOutcome;
import onego.server.intake.IntakeStore;
import onego.server.intake.IntakeWriter;
import onego.server.ops.RetentionSweeper;
import java.time.Duration;
import java.util.List;
import onego.server.intake.LocalCodec;
import onego.server.intake.SubmissionValidator;
import onego.server.cluster.ClusterConfig;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.dispatch.BacklogMonitor;
import onego.router.dispatch.ClaimStore;
import onego.router.dispatch.DeadlineWatcher;
import onego.router.dispatch.DispatchVerticle;
import onego.router.dispatch.PullService;
import onego.router.events.EventPublisher;
import onego.router.flow.ItemFlow;
import onego.server.devsim.DepartmentSimulator;
import onego.server.devsim.SimulatorSettings;
import onego.server.devsim.SharedDataPlatform;
import onego.server.shareddata.EcertVerifier;
import onego.server.shareddata.SharedDataClient;
import onego.server.shareddata.SharedDataHandler;
import onego.server.shareddata.SharedDataSettings;
import onego.server.http.AdminHandler;
import onego.server.http.CaseActionsHandler;
import onego.server.http.DepartmentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import onego.server.hotline.HotlineQueries;
import onego.server.hotline.StatusViewCache;
import onego.server.hotline.StatusViewUpdater;
import onego.server.streams.StreamSettings;
import onego.server.streams.StreamMetrics;
import onego.server.cases.CaseAccess;
import onego.server.streams.EventQueries;
import onego.server.streams.EventsHandler;
import onego.server.streams.WebSocketHandler;
import onego.server.hotline.HotlineHandler;
import onego.server.hotline.HotlineService;
import onego.server.hotline.HotlineView;
import onego.server.ratings.RatingHandler;
import onego.server.ratings.RatingStore;
import onego.server.ratings.StatsHandler;
import onego.server.ratings.StatsQueries;
import java.util.Map;
import java.util.HashMap;
import java.time.ZoneId;

/**
 * One running OneGo node: Vert.x (clustered when configured), the PostgreSQL pool, Redis, the
 * intake writer and the edge verticles. Startup is one chain; any failure stops it with its cause.
 * PostgreSQL and Redis must be reachable at the configured URLs and migrated before {@link #start}.
 */
public final class OneGoNode {
  private static final Logger log = LoggerFactory.getLogger(OneGoNode.class);
  private static final long HOUR_MS = 3_600_000L;

  private final AppConfig config;
  private final String pgUrl;
  private final String redisUrl;
  private Vertx vertx;
  private Pool pool;
  private Redis redis;
  private ClusterManager clusterManager;
  private EventPublisher publisher;
  private HotlineQueries hotlineQueries;
  private StatusViewCache statusViews;
  /** The shared-data settings in effect (in dev, pointing at the simulated platform). */
  private SharedDataSettings sharedData;
  /** How long a case's hotline view lives in Redis without news (30 days); a miss reads PostgreSQL. */
  private static final long HOTLINE_VIEW_TTL_SECONDS = 30L * 24 * 3600;

  private OneGoNode(AppConfig config, String pgUrl, String redisUrl) {
    this.config = config;
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
  }

  public static Future<OneGoNode> start(AppConfig config, String pgUrl, String redisUrl) {
    OneGoNode node = new OneGoNode(config, pgUrl, redisUrl);
    return node.startVertx().compose(v -> node.deploy()).map(node)
        .recover(e -> node.close().transform(x -> Future.failedFuture(e)));
  }

  public Vertx vertx() { return vertx; }

  /** The node's event publisher: what commits on this node announce through. */
  public EventPublisher publisher() { return publisher; }

  private Future<Void> startVertx() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics);
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry));
    if (!config.clusterEnabled()) {
      vertx = builder.build();
      return Future.succeededFuture();
    }
    clusterManager = new HazelcastClusterManager(ClusterConfig.hazelcast(config));
    return builder.withClusterManager(clusterManager).buildClustered().onSuccess(v -> vertx = v).mapEmpty();
  }

  private Future<Void> deploy() {
    MeterRegistry registry = io.vertx.micrometer.backends.BackendRegistries.getDefaultNow();
    vertx.eventBus().registerDefaultCodec(IntakeRequest.class, new LocalCodec<>(IntakeRequest.class));
    for (Class<? extends IntakeOutcome> c : List.of(IntakeOutcome.Created.class, IntakeOutcome.Replayed.class,
        IntakeOutcome.KeyReused.class, IntakeOutcome.InProgress.class, IntakeOutcome.Overloaded.class, IntakeOutcome.Failed.class)) {
      registerLocal(c);
    }
    pool = Database.pool(vertx, pgUrl, config.pgPoolSize());
    publisher = new EventPublisher(vertx);
    IntakeStore store = new IntakeStore(pool);
    return Redis.connect(vertx, redisUrl)
        .compose(r -> {
          redis = r;
          return vertx.deployVerticle(new IntakeWriter(store, publisher, config.groupCommit(), registry));
        })
        .compose(id -> startDevSimulator())
        .compose(dispatch -> startRouter(dispatch, registry))
        .compose(router -> startStatusViews().map(router))
        .compose(router -> startSharedDataPlatform().map(router))
        .compose(router -> startEdge(store, router, registry))
        .onSuccess(id -> log.info("OneGo listening on port {} (profile {}, {} things, cluster {})", config.httpPort(),
            config.profile(), config.catalog().things().size(), config.clusterEnabled() ? "on" : "off"))
        .mapEmpty();
  }

  /** Dev profile: the simulated departments, and the dispatch settings that point at them. */
  private Future<Map<String, DispatchSettings>> startDevSimulator() {
    if (!config.devsim().enabled()) return Future.succeededFuture(config.dispatch());
    DevDepartments dev = new DevDepartments(config);
    AppConfig.DevSimConfig d = config.devsim();
    DepartmentSimulator sim = new DepartmentSimulator(new SimulatorSettings(d.port(), d.workDelayMs(), d.supplementShare(), d.rejectShare()),
        dev.simulated(), "http://127.0.0.1:" + config.httpPort());
    return vertx.deployVerticle(sim).map(id -> {
      log.info("simulated departments listening on port {} ({} departments)", sim.actualPort(), dev.simulated().size());
      return dev.dispatchTo(sim.actualPort());
    });
  }

  /**
   * Dev profile without {@code sharedData.url}: the simulated shared-data platform, whose URL the
   * shared-data client then uses. Otherwise the configured platform (or none: prefill answers 503).
   */
  private Future<SharedDataSettings> startSharedDataPlatform() {
    SharedDataSettings sd = config.sharedData();
    if (!config.devsim().enabled() || sd.url() != null) {
      sharedData = sd;
      return Future.succeededFuture(sd);
    }
    SharedDataPlatform platform = new SharedDataPlatform(config.catalog(), 0, sd.simulatedNotFound());
    return vertx.deployVerticle(platform).map(id -> {
      sharedData = sd.withUrl(platform.url());
      return sharedData;
    });
  }

  /** The parts of the router every node runs: the flow, push lanes, backlog gauges, the deadline watcher. */
  private record RouterParts(ItemFlow flow, ClaimStore claims, PullService pull, DeadlineWatcher deadlines, BacklogMonitor backlog,
                             Map<String, DispatchSettings> dispatch) {}

  private Future<RouterParts> startRouter(Map<String, DispatchSettings> dispatch, MeterRegistry registry) {
    RouterSettings rs = config.router();
    ItemFlow flow = new ItemFlow(pool, publisher, config.calendar().zone());
    ClaimStore claims = new ClaimStore(pool, config.catalog(), config.calendar().zone());
    BacklogMonitor backlog = new BacklogMonitor(claims, rs.backlogLimit(), config.catalog(), registry);
    DeadlineWatcher deadlines = new DeadlineWatcher(pool, flow, config.calendar());
    RouterParts parts = new RouterParts(flow, claims, new PullService(vertx, claims, flow, rs.pullLeaseSeconds()), deadlines, backlog, dispatch);
    backlog.start(vertx, 1_000);
    if (!rs.enabled()) return Future.succeededFuture(parts);
    deadlines.start(vertx, rs.deadlineScanMs());
    return vertx.deployVerticle(new DispatchVerticle(dispatch, rs, claims, flow, registry)).map(parts);
  }

  private Future<String> startEdge(IntakeStore store, RouterParts router, MeterRegistry registry) {
    RateLimiter limiter = new RateLimiter(c -> config.rateLimitFor(c.role().code()));
    vertx.setPeriodic(60_000, t -> limiter.evictIdle(System.nanoTime(), TimeUnit.MINUTES.toNanos(10)));
    scheduleRetention(new RetentionSweeper(pool, config.calendar().zone(), List.of(
        new RetentionSweeper.Rule("idempotency_keys", "created_at", Duration.ofHours(config.idempotencyRetentionHours())),
        new RetentionSweeper.Rule("deliveries", "started_at", Duration.ofDays(config.deliveryAttemptsRetentionDays())),
        new RetentionSweeper.Rule("department_callbacks", "created_at", Duration.ofDays(config.departmentCallbacksRetentionDays())))));
    SubmissionValidator validator = new SubmissionValidator(config.catalog());
    CaseQueries queries = new CaseQueries(pool);
    CaseAccess access = new CaseAccess(queries, config.retryAfterSeconds());
    SharedDataClient sharedDataClient = new SharedDataClient(vertx, redis, sharedData, config.retryAfterSeconds());
    if (sharedData.url() == null) log.warn("no sharedData.url: prefill answers 503 and e-certificate references are checked for form only");
    EdgeVerticle.EdgeHandlers handlers = new EdgeVerticle.EdgeHandlers(
        new AuthHandler(new Authenticator(vertx, config), limiter, registry),
        new CatalogHandler(config.catalog(), dispatchModes()),
        new CaseHandler(vertx, validator, new CaseFactory(config.calendar()), store, queries, access,
            new CaseView(config.catalog(), config.calendar().zone()), config.retryAfterSeconds(), router.backlog()::overLimit,
            new EcertVerifier(sharedDataClient, config.catalog(), sharedData.url() != null, config.calendar().zone()), registry),
        new OpsHandler(vertx, pool, redis, this::clusterStatus, openApi()),
        new FailureHandler(config.retryAfterSeconds()),
        new CaseActionsHandler(config.catalog(), access, validator, router.flow()),
        new DepartmentHandler(router.dispatch(), config.router(), router.pull(), router.flow(), router.claims()),
        new AdminHandler(router.claims(), router.flow(), router.deadlines()),
        liveHandlers(access, registry),
        new SharedDataHandler(config.catalog(), sharedDataClient, config.calendar().zone()));
    int instances = config.edgeInstances() > 0 ? config.edgeInstances() : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    return vertx.deployVerticle(() -> new EdgeVerticle(handlers, config.httpPort(), config.maxBodyBytes()),
        new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP));
  }

  /** The hotline status view in Redis, refreshed from every batch of events this node commits. */
  private Future<String> startStatusViews() {
    hotlineQueries = new HotlineQueries(pool, config.catalog());
    statusViews = new StatusViewCache(vertx, redis, HOTLINE_VIEW_TTL_SECONDS);
    StatusViewUpdater updater = new StatusViewUpdater(hotlineQueries, statusViews);
    return vertx.deployVerticle(updater).onSuccess(id -> publisher.addListener(updater));
  }

  private EdgeVerticle.LiveHandlers liveHandlers(CaseAccess access, MeterRegistry registry) {
    ZoneId zone = config.calendar().zone();
    StreamSettings streams = config.streams();
    StreamMetrics metrics = new StreamMetrics(registry);
    publisher.addListener(metrics::published);
    EventQueries events = new EventQueries(pool, zone);
    return new EdgeVerticle.LiveHandlers(
        new EventsHandler(access, events, streams, metrics),
        new WebSocketHandler(access, events, config.catalog(), streams, metrics),
        new HotlineHandler(new HotlineService(hotlineQueries, statusViews),
            new HotlineView(zone), zone, config.retryAfterSeconds()),
        new RatingHandler(access, new RatingStore(pool), publisher, zone),
        new StatsHandler(new StatsQueries(pool), config.catalog(), config.retryAfterSeconds()));
  }

  private Map<String, String> dispatchModes() {
    Map<String, String> modes = new HashMap<>();
    config.dispatch().forEach((code, s) -> modes.put(code, s.mode()));
    return modes;
  }

  private <T> void registerLocal(Class<T> c) {
    vertx.eventBus().registerDefaultCodec(c, new LocalCodec<>(c));
  }

  /** Every node sweeps hourly (and once shortly after start); concurrent sweeps just delete less each. */
  private void scheduleRetention(RetentionSweeper sweeper) {
    Runnable sweep = () -> sweeper.sweep().onFailure(e -> log.warn("retention sweep failed: {}", e.toString()));
    vertx.setTimer(30_000, t -> sweep.run());
    vertx.setPeriodic(HOUR_MS, t -> sweep.run());
  }

  private JsonObject clusterStatus() {
    if (clusterManager == null) return new JsonObject().put("status", "UP").put("mode", "standalone");
    return new JsonObject().put("status", clusterManager.isActive() ? "UP" : "DOWN")
        .put("members", clusterManager.getNodes().size());
  }

  private static String openApi() {
    try (InputStream in = OneGoNode.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) throw new IllegalStateException("openapi.yaml is missing from the build");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read openapi.yaml", e);
    }
  }

  public Future<Void> close() {
    if (redis != null) redis.close();
    if (vertx == null) return Future.succeededFuture();
    return vertx.close();
  }
}

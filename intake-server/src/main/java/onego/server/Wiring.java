package onego.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import onego.domain.FormSchemas;
import onego.domain.WorkingCalendar;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.cases.CaseLog;
import onego.router.cases.CaseOpening;
import onego.router.cases.CaseReads;
import onego.router.cases.EventPublisher;
import onego.router.cases.ItemFlow;
import onego.router.cases.Shipments;
import onego.server.logistics.LogisticsHandler;
import onego.server.logistics.WaybillRequester;
import onego.router.dispatch.BacklogMonitor;
import onego.router.dispatch.ClaimStore;
import onego.router.dispatch.DeadlineWatcher;
import onego.router.cases.Cards;
import onego.router.dispatch.DispatchVerticle;
import onego.router.dispatch.PullService;
import onego.router.cases.HandoffLeases;
import onego.router.cases.ItemLeases;
import onego.router.federation.FederationStore;
import onego.router.federation.FederationVerticle;
import onego.server.federation.FederationHandler;
import onego.server.admin.AdminHandler;
import onego.server.supervision.CardHandler;
import onego.server.supervision.DepartmentFigures;
import onego.server.audit.AuditHandler;
import onego.server.audit.AuditQueries;
import onego.server.audit.AuditSealer;
import onego.server.audit.AuditTrail;
import onego.server.audit.AuditVerifier;
import onego.server.caseapi.CaseAccess;
import onego.server.caseapi.CaseActionsHandler;
import onego.server.caseapi.CaseHandler;
import onego.server.caseapi.CaseView;
import onego.server.catalog.CatalogHandler;
import onego.server.config.AppConfig;
import onego.server.departments.DepartmentHandler;
import onego.server.hotline.HotlineAnswers;
import onego.server.hotline.HotlineHandler;
import onego.server.hotline.HotlineQueries;
import onego.server.hotline.HotlineService;
import onego.server.hotline.HotlineView;
import onego.server.hotline.StatusViewCache;
import onego.server.hotline.StatusViewUpdater;
import onego.server.infra.LocalCodec;
import onego.server.infra.Redis;
import onego.server.infra.RedisCipher;
import onego.server.intake.CaseCreatedView;
import onego.server.intake.IdempotencyStore;
import onego.server.intake.Intake;
import onego.server.intake.IntakeHandler;
import onego.server.intake.IntakeRequest;
import onego.server.intake.IntakeWriter;
import onego.server.intake.SubmissionValidator;
import onego.server.offers.OfferHandler;
import onego.server.offers.OfferStore;
import onego.server.offers.OfferSweeper;
import onego.server.offers.Offers;
import onego.server.ops.OpsHandler;
import onego.server.ops.PeriodicJobs;
import onego.server.ops.RetentionSweeper;
import onego.server.pages.PagesHandler;
import onego.server.pages.SignInOptions;
import onego.server.ratings.RatingHandler;
import onego.server.ratings.RatingStore;
import onego.server.ratings.ComplaintHandler;
import onego.server.ratings.ComplaintStore;
import onego.server.ratings.ComplaintView;
import onego.server.hotline.UrgeHandler;
import onego.server.hotline.UrgeStore;
import onego.server.ratings.StatsHandler;
import onego.server.ratings.StatsQueries;
import onego.server.shareddata.EcertVerifier;
import onego.server.shareddata.PrerequisiteVerifier;
import onego.server.shareddata.SharedDataClient;
import onego.server.shareddata.SharedDataHandler;
import onego.server.streams.EventQueries;
import onego.server.streams.EventsHandler;
import onego.server.streams.StreamMetrics;
import onego.server.streams.WebSocketHandler;
import onego.server.web.AuthFailureLimiter;
import onego.server.web.AuthHandler;
import onego.server.web.Authenticator;
import onego.server.web.Drain;
import onego.server.web.FailureHandler;
import onego.server.web.PrincipalQuota;
import onego.server.web.RateLimiter;
import onego.server.web.RequestDeadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The composition root: every object of a node, made once in the constructor from the
 * configuration and the node's Vert.x, pool and Redis; {@link #deploy} then starts the verticles
 * in order (intake writer, hotline status view, dispatch, periodic jobs, the edge).
 */
final class Wiring {
  private static final Logger log = LoggerFactory.getLogger(Wiring.class);
  /** How long a case's hotline view lives in Redis without news; a miss reads PostgreSQL. */
  private static final long HOTLINE_VIEW_TTL_SECONDS = 30L * 24 * 3600;
  private static final long HOUR_MS = 3_600_000L;
  /** Retry-After of a 429 for one stream or long poll too many: a slot frees when another one ends. */
  private static final int SLOT_RETRY_AFTER_SECONDS = 5;
  /** Overdue complaints marked per deadline scan at most (the next scan takes the rest). */
  private static final int COMPLAINT_SCAN_LIMIT = 500;

  private final Vertx vertx;
  private final AppConfig config;
  private final MeterRegistry registry;
  final EventPublisher publisher;
  private final IntakeWriter intakeWriter;
  private final StatusViewUpdater statusViews;
  private final List<DispatchVerticle> dispatchers;
  private final FederationStore federationStore;
  private final FederationVerticle federation;
  private final PeriodicJobs jobs;
  /** Chains committed audit rows (every node runs one; the lease holder seals). */
  private final AuditSealer auditSealer;
  /** The 免申即享 sweep and event triggers of this node. */
  final OfferSweeper offerSweeper;
  private final WaybillRequester waybills;
  final Handlers handlers;
  /** The node's graceful shutdown: what {@link OneGoNode#close} begins and waits on. */
  final Drain drain = new Drain();

  /** {@code registry}: this node's own, the one its Vert.x reports into and {@code /metrics} scrapes. */
  Wiring(Vertx vertx, AppConfig config, Pool pool, Redis redis, PrometheusMeterRegistry registry, Supplier<JsonObject> clusterStatus) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    ZoneId zone = config.calendar().zone();
    RouterSettings rs = config.router();

    logCalendar(config.calendar());
    publisher = new EventPublisher(vertx);
    AuditTrail audit = new AuditTrail(pool, zone);
    auditSealer = new AuditSealer(pool, config.audit(), registry);
    CaseLog caseLog = new CaseLog(pool, publisher, zone, audit);
    ItemFlow flow = new ItemFlow(pool, caseLog, config.catalog(), config.calendar());
    CaseReads reads = new CaseReads(pool);
    Shipments shipments = new Shipments(pool, caseLog);
    waybills = new WaybillRequester(vertx, config.logistics(), shipments, zone, registry);
    if (!config.logistics().configured()) log.warn("no logistics.endpoint: EMS deliveries wait for a waybill (WAYBILL_PENDING) until one is configured");
    Cards cards = new Cards(pool);
    CaseView view = new CaseView(config.catalog(), config.calendar());
    ClaimStore claims = new ClaimStore(pool, config.catalog(), config.calendar());
    BacklogMonitor backlog = new BacklogMonitor(claims, rs.backlogLimit(), config.catalog(), config.dispatch(), registry);
    DeadlineWatcher deadlines = new DeadlineWatcher(vertx, pool, reads, flow, config.calendar(), rs.deadlineScanMs(), registry);
    PullService pull = new PullService(vertx, claims, reads, flow, rs.pullLeaseSeconds(), registry);
    pull.registerCounters(config.dispatch().values().stream().flatMap(d -> d.lanes().stream()).filter(d -> d.mode().equals("pull")).toList());
    dispatchers = rs.enabled() ? DispatchVerticle.forLoops(config.dispatch(), rs, claims, flow, registry) : List.of();
    // 跨省通办: items of cases in a peer's province go to that platform, not to a department
    federationStore = new FederationStore(pool);
    federation = rs.enabled() && config.federation().enabled()
        ? new FederationVerticle(config.federation(), rs, new HandoffLeases(pool), new ItemLeases(pool), federationStore, flow, config.catalog(), registry)
        : null;

    IdempotencyStore keys = new IdempotencyStore(pool);
    intakeWriter = new IntakeWriter(caseLog, keys, config.intake().groupCommit(), registry);
    HotlineQueries hotlineQueries = new HotlineQueries(reads, config.catalog());
    RedisCipher cipher = redisCipher(config);
    StatusViewCache statusViewCache = new StatusViewCache(vertx, redis, cipher, HOTLINE_VIEW_TTL_SECONDS);
    statusViews = new StatusViewUpdater(hotlineQueries, statusViewCache);
    StreamMetrics streamMetrics = new StreamMetrics(registry);

    SharedDataClient sharedData = new SharedDataClient(vertx, redis, cipher, config.sharedData(), registry);
    sharedData.registerCounters(config.catalog().sources().keySet());
    if (config.sharedData().url() == null) log.warn("no sharedData.url: prefill answers 503 and e-certificate references are checked for form only");
    EcertVerifier ecerts = new EcertVerifier(sharedData, config.catalog(), config.sharedData().url() != null, zone);
    FormSchemas forms = new FormSchemas(config.catalog());
    SubmissionValidator validator = new SubmissionValidator(config.catalog(), forms, java.time.Clock.systemUTC(),
        config.federation().peerProvinces());
    CaseAccess access = new CaseAccess(reads);
    EventQueries events = new EventQueries(reads, zone);
    ComplaintStore complaints = new ComplaintStore(pool, caseLog, config.calendar(), config.supervision().complaintDays());
    deadlines.alsoScan(() -> complaints.markOverdue(COMPLAINT_SCAN_LIMIT));
    RateLimiter limiter = new RateLimiter(c -> config.rateLimits().forRole(c.role().code()));
    AuthFailureLimiter authFailures = new AuthFailureLimiter(config.auth().failedAuthPerAddress(),
        TimeUnit.SECONDS.toNanos(config.auth().failedAuthWindowSeconds()));
    PrincipalQuota streams = new PrincipalQuota(c -> config.streams().maxPerPrincipal(c.role().code()), "streams",
        SLOT_RETRY_AFTER_SECONDS);
    FailureHandler failures = new FailureHandler(config.http().retryAfterSeconds());
    Offers offers = new Offers(vertx, config.catalog(), sharedData, audit, new OfferStore(pool),
        new CaseOpening(config.calendar(), config.catalog()), new CaseCreatedView(config.calendar()), zone);
    offerSweeper = new OfferSweeper(pool, offers, sharedData, config.offers(), zone);

    Intake intake = new Intake(vertx, validator, ecerts,
        new PrerequisiteVerifier(sharedData, audit, config.sharedData().url() != null, zone),
        new CaseOpening(config.calendar(), config.catalog()), new CaseCreatedView(config.calendar()), keys, backlog::overLimit, intakeWriter::refusesNow, registry);
    handlers = new Handlers(
        new AuthHandler(new Authenticator(vertx, config.auth(), config.catalog()), limiter, authFailures, registry),
        failures,
        new RequestDeadline(vertx, config.http().requestTimeoutSeconds(), config.http().retryAfterSeconds(), registry),
        new CatalogHandler(config.catalog(), dispatchModes(config.dispatch()), offices(config.dispatch()), forms),
        new SharedDataHandler(config.catalog(), sharedData, zone, audit),
        new IntakeHandler(intake),
        new CaseHandler(reads, access, view, audit, federationStore),
        new CaseActionsHandler(config.catalog(), access, validator, flow, view, audit),
        new EventsHandler(access, events, config.streams(), streamMetrics, streams),
        new WebSocketHandler(access, events, config.catalog(), config.streams(), streamMetrics, failures, streams),
        new RatingHandler(access, new RatingStore(caseLog, complaints, config.supervision().hallDepartment()), zone),
        new ComplaintHandler(complaints, access, config.catalog(), new ComplaintView(config.catalog(), zone)),
        new DepartmentHandler(config.dispatch(), rs, pull, flow, claims,
            new PrincipalQuota(c -> rs.maxLongPollsPerPrincipal(), "long polls", SLOT_RETRY_AFTER_SECONDS), view,
            reads, config.catalog(), audit),
        new HotlineHandler(new HotlineService(hotlineQueries, statusViewCache), new HotlineView(zone), zone, audit, federationStore,
            new HotlineAnswers(registry)),
        new UrgeHandler(new UrgeStore(caseLog), zone),
        new AdminHandler(reads, flow, deadlines, view, shipments),
        new CardHandler(cards, reads, view, zone),
        new StatsHandler(new StatsQueries(pool), new DepartmentFigures(pool, cards), config.catalog(), zone),
        new OpsHandler(vertx, pool, redis, clusterStatus, OpenApiDocument.text(), config.calendar(), PrometheusScrapingHandler.create(registry)),
        new AuditHandler(new AuditQueries(pool, audit), new AuditVerifier(vertx, pool, auditSealer.backlog()), zone),
        new LogisticsHandler(config.logistics(), shipments),
        new PagesHandler(SignInOptions.of(config, System.getenv("ONEGO_SSO_LOGIN_URL"))),
        new OfferHandler(offers, audit, zone),
        new FederationHandler(config.federation(), federationStore, intake, validator, flow, zone, config.catalog()),
        drain,
        onego.server.web.Cors.handler(config.http().corsOrigins()));
    drain.onDrain(null, pull::drain);
    for (DispatchVerticle d : dispatchers) {
      drain.onDrain(null, d::drain);
      drain.track(d::inFlight);
    }
    if (federation != null) {
      drain.onDrain(null, federation::drain);
      drain.track(federation::inFlight);
    }

    publisher.addListener(statusViews);
    publisher.addListener(streamMetrics::published);
    publisher.addListener(offerSweeper); // event-driven offer rules (a trigger item reaching its status)
    jobs = new PeriodicJobs(periodicJobs(backlog, deadlines, limiter, authFailures, retention(pool, zone)));
  }

  /** How far the configured holidays reach; past it due dates count the statutory holidays only and are provisional. */
  private static void logCalendar(WorkingCalendar calendar) {
    LocalDate through = calendar.configuredThrough();
    if (through == null) {
      log.warn("calendar: no holidays configured; every due date counts only the statutory holidays and is marked provisional");
    } else if (through.isBefore(LocalDate.now(calendar.zone()).plusDays(90))) {
      log.warn("calendar: configured through {}; add the next year's holidays (国务院办公厅 notice) when published; "
          + "due dates after it count only the statutory holidays and are marked provisional", through);
    } else {
      log.info("calendar: configured through {}; due dates after it count only the statutory holidays and are marked provisional", through);
    }
  }

  /** Every periodic job of a node. */
  private List<PeriodicJobs.Job> periodicJobs(BacklogMonitor backlog, DeadlineWatcher deadlines, RateLimiter limiter,
                                              AuthFailureLimiter authFailures, RetentionSweeper retention) {
    List<PeriodicJobs.Job> list = new ArrayList<>();
    list.add(new PeriodicJobs.Job("backlog gauges and the intake backlog limit", 0, 1_000, backlog::refresh));
    if (config.router().enabled()) {
      list.add(new PeriodicJobs.Job("deadline cards (one node by lease)", config.router().deadlineScanMs(),
          config.router().deadlineScanMs(), deadlines::scanIfLeader));
    }
    if (config.offers().enabled() && !config.catalog().offers().rules().isEmpty()) {
      long everyMs = config.offers().sweepIntervalSeconds() * 1000L;
      list.add(new PeriodicJobs.Job("offer sweep (one node by lease)", Math.min(everyMs, 10_000), everyMs, offerSweeper::sweepIfLeader));
    }
    list.add(new PeriodicJobs.Job("idle rate-limit buckets", 60_000, 60_000,
        () -> limiter.evictIdle(System.nanoTime(), TimeUnit.MINUTES.toNanos(10))));
    list.add(new PeriodicJobs.Job("ended failed-authentication windows", 60_000, 60_000,
        () -> authFailures.evictExpired(System.nanoTime())));
    if (config.logistics().configured()) {
      list.add(new PeriodicJobs.Job("EMS waybill requests (一次送达)", config.logistics().pollMs(), config.logistics().pollMs(), waybills::run));
    }
    list.add(new PeriodicJobs.Job("failed EMS waybill requests gauge", 0, 5_000, waybills::sampleFailed));
    list.add(new PeriodicJobs.Job("retention sweep", 30_000, HOUR_MS,
        () -> retention.sweep().onFailure(e -> log.warn("retention sweep failed: {}", e.toString()))));
    return list;
  }

  /** {@code redis.encryptionKey}; without one (dev only: prod refuses to start) a random key for this process. */
  private static RedisCipher redisCipher(AppConfig config) {
    if (config.stores().redisEncryptionKey() != null) return RedisCipher.fromBase64(config.stores().redisEncryptionKey());
    log.warn("no redis.encryptionKey: personal data in Redis is encrypted with a random key of this process (dev only); "
        + "cached values do not survive a restart and other processes cannot read them");
    return RedisCipher.randomForThisProcess();
  }

  private RetentionSweeper retention(Pool pool, ZoneId zone) {
    return new RetentionSweeper(pool, zone, List.of(
        new RetentionSweeper.Rule("idempotency_keys", "created_at", Duration.ofHours(config.intake().idempotencyRetentionHours())),
        new RetentionSweeper.Rule("deliveries", "started_at", Duration.ofDays(config.retention().deliveryAttemptsDays())),
        new RetentionSweeper.Rule("department_callbacks", "created_at", Duration.ofDays(config.retention().departmentCallbacksDays())),
        // a logistics report older than this cannot come again: its signature's timestamp is stale after 5 minutes
        new RetentionSweeper.Rule("logistics_callbacks", "created_at", Duration.ofDays(config.retention().departmentCallbacksDays())),
        // status reports a peer has (or refused): kept as long as delivery attempts; unsent ones never go
        new RetentionSweeper.Rule("federation_reports", "sent_at", Duration.ofDays(config.retention().deliveryAttemptsDays())),
        RetentionSweeper.Rule.wholeDays("audit_log", "audit_purge", Duration.ofDays(config.retention().auditDays()))));
  }

  /** Deploys the verticles in order; the edge last, so nothing is served before the node can answer it. */
  Future<Void> deploy() {
    LocalCodec.register(vertx, IntakeRequest.class, IntakeWriter.Reply.class);
    int instances = config.http().instances() > 0 ? config.http().instances() : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    Future<String> deployed = vertx.deployVerticle(intakeWriter).compose(id -> vertx.deployVerticle(statusViews));
    if (federation != null) deployed = deployed.compose(id -> vertx.deployVerticle(federation));
    for (DispatchVerticle d : dispatchers) deployed = deployed.compose(id -> vertx.deployVerticle(d));
    return deployed
        .compose(id -> vertx.deployVerticle(jobs))
        .compose(id -> vertx.deployVerticle(auditSealer))
        .compose(id -> vertx.deployVerticle(() -> new EdgeVerticle(handlers, config.http().port(), config.http().maxBodyBytes(),
            config.http().idleTimeoutSeconds()),
            new DeploymentOptions().setInstances(instances).setThreadingModel(ThreadingModel.EVENT_LOOP)))
        .mapEmpty();
  }

  /** Per department with offices per region: division code → that office's dispatch mode. */
  private static Map<String, Map<String, String>> offices(Map<String, DispatchSettings> dispatch) {
    Map<String, Map<String, String>> out = new HashMap<>();
    dispatch.forEach((code, s) -> {
      if (s.regions().isEmpty()) return;
      Map<String, String> modes = new java.util.LinkedHashMap<>();
      s.regions().forEach((region, r) -> modes.put(region, r.mode()));
      out.put(code, modes);
    });
    return out;
  }

  private static Map<String, String> dispatchModes(Map<String, DispatchSettings> dispatch) {
    Map<String, String> modes = new HashMap<>();
    dispatch.forEach((code, s) -> modes.put(code, s.mode()));
    return modes;
  }
}

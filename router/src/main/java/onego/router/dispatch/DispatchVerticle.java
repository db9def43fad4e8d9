package onego.router.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import onego.domain.Times;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.cases.EventPublisher;
import onego.router.cases.ItemFlow;
import onego.router.commit.CommitPolicy;
import onego.router.commit.GroupCommitter;
import onego.router.store.DatabaseFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push dispatch: one lane per push department with an endpoint, and one per push office of a
 * region ({@code departments.<code>.regions}: dispatch per (department, region), 就近办, 湖南方案 四(一)),
 * each with its own in-flight credits ({@code maxInFlight}), circuit breaker, retries and dead
 * letters, so a slow or dead department, or a slow county office, only ever holds its own credits
 * (the city office of the same department goes on). A region without an office of its own shares
 * the department's lane. A lane claims only as many items as it has credits; everything else
 * waits in PostgreSQL. Lanes wake on {@code dept.<code>} events, after each delivery, and on a
 * slow tick for due retries and expired leases. A node runs {@link #forLoops} of them, each on its
 * own event loop with its share of the departments.
 */
public final class DispatchVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DispatchVerticle.class);

  private final Map<String, DispatchSettings> settings;
  private final RouterSettings router;
  private final ClaimStore store;
  private final ItemFlow flow;
  private final MeterRegistry registry;
  private final List<Lane> lanes = new java.util.concurrent.CopyOnWriteArrayList<>();
  private WebClient client;
  private GroupCommitter<ItemFlow.Delivered, Boolean> outcomes;
  private GroupCommitter<ClaimStore.Attempt, Void> attempts;
  private volatile boolean draining;

  public DispatchVerticle(Map<String, DispatchSettings> settings, RouterSettings router, ClaimStore store, ItemFlow flow,
                          MeterRegistry registry) {
    this.settings = settings;
    this.router = router;
    this.store = store;
    this.flow = flow;
    this.registry = registry;
  }

  /**
   * One verticle per {@code router.dispatchLoops}, the departments (by code) dealt to them in
   * turn, so each department's lanes (its own and its regions' offices) and credits live on exactly
   * one; fewer when there are fewer departments with a push lane than loops.
   */
  public static List<DispatchVerticle> forLoops(Map<String, DispatchSettings> settings, RouterSettings router, ClaimStore store,
                                                ItemFlow flow, MeterRegistry registry) {
    List<String> push = settings.keySet().stream()
        .filter(code -> settings.get(code).lanes().stream().anyMatch(l -> l.mode().equals("push"))).sorted().toList();
    int loops = Math.max(1, Math.min(router.dispatchLoops(), push.size()));
    List<Map<String, DispatchSettings>> shares = new ArrayList<>();
    for (int k = 0; k < loops; k++) shares.add(new LinkedHashMap<>());
    for (int k = 0; k < push.size(); k++) shares.get(k % loops).put(push.get(k), settings.get(push.get(k)));
    return shares.stream().map(share -> new DispatchVerticle(share, router, store, flow, registry)).toList();
  }

  /** The departments whose lanes this verticle runs (its share of the push departments). */
  Set<String> departments() {
    return settings.keySet();
  }

  @Override
  public Future<?> start() {
    // Lanes ration their own credits; the connection pool (per host) must never be what makes one
    // department wait for another that shares its host, so it has room for every credit.
    int credits = settings.values().stream().flatMap(s -> s.lanes().stream()).mapToInt(DispatchSettings::maxInFlight).sum();
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("OneGo-Router/1"),
        new PoolOptions().setHttp1MaxSize(Math.max(64, credits)));
    // Many pushes finish at once under load: their outcomes share transactions (one commit and one
    // audit append for a batch, instead of one each), and their attempt rows share statements.
    // No admission limit: an outcome holds its lane's credit until written, and attempt rows come one per
    // delivery, whose credit waits for its outcome; a batch that fails is written member by member.
    outcomes = new GroupCommitter<>("dispatch outcomes", vertx, CommitPolicy.eachAlone(router.outcomeBatch(), router.outcomeWriters()),
        list -> flow.dispatchedAll(ItemFlow.DISPATCH, list));
    attempts = new GroupCommitter<>("delivery attempts", vertx, CommitPolicy.eachAlone(4 * router.outcomeBatch(), 1), store::recordAttempts);
    List<String> unreachable = new ArrayList<>();
    for (DispatchSettings d : settings.values()) {
      List<Lane> own = new ArrayList<>();
      for (DispatchSettings s : d.lanes()) {
        if (!s.mode().equals("push")) continue;
        if (s.endpoint() == null || s.secrets().isEmpty()) {
          unreachable.add(s.lane());
          continue;
        }
        own.add(new Lane(s));
      }
      lanes.addAll(own);
      // an item of the department is announced once; the lane whose region it is claims it, the others find nothing
      if (!own.isEmpty()) vertx.eventBus().consumer(EventPublisher.DEPT_PREFIX + d.department(), m -> own.forEach(Lane::pump));
    }
    if (!unreachable.isEmpty()) {
      log.warn("push departments without endpoint or secret keep their items queued until configured: {}", unreachable);
    }
    vertx.setPeriodic(router.pollMs(), t -> lanes.forEach(Lane::pump));
    lanes.forEach(Lane::pump);
    return Future.succeededFuture();
  }

  /**
   * A node's shutdown: no new claims. Deliveries in flight go on; the node waits for
   * {@link #inFlight} to reach 0 (bounded by its drain time) before it closes the pool. One that
   * does not finish in time keeps its lease, which expires ({@code leaseMs}) and the item is claimed again.
   */
  public void drain() {
    draining = true;
  }

  /** Push deliveries under way on this node (every department): their outcome is not recorded yet. */
  public int inFlight() {
    return lanes.stream().mapToInt(l -> l.inFlight.get()).sum();
  }

  /** One department's dispatch stream, or one region office's of it. Runs on this verticle's event loop only. */
  private final class Lane {
    final DispatchSettings s;
    final WebhookSigner signer;
    final CircuitBreaker circuit;
    final AtomicInteger inFlight = new AtomicInteger();
    final Timer latency;
    final Counter delivered;
    final Counter failed;
    final Counter deadLettered;
    final RetrySchedule schedule;
    /** The endpoint answered 410 Gone (Standard Webhooks: disabled); nothing more is claimed for it on this node until a restart. */
    volatile boolean gone;
    boolean claiming;

    Lane(DispatchSettings s) {
      this.s = s;
      this.signer = new WebhookSigner(s.secrets());
      this.circuit = new CircuitBreaker(router.circuitThreshold(), router.circuitOpenMs());
      this.schedule = new RetrySchedule(s.retryScheduleMs());
      String d = s.department();
      String r = s.laneTag();
      latency = Timer.builder("onego.router.delivery").tag("department", d).tag("region", r)
          .description("push delivery round trip, request sent to answer read (histogram)").register(registry);
      delivered = Counter.builder("onego.router.attempts").tag("department", d).tag("region", r).tag("outcome", "delivered")
          .description("push delivery attempts by outcome").register(registry);
      failed = Counter.builder("onego.router.attempts").tag("department", d).tag("region", r).tag("outcome", "failed")
          .description("push delivery attempts by outcome").register(registry);
      deadLettered = Counter.builder("onego.router.dead.letters").tag("department", d).tag("region", r)
          .description("items this node dead-lettered after their last delivery attempt").register(registry);
      Gauge.builder("onego.router.in.flight", inFlight, AtomicInteger::get).tag("department", d).tag("region", r)
          .description("this node's open push deliveries").register(registry);
      Gauge.builder("onego.router.circuit", circuit, c -> c.state(System.currentTimeMillis()).ordinal()).tag("department", d).tag("region", r)
          .description("0 closed, 1 open, 2 half-open").register(registry);
      Gauge.builder("onego.router.endpoint.gone", this, l -> l.gone ? 1 : 0).tag("department", d).tag("region", r)
          .description("1 once the department's endpoint answered 410 Gone: push stopped on this node until a restart").register(registry);
    }

    void pump() {
      if (claiming || draining || gone) return;
      CircuitBreaker.State state = circuit.state(System.currentTimeMillis());
      int credits = switch (state) {
        case OPEN -> 0;
        case HALF_OPEN -> inFlight.get() == 0 ? 1 : 0;
        case CLOSED -> Math.min(router.claimBatch(), s.maxInFlight() - inFlight.get());
      };
      if (credits <= 0) return;
      claiming = true;
      store.claim(s, credits, leaseMs()).onComplete(ar -> {
        claiming = false;
        if (ar.failed()) {
          if (DatabaseFault.poolClosed(ar.cause())) log.debug("claim for {} met the closed pool (the node is stopping)", s.lane());
          else log.warn("claim for {} failed: {}", s.lane(), ar.cause().toString());
          return;
        }
        for (WorkItem w : ar.result()) {
          inFlight.incrementAndGet();
          deliver(w).onComplete(x -> {
            inFlight.decrementAndGet();
            pump();
          });
        }
        if (ar.result().size() == credits) pump();
      });
    }

    /** Long enough that a live router always finishes first; a dead one's items come back after it. */
    long leaseMs() {
      return 2L * s.timeoutMs() + 5_000;
    }

    Future<Void> deliver(WorkItem w) {
      // encoded once: the bytes signed are the bytes sent
      Buffer body = w.payload().toBuffer();
      long ts = System.currentTimeMillis() / 1000;
      long start = System.nanoTime();
      var started = Times.now(flow.zone());
      var request = client.postAbs(s.endpoint());
      // W3C Trace Context: the filing request's trace id, a new span id for this attempt, sampled
      if (w.traceId() != null) request.putHeader("traceparent", "00-" + w.traceId() + "-" + newSpanId() + "-01");
      return request
          .timeout(s.timeoutMs())
          .putHeader("content-type", "application/json")
          .putHeader("webhook-id", w.messageId())
          .putHeader("webhook-timestamp", String.valueOf(ts))
          .putHeader("webhook-signature", signer.sign(w.messageId(), ts, body.getBytes()))
          .sendBuffer(body)
          .transform(ar -> {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            HttpResponse<Buffer> res = ar.succeeded() ? ar.result() : null;
            boolean ok = res != null && res.statusCode() / 100 == 2;
            String error = ok ? null : res != null ? "HTTP " + res.statusCode() : String.valueOf(ar.cause().getMessage());
            attempts.add(new ClaimStore.Attempt(w, started, ms, res == null ? null : res.statusCode(), ok, error))
                .onFailure(e -> log.warn("recording a delivery attempt failed: {}", e.toString()));
            if (ok) {
              circuit.success();
              delivered.increment();
              return w.cancel() ? store.cancelDone(w.itemId(), w.leaseId(), null).mapEmpty()
                  : outcomes.add(new ItemFlow.Delivered(w.caseId(), w.itemId(), w.leaseId())).mapEmpty();
            }
            circuit.failure(System.currentTimeMillis());
            failed.increment();
            if (res != null && res.statusCode() == 410) return endpointGone(w);
            OptionalLong asked = res != null && (res.statusCode() == 429 || res.statusCode() == 503)
                ? RetrySchedule.retryAfterMs(res.getHeader("Retry-After"), java.time.Instant.now()) : OptionalLong.empty();
            return afterFailure(w, error, asked);
          });
    }

    /**
     * Standard Webhooks: 410 Gone means the receiver has disabled the endpoint, so the sender stops.
     * The lane claims nothing more (its items stay queued until the configuration is fixed and the
     * node restarted, or an admin replays them), the item is dead-lettered at once with the reason
     * (the dead-letter alert fires), and an ERROR names the department once.
     */
    Future<Void> endpointGone(WorkItem w) {
      String reason = "HTTP 410 Gone: " + s.lane() + " has disabled its webhook endpoint; push to it stopped until the node restarts";
      if (!gone) {
        gone = true;
        log.error("department {} answered 410 Gone at {}: its endpoint is disabled (Standard Webhooks); no more push deliveries "
            + "to it from this node until a restart with a new endpoint; its items stay queued, this one is dead-lettered", s.lane(), s.endpoint());
      }
      if (w.cancel()) return store.cancelDone(w.itemId(), w.leaseId(), "cancel notice not delivered: " + reason).mapEmpty();
      deadLettered.increment();
      return flow.deliveryFailed(w.caseId(), w.itemId(), w.leaseId(), reason).mapEmpty();
    }

    private static String newSpanId() {
      long id;
      do id = ThreadLocalRandom.current().nextLong(); while (id == 0);
      return HexFormat.of().toHexDigits(id);
    }

    /** {@code asked}: the wait a 429 or 503 asked for with {@code Retry-After}, honoured over the schedule. */
    Future<Void> afterFailure(WorkItem w, String error, OptionalLong asked) {
      if (w.attempt() >= s.maxAttempts()) {
        if (w.cancel()) return store.cancelDone(w.itemId(), w.leaseId(), "cancel notice not delivered: " + error).mapEmpty();
        deadLettered.increment();
        log.warn("item {} for {} dead-lettered after {} attempts: {}", w.itemId(), s.lane(), w.attempt(), error);
        return flow.deliveryFailed(w.caseId(), w.itemId(), w.leaseId(), error).mapEmpty();
      }
      long delay = asked.isPresent() ? schedule.honouring(asked.getAsLong()) : schedule.delayMs(w.attempt());
      return store.retryLater(w, Times.now(flow.zone()).plusNanos(delay * 1_000_000), error)
          // a short wait gets its own timer; a long one (minutes to hours) is found by the periodic tick
          .onSuccess(v -> { if (delay <= 60_000) vertx.setTimer(delay + 10, t -> pump()); });
    }
  }
}

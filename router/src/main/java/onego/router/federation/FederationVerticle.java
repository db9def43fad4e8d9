package onego.router.federation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import onego.domain.Catalog;
import onego.domain.ItemSpec;
import onego.domain.ItemStatus;
import onego.domain.Times;
import onego.router.DispatchSettings;
import onego.router.RouterSettings;
import onego.router.cases.CaseRow;
import onego.router.cases.HandoffLeases;
import onego.router.cases.ItemFlow;
import onego.router.cases.ItemLeases;
import onego.router.cases.ItemRow;
import onego.router.dispatch.CircuitBreaker;
import onego.router.dispatch.RetrySchedule;
import onego.router.dispatch.WebhookSigner;
import onego.router.store.DatabaseFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 跨省通办 between platforms: one lane per federation peer, on one event loop, doing what a push
 * department's lane does ({@code DispatchVerticle}) with the peer's platform as the department.
 *
 * <p><b>Handoffs.</b> The lane claims ready items of cases whose region lies in the peer's province
 * ({@link HandoffLeases}, {@code SKIP LOCKED}, as many as it has in-flight credits: {@code maxInFlight};
 * a circuit breaker stops it after consecutive failures, so a peer that is down only ever holds its own
 * credits) and POSTs each to {@code <peer>/api/v1/federation/handoffs} signed as a Standard Webhook,
 * {@code webhook-id} = the handoff id ({@link #handoffId}: the origin's province and the item id, the
 * same on every retry and replay, so the peer files it once). Body: {@code handoffId, origin, thing,
 * item {code, name}, applicant, form (the item's fields only), materials (the item's only),
 * commitments (the item's), delivery, region, inputs}. A 2xx {@code {"caseId"}} makes the item
 * DISPATCHED and records the peer's case (the item's {@code handledBy}); a timeout, 408, 409, 425,
 * 429 or 5xx retries on the peer's {@code retrySchedule} (with jitter) up to {@code maxAttempts}, then
 * the item is DELIVERY_FAILED in the dead-letter list (an admin replays it like a department's); any
 * other 4xx refuses the handoff for good and dead-letters it at once with the peer's reason.
 *
 * <p><b>补正 and withdrawal.</b> An item the peer RETURNED and the applicant supplemented here is QUEUED again;
 * the lane then sends the supplement, not the handoff ({@code POST .../handoffs/{handoffId}/supplement},
 * {@code webhook-id} {@code <handoffId>:supplement:<round>}, round = the item's SupplementSubmitted events so far),
 * with the same outcomes as a handoff. A case withdrawn here after (or while) handing an item over owes the peer a
 * notice ({@code cancel_pending}): {@code POST .../handoffs/{handoffId}/withdraw}, {@code webhook-id}
 * {@code <handoffId>:withdraw}, retried on the schedule until the peer answers (2xx, or 404/409/4xx: ended with the reason).
 *
 * <p><b>Status reports.</b> The same lane sends the reports this platform owes the peer for handoffs
 * the peer filed here ({@code federation_reports}, written in the transaction of each status change of
 * such a case's items) to {@code <peer>/api/v1/federation/handoffs/{handoffId}/status}, signed,
 * {@code webhook-id} = {@code <handoffId>:<seq>}, body {@code handoffId, seq, eventId, status, note,
 * result, missing, suspension}; a handoff's reports in order, each retried on the schedule until delivered
 * (a 4xx but 404/408/425/429 ends it as refused, with the reason kept in {@code federation_reports}; a 404 is
 * retried: the origin may record the handoff later, after a lost answer and a replay).
 */
public final class FederationVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FederationVerticle.class);
  /** Statuses a receiving platform reports back (the department statuses of the contract). */
  static final Set<String> REPORTED = Set.of("ACCEPTED", "IN_PROGRESS", "SUSPENDED", "RETURNED", "COMPLETED", "REJECTED");

  private final FederationSettings settings;
  private final RouterSettings router;
  private final HandoffLeases handoffs;
  private final ItemLeases leases;
  private final FederationStore store;
  private final ItemFlow flow;
  private final Catalog catalog;
  private final MeterRegistry registry;
  private final List<Lane> lanes = new CopyOnWriteArrayList<>();
  private WebClient client;
  private volatile boolean draining;

  public FederationVerticle(FederationSettings settings, RouterSettings router, HandoffLeases handoffs, ItemLeases leases,
                            FederationStore store, ItemFlow flow, Catalog catalog, MeterRegistry registry) {
    this.settings = settings;
    this.router = router;
    this.handoffs = handoffs;
    this.leases = leases;
    this.store = store;
    this.flow = flow;
    this.catalog = catalog;
    this.registry = registry;
  }

  /** The handoff id of an item handed from province {@code origin}: stable for the item's whole life. */
  public static String handoffId(String origin, java.util.UUID itemId) {
    return origin + "-" + itemId;
  }

  @Override
  public Future<?> start() {
    int credits = settings.peers().values().stream().mapToInt(DispatchSettings::maxInFlight).sum();
    client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("OneGo-Federation/1"),
        new PoolOptions().setHttp1MaxSize(Math.max(16, 2 * credits)));
    settings.peers().forEach((code, s) -> lanes.add(new Lane(code, s)));
    if (!lanes.isEmpty()) {
      vertx.setPeriodic(router.pollMs(), t -> lanes.forEach(Lane::pump));
      lanes.forEach(Lane::pump);
      log.info("federation: province {} with peers {}", settings.self(), settings.peers().keySet());
    }
    return Future.succeededFuture();
  }

  /** No new claims (the node is stopping); deliveries in flight finish or their leases run out. */
  public void drain() {
    draining = true;
  }

  /** Handoffs and reports under way on this node. */
  public int inFlight() {
    return lanes.stream().mapToInt(l -> l.inFlight.get() + l.reportsInFlight.get()).sum();
  }

  private final class Lane {
    final String peer;
    final DispatchSettings s;
    final WebhookSigner signer;
    final CircuitBreaker circuit;
    final RetrySchedule schedule;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger reportsInFlight = new AtomicInteger();
    final Counter handedOver;
    final Counter failed;
    final Counter deadLettered;
    final Counter reported;
    final Counter withdrawn;
    boolean claiming;
    boolean claimingReports;

    Lane(String peer, DispatchSettings s) {
      this.peer = peer;
      this.s = s;
      this.signer = new WebhookSigner(s.secrets());
      this.circuit = new CircuitBreaker(router.circuitThreshold(), router.circuitOpenMs());
      this.schedule = new RetrySchedule(s.retryScheduleMs());
      handedOver = Counter.builder("onego.federation.handoffs").tag("peer", peer).tag("outcome", "delivered")
          .description("handoff attempts to a peer platform by outcome").register(registry);
      failed = Counter.builder("onego.federation.handoffs").tag("peer", peer).tag("outcome", "failed")
          .description("handoff attempts to a peer platform by outcome").register(registry);
      deadLettered = Counter.builder("onego.federation.dead.letters").tag("peer", peer)
          .description("handoffs this node dead-lettered").register(registry);
      reported = Counter.builder("onego.federation.reports").tag("peer", peer)
          .description("status reports delivered to a peer platform").register(registry);
      withdrawn = Counter.builder("onego.federation.withdrawals").tag("peer", peer)
          .description("withdrawals told to a peer platform").register(registry);
      Gauge.builder("onego.federation.in.flight", inFlight, AtomicInteger::get).tag("peer", peer)
          .description("this node's open handoffs to a peer platform").register(registry);
    }

    void pump() {
      pumpHandoffs();
      pumpReports();
    }

    int credits(AtomicInteger used) {
      return switch (circuit.state(System.currentTimeMillis())) {
        case OPEN -> 0;
        case HALF_OPEN -> used.get() == 0 ? 1 : 0;
        case CLOSED -> Math.min(router.claimBatch(), s.maxInFlight() - used.get());
      };
    }

    long leaseMs() {
      return 2L * s.timeoutMs() + 5_000;
    }

    void pumpHandoffs() {
      if (claiming || draining) return;
      int credits = credits(inFlight);
      if (credits <= 0) return;
      claiming = true;
      OffsetDateTime now = Times.now(flow.zone());
      handoffs.claim(peer, credits, now, now.plusNanos(leaseMs() * 1_000_000)).onComplete(ar -> {
        claiming = false;
        if (ar.failed()) {
          if (!DatabaseFault.poolClosed(ar.cause())) log.warn("handoff claim for peer {} failed: {}", peer, ar.cause().toString());
          return;
        }
        for (ItemLeases.Claimed c : ar.result()) {
          inFlight.incrementAndGet();
          handOver(c).onComplete(x -> {
            if (x.failed()) log.warn("handoff of item {} to peer {}: {}", c.item().itemId(), peer, x.cause().toString());
            inFlight.decrementAndGet();
            pumpHandoffs();
          });
        }
        if (ar.result().size() == credits) pumpHandoffs();
      });
    }

    /** POSTs {@code body} to {@code url}, signed as a Standard Webhook under {@code webhookId} (timestamp: now), within the peer's timeout. */
    Future<HttpResponse<Buffer>> send(String url, String webhookId, String body) {
      long ts = System.currentTimeMillis() / 1000;
      return client.postAbs(url)
          .timeout(s.timeoutMs())
          .putHeader("content-type", "application/json")
          .putHeader("webhook-id", webhookId)
          .putHeader("webhook-timestamp", String.valueOf(ts))
          .putHeader("webhook-signature", signer.sign(webhookId, ts, body))
          .sendBuffer(Buffer.buffer(body));
    }

    Future<Void> handOver(ItemLeases.Claimed c) {
      ItemRow i = c.item();
      if (i.cancelPending()) return withdraw(c);
      String id = handoffId(settings.self(), i.itemId());
      return store.supplements(i.caseId(), i.itemId()).compose(sup -> {
        if (sup.rounds() == 0) {
          return post(c, "/federation/handoffs", id, handoffBody(id, i, c.kase()), true);
        }
        // 补正 at the origin of an item the peer RETURNED: the supplement travels as its own signed message,
        // one per round (the webhook-id names it), which the peer applies once to its case's item
        String path = "/federation/handoffs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/supplement";
        return post(c, path, id + ":supplement:" + sup.rounds(), supplementBody(id, sup, i, c.kase()), false);
      });
    }

    /** Sends a handoff ({@code handoff}: a 2xx must name the peer's case) or a supplement round; the item's outcome as for a push. */
    Future<Void> post(ItemLeases.Claimed c, String path, String webhookId, JsonObject json, boolean handoff) {
      ItemRow i = c.item();
      String id = handoffId(settings.self(), i.itemId());
      return send(settings.url(peer, path), webhookId, json.encode())
          .transform(ar -> {
            HttpResponse<Buffer> res = ar.succeeded() ? ar.result() : null;
            boolean ok = res != null && res.statusCode() / 100 == 2;
            String peerCase = ok && handoff ? caseIdOf(res) : null;
            if (ok && (!handoff || peerCase != null)) {
              circuit.success();
              handedOver.increment();
              OffsetDateTime now = Times.now(flow.zone());
              Future<Void> recorded = handoff ? store.accepted(i.itemId(), i.caseId(), id, peer, peerCase, now) : Future.succeededFuture();
              return recorded.compose(v -> flow.dispatched(ItemFlow.DISPATCH, i.caseId(), i.itemId(), c.leaseId())).mapEmpty();
            }
            failed.increment();
            String error = res == null ? String.valueOf(ar.cause().getMessage())
                : "HTTP " + res.statusCode() + " from platform " + peer + errorOf(res);
            if (res != null && permanent(res.statusCode())) {
              circuit.success(); // the peer is up; it refused this handoff
              deadLettered.increment();
              log.warn("item {} refused by platform {}: {}", i.itemId(), peer, error);
              return flow.deliveryFailed(i.caseId(), i.itemId(), c.leaseId(), error).mapEmpty();
            }
            circuit.failure(System.currentTimeMillis());
            if (i.attempts() >= s.maxAttempts()) {
              deadLettered.increment();
              log.warn("item {} for platform {} dead-lettered after {} attempts: {}", i.itemId(), peer, i.attempts(), error);
              return flow.deliveryFailed(i.caseId(), i.itemId(), c.leaseId(), error).mapEmpty();
            }
            long delay = jittered(schedule.delayMs(i.attempts()));
            return leases.retryLater(i.itemId(), c.leaseId(), Times.now(flow.zone()).plusNanos(delay * 1_000_000), error)
                .onSuccess(v -> { if (delay <= 60_000) vertx.setTimer(delay + 10, t -> pumpHandoffs()); });
          });
    }

    /**
     * The case was withdrawn here after the item was handed over (or while a handoff was under way): the peer
     * is told ({@code POST .../handoffs/{handoffId}/withdraw}, {@code webhook-id} {@code <handoffId>:withdraw}),
     * retried on the schedule until it answers. 2xx: withdrawn there (or already); 404: the peer never filed the
     * handoff; 409: its case had already ended; other 4xx: refused for good (the reason kept in {@code lastError}).
     */
    Future<Void> withdraw(ItemLeases.Claimed c) {
      ItemRow i = c.item();
      String id = handoffId(settings.self(), i.itemId());
      String webhookId = id + ":withdraw";
      String body = new JsonObject().put("handoffId", id).put("origin", settings.self())
          .put("reason", "case withdrawn by the applicant").encode();
      String url = settings.url(peer, "/federation/handoffs/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/withdraw");
      return send(url, webhookId, body)
          .transform(ar -> {
            HttpResponse<Buffer> res = ar.succeeded() ? ar.result() : null;
            if (res != null && res.statusCode() / 100 == 2) {
              circuit.success();
              withdrawn.increment();
              return leases.cancelDone(i.itemId(), c.leaseId(), null).mapEmpty();
            }
            String error = res == null ? String.valueOf(ar.cause().getMessage())
                : "HTTP " + res.statusCode() + " from platform " + peer + errorOf(res);
            if (res != null && (permanent(res.statusCode()) || res.statusCode() == 409)) {
              circuit.success();
              log.warn("withdrawal of handoff {} refused by platform {}: {}", id, peer, error);
              return leases.cancelDone(i.itemId(), c.leaseId(), "withdrawal not applied by platform " + peer + ": " + error).mapEmpty();
            }
            circuit.failure(System.currentTimeMillis());
            long delay = jittered(schedule.delayMs(i.attempts()));
            return leases.retryLater(i.itemId(), c.leaseId(), Times.now(flow.zone()).plusNanos(delay * 1_000_000), error)
                .onSuccess(v -> { if (delay <= 60_000) vertx.setTimer(delay + 10, t -> pumpHandoffs()); });
          });
    }

    /**
     * A supplement round: {@code handoffId, origin, round} (1 for the first 补正, increasing), the item's form fields the
     * applicant supplied (their values now) and the materials handed in.
     */
    JsonObject supplementBody(String id, FederationStore.Supplements sup, ItemRow i, CaseRow k) {
      JsonObject last = sup.last() == null ? new JsonObject() : sup.last();
      Set<String> fields = new HashSet<>();
      if (last.getValue("fields") instanceof JsonArray a) a.forEach(f -> fields.add(String.valueOf(f)));
      Set<String> codes = new HashSet<>();
      if (last.getValue("materials") instanceof JsonArray a) a.forEach(m -> codes.add(String.valueOf(m)));
      JsonObject form = new JsonObject();
      if (k.form() != null) for (String f : fields) if (k.form().containsKey(f)) form.put(f, k.form().getValue(f));
      JsonArray materials = new JsonArray();
      if (k.materials() != null) k.materials().forEach(m -> { if (codes.contains(((JsonObject) m).getString("code"))) materials.add(m); });
      return new JsonObject().put("handoffId", id).put("origin", settings.self()).put("round", sup.rounds())
          .put("form", form).put("materials", materials);
    }

    JsonObject handoffBody(String id, ItemRow i, CaseRow k) {
      ItemSpec spec = catalog.thing(k.thing()).flatMap(t -> t.item(i.code())).orElse(null);
      Set<String> own = spec == null ? Set.of() : new HashSet<>(spec.materials());
      JsonObject form = new JsonObject();
      if (spec != null && k.form() != null) for (String f : spec.allFields()) if (k.form().containsKey(f)) form.put(f, k.form().getValue(f));
      JsonArray materials = new JsonArray();
      if (k.materials() != null) k.materials().forEach(m -> { if (own.contains(((JsonObject) m).getString("code"))) materials.add(m); });
      JsonArray commitments = new JsonArray();
      if (k.commitments() != null) k.commitments().forEach(m -> { if (own.contains(String.valueOf(m))) commitments.add(m); });
      JsonObject out = new JsonObject()
          .put("handoffId", id)
          .put("origin", settings.self())
          .put("originCaseId", i.caseId().toString())
          .put("thing", k.thing())
          .put("item", new JsonObject().put("code", i.code()).put("name", i.name()))
          .put("applicant", k.applicant())
          .put("form", form)
          .put("materials", materials)
          .put("commitments", commitments)
          .put("region", k.region())
          .put("inputs", i.inputs() == null ? new JsonObject() : i.inputs());
      if (k.delivery() != null) out.put("delivery", k.delivery());
      return out;
    }

    void pumpReports() {
      if (claimingReports || draining) return;
      int credits = credits(reportsInFlight);
      if (credits <= 0) return;
      claimingReports = true;
      OffsetDateTime now = Times.now(flow.zone());
      store.claimReports(peer, now, now.plusNanos(leaseMs() * 1_000_000), credits).onComplete(ar -> {
        claimingReports = false;
        if (ar.failed()) {
          if (!DatabaseFault.poolClosed(ar.cause())) log.warn("report claim for peer {} failed: {}", peer, ar.cause().toString());
          return;
        }
        for (FederationStore.Report r : ar.result()) {
          reportsInFlight.incrementAndGet();
          report(r).onComplete(x -> {
            if (x.failed()) log.warn("status report {}:{} to peer {}: {}", r.handoffId(), r.seq(), peer, x.cause().toString());
            reportsInFlight.decrementAndGet();
            pumpReports();
          });
        }
        if (ar.result().size() == credits) pumpReports();
      });
    }

    Future<Void> report(FederationStore.Report r) {
      OffsetDateTime now = Times.now(flow.zone());
      if (!REPORTED.contains(r.status())) return store.reportDone(r, now, "skipped", "status " + r.status() + " is not reported");
      String id = r.handoffId() + ":" + r.seq();
      String body = reportBody(r).encode();
      String url = settings.url(peer, "/federation/handoffs/" + URLEncoder.encode(r.handoffId(), StandardCharsets.UTF_8) + "/status");
      return send(url, id, body)
          .transform(ar -> {
            HttpResponse<Buffer> res = ar.succeeded() ? ar.result() : null;
            OffsetDateTime at = Times.now(flow.zone());
            if (res != null && res.statusCode() / 100 == 2) {
              circuit.success();
              reported.increment();
              return store.reportDone(r, at, "delivered", null);
            }
            String error = res == null ? String.valueOf(ar.cause().getMessage()) : "HTTP " + res.statusCode() + errorOf(res);
            // 409: the origin's item cannot take this status (ILLEGAL_TRANSITION); retrying cannot change that.
            // 404: the origin has not recorded the handoff (yet: its answer was lost and it will be replayed), so retried
            if (res != null && res.statusCode() != 404 && (permanent(res.statusCode()) || res.statusCode() == 409)) {
              circuit.success();
              log.warn("status report {} refused by platform {}: {}", id, peer, error);
              return store.reportDone(r, at, "refused", error);
            }
            circuit.failure(System.currentTimeMillis());
            long delay = jittered(schedule.delayMs(r.attempts()));
            return store.reportRetry(r, at.plusNanos(delay * 1_000_000), error)
                .onSuccess(v -> { if (delay <= 60_000) vertx.setTimer(delay + 10, t -> pumpReports()); });
          });
    }
  }

  static JsonObject reportBody(FederationStore.Report r) {
    JsonObject d = r.data();
    JsonObject out = new JsonObject().put("handoffId", r.handoffId()).put("seq", r.seq())
        .put("eventId", r.handoffId() + ":" + r.seq()).put("status", r.status()).put("note", d.getString("note"));
    if (d.getValue("result") instanceof JsonObject result) out.put("result", result);
    if (d.getValue("missing") instanceof JsonArray missing) out.put("missing", missing);
    if (ItemStatus.SUSPENDED.name().equals(r.status()) && d.getString("procedure") != null) {
      out.put("suspension", new JsonObject().put("procedure", d.getString("procedure")).put("until", d.getString("until")));
    }
    return out;
  }

  /** A refusal that retrying cannot change: a 4xx other than 408 (timeout), 409 (in progress), 425 and 429. */
  static boolean permanent(int status) {
    return status / 100 == 4 && status != 408 && status != 409 && status != 425 && status != 429;
  }

  /** Standard Webhooks retries with jitter: the scheduled wait, less up to a fifth at random. */
  static long jittered(long delayMs) {
    return Math.max(1, delayMs - java.util.concurrent.ThreadLocalRandom.current().nextLong(delayMs / 5 + 1));
  }

  private static String caseIdOf(HttpResponse<Buffer> res) {
    try {
      JsonObject body = res.bodyAsJsonObject();
      return body == null ? null : body.getString("caseId");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String errorOf(HttpResponse<Buffer> res) {
    try {
      JsonObject body = res.bodyAsJsonObject();
      JsonObject e = body == null ? null : body.getJsonObject("error");
      if (e == null) return "";
      String details = e.getJsonArray("details") == null || e.getJsonArray("details").isEmpty() ? "" : " " + e.getJsonArray("details").encode();
      return ": " + e.getString("code") + " " + e.getString("message") + details;
    } catch (RuntimeException ex) {
      return "";
    }
  }
}

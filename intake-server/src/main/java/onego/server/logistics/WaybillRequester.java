package onego.server.logistics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import onego.router.cases.Shipments;
import onego.router.dispatch.WebhookSigner;
import onego.router.store.DatabaseFault;
import onego.server.config.LogisticsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Asks the logistics service for the waybills of EMS deliveries (一次送达 by EMS邮寄, 衡阳 优化"一次办" 2),
 * a periodic job of every node: due requests are claimed in PostgreSQL ({@link Shipments#claimDue}, so a
 * request is never lost across restarts and two nodes never ask for one delivery at once) and sent as
 * {@code POST <logistics.endpoint>} with {@code {"deliveryId", "caseId", "thing", "recipient": {"name",
 * "phone"}, "address", "contents": [{"type", "number", "item"}]}}, signed per Standard Webhooks
 * ({@code webhook-id} = {@code waybill-<caseId>}, the same on every retry, so the service can answer a repeat
 * with the same waybill). A 2xx answering {@code {"waybill": "<4-64 letters, digits, dashes>"}} ships the
 * delivery; anything else, or no answer within {@code timeoutMs}, is retried after {@code retryBaseMs} (5 s) doubling per attempt
 * (at most 1 h, ±20% jitter) until {@code maxAttempts}, then WAYBILL_FAILED. Never blocks: Vert.x Web Client.
 * Logs name the case only, never the address or the recipient. The gauge {@code onego_results_waybills_failed}
 * ({@link #sampleFailed}, every node, cluster-wide: take {@code max}) counts the WAYBILL_FAILED deliveries waiting
 * for an operator's replay ({@code GET /admin/waybills/failed}).
 */
public final class WaybillRequester {
  private static final Logger log = LoggerFactory.getLogger(WaybillRequester.class);
  private static final Pattern WAYBILL = Pattern.compile("[A-Za-z0-9-]{4,64}");
  private static final int CLAIM = 16;
  private static final long MAX_BACKOFF_MS = 3_600_000;

  private final LogisticsSettings settings;
  private final Shipments shipments;
  private final WebClient client;
  private final WebhookSigner signer;
  private final ZoneId zone;
  private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean();

  private final AtomicLong failed = new AtomicLong();

  public WaybillRequester(Vertx vertx, LogisticsSettings settings, Shipments shipments, ZoneId zone, MeterRegistry registry) {
    Gauge.builder("onego.results.waybills.failed", failed, AtomicLong::get)
        .description("EMS deliveries whose waybill requests all failed (WAYBILL_FAILED), waiting for an operator's replay").register(registry);
    this.settings = settings;
    this.shipments = shipments;
    this.zone = zone;
    this.client = settings.configured() ? WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)) : null;
    this.signer = settings.configured() ? new WebhookSigner(settings.secret()) : null;
  }

  /** Re-reads {@code onego_results_waybills_failed} (a periodic job); a failed read keeps the last figure. */
  public void sampleFailed() {
    shipments.failedCount().onSuccess(failed::set).onFailure(e -> {
      if (!DatabaseFault.poolClosed(e)) log.warn("counting failed waybill requests: {}", e.toString());
    });
  }

  /** One round (a periodic job; a round still running makes the next tick a no-op): claims due requests and sends them. */
  public void run() {
    if (client == null || !running.compareAndSet(false, true)) return;
    shipments.claimDue(CLAIM, settings.timeoutMs() + 5_000)
        .compose(due -> Future.join(due.stream().map(this::request).toList()))
        .onComplete(ar -> {
          running.set(false);
          if (ar.failed()) log.warn("waybill requests: {}", ar.cause().toString());
        });
  }

  private Future<Void> request(Shipments.Due d) {
    JsonArray contents = new JsonArray();
    d.certificates().forEach(c -> {
      JsonObject o = (JsonObject) c;
      contents.add(new JsonObject().put("type", o.getString("type")).put("number", o.getString("number")).put("item", o.getString("item")));
    });
    String body = new JsonObject().put("deliveryId", d.caseId().toString()).put("caseId", d.caseId().toString()).put("thing", d.thing())
        .put("recipient", new JsonObject().put("name", d.recipient()).put("phone", d.phone())).put("address", d.address())
        .put("contents", contents).encode();
    String id = "waybill-" + d.caseId();
    long ts = System.currentTimeMillis() / 1000;
    return client.postAbs(settings.endpoint()).timeout(settings.timeoutMs())
        .putHeader("content-type", "application/json")
        .putHeader("webhook-id", id).putHeader("webhook-timestamp", Long.toString(ts))
        .putHeader("webhook-signature", signer.sign(id, ts, body))
        .sendBuffer(Buffer.buffer(body))
        .compose(this::waybill, e -> Future.failedFuture(new IllegalStateException("no answer: " + e.getClass().getSimpleName())))
        .compose(waybill -> shipments.shipped(d.caseId(), waybill).<Void>mapEmpty()
            .onSuccess(v -> log.info("case {}: waybill issued", d.caseId())))
        .recover(e -> giveUpOrRetry(d, e.getMessage()));
  }

  private Future<String> waybill(HttpResponse<Buffer> r) {
    if (r.statusCode() / 100 != 2) return Future.failedFuture(new IllegalStateException("HTTP " + r.statusCode()));
    try {
      String waybill = r.bodyAsJsonObject().getString("waybill");
      if (waybill != null && WAYBILL.matcher(waybill).matches()) return Future.succeededFuture(waybill);
    } catch (RuntimeException e) {
      // not JSON, or waybill not a string: the same as no waybill
    }
    return Future.failedFuture(new IllegalStateException("HTTP " + r.statusCode() + " without a waybill"));
  }

  private Future<Void> giveUpOrRetry(Shipments.Due d, String error) {
    String why = error == null ? "failed" : error.length() > 200 ? error.substring(0, 200) : error;
    if (d.attempt() >= settings.maxAttempts()) {
      log.warn("case {}: waybill request failed {} times ({}); WAYBILL_FAILED", d.caseId(), d.attempt(), why);
      return shipments.failed(d.caseId(), why);
    }
    long backoff = Math.min(MAX_BACKOFF_MS, settings.retryBaseMs() << Math.min(20, d.attempt() - 1));
    long jittered = (long) (backoff * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
    OffsetDateTime next = OffsetDateTime.now(zone).plusNanos(jittered * 1_000_000L);
    log.info("case {}: waybill request {} failed ({}); next in {} ms", d.caseId(), d.attempt(), why, jittered);
    return shipments.retryLater(d.caseId(), next, why);
  }
}

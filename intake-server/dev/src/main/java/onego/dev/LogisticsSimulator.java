package onego.dev;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import onego.router.dispatch.WebhookSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulated logistics service for the dev profile (一次送达 by EMS邮寄, 衡阳 优化"一次办" 2), speaking to
 * OneGo exactly as a real one would: {@code POST /sim/logistics/waybills} takes OneGo's signed waybill
 * request (Standard Webhooks, verified with the shared secret; anything else 401), answers
 * {@code {"waybill": "EMS<13 digits>CN"}} (the same waybill again for a repeated {@code webhook-id}), and
 * later reports the parcel to {@code POST <OneGo>/api/v1/logistics/callbacks}, signed with the same secret:
 * IN_TRANSIT after half of {@code signDelayMs}, SIGNED after {@code signDelayMs}. A report OneGo does not
 * take (not 2xx) is sent again, with the same webhook-id, up to 5 times a few seconds apart. Everything runs
 * on this verticle's event loop; nothing personal is logged.
 */
public final class LogisticsSimulator extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(LogisticsSimulator.class);
  static final String PATH = "/sim/logistics/waybills";
  private static final int REPORT_ATTEMPTS = 5;
  private static final long REPORT_RETRY_MS = 3_000;

  private final String secret;
  private final String callbackUrl;
  private final long signDelayMs;
  private final WebhookVerifier verifier;
  private final WebhookSigner signer;
  /** Waybills by the webhook-id of the request that made them (a repeated request gets the same one). */
  private final Map<String, String> waybills = new LinkedHashMap<>() {
    @Override protected boolean removeEldestEntry(Map.Entry<String, String> e) { return size() > DepartmentSimulator.MEMORY; }
  };
  private HttpServer server;
  private WebClient client;
  private volatile int actualPort = -1;

  /** {@code secret}: whsec_ shared with OneGo both ways; {@code oneGoBaseUrl}: where OneGo listens. */
  public LogisticsSimulator(String secret, String oneGoBaseUrl, long signDelayMs) {
    this.secret = secret;
    this.callbackUrl = (oneGoBaseUrl.endsWith("/") ? oneGoBaseUrl.substring(0, oneGoBaseUrl.length() - 1) : oneGoBaseUrl)
        + "/api/v1/logistics/callbacks";
    this.signDelayMs = signDelayMs;
    this.verifier = new WebhookVerifier(secret);
    this.signer = new WebhookSigner(secret);
  }

  /** The URL OneGo asks for waybills at; valid after start completed. */
  public String url() { return "http://127.0.0.1:" + actualPort + PATH; }

  public String secret() { return secret; }

  @Override
  public Future<?> start() {
    client = WebClient.create(vertx);
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(0, "127.0.0.1").onSuccess(s -> {
      actualPort = s.actualPort();
      log.info("devsim: logistics service on port {} (IN_TRANSIT after {} ms, SIGNED after {} ms)", actualPort, signDelayMs / 2, signDelayMs);
    });
  }

  private void handle(HttpServerRequest req) {
    if (!req.path().equals(PATH) || req.method() != io.vertx.core.http.HttpMethod.POST) {
      req.response().setStatusCode(404).end();
      return;
    }
    req.body().onSuccess(body -> {
      String id = req.getHeader("webhook-id");
      if (!verifier.verify(id, req.getHeader("webhook-timestamp"), req.getHeader("webhook-signature"), body.getBytes(),
          System.currentTimeMillis() / 1000)) {
        req.response().setStatusCode(401).end();
        return;
      }
      String known = waybills.get(id);
      String waybill = known != null ? known : "EMS" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L)) + "CN";
      if (known == null) {
        waybills.put(id, waybill);
        vertx.setTimer(Math.max(1, signDelayMs / 2), t -> report(waybill, "IN_TRANSIT", "sim-" + UUID.randomUUID(), 1));
        vertx.setTimer(Math.max(2, signDelayMs), t -> report(waybill, "SIGNED", "sim-" + UUID.randomUUID(), 1));
        log.info("devsim: logistics issued waybill {}", waybill);
      }
      req.response().putHeader("content-type", "application/json").end(new JsonObject().put("waybill", waybill).encode());
    }).onFailure(e -> req.response().setStatusCode(400).end());
  }

  private void report(String waybill, String status, String id, int attempt) {
    String body = new JsonObject().put("waybill", waybill).put("status", status).encode();
    long ts = System.currentTimeMillis() / 1000;
    client.postAbs(callbackUrl).timeout(10_000).putHeader("content-type", "application/json")
        .putHeader("webhook-id", id).putHeader("webhook-timestamp", Long.toString(ts)).putHeader("webhook-signature", signer.sign(id, ts, body))
        .sendBuffer(Buffer.buffer(body))
        .onComplete(ar -> {
          boolean ok = ar.succeeded() && ar.result().statusCode() / 100 == 2;
          if (ok) {
            log.info("devsim: logistics reported {} {}", waybill, status);
          } else if (attempt < REPORT_ATTEMPTS) {
            vertx.setTimer(REPORT_RETRY_MS, t -> report(waybill, status, id, attempt + 1));
          } else {
            log.warn("devsim: logistics gave up reporting {} {}: {}", waybill, status,
                ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().toString());
          }
        });
  }
}

package onego.dev;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Simulated department systems for the {@code dev} profile: push departments get a signed inbox
 * at {@link #endpointPath(String)}, pull departments a long-poll loop; every work item is accepted,
 * worked on for {@code workDelayMs} and completed with what the catalog says it produces, or (by the
 * configured shares) returned for supplement once or rejected. The supervision loops play along,
 * each through OneGo's HTTP API as a real department or applicant would (settings
 * {@link SimulatorSettings}): an item listing special procedures is now and then SUSPENDED for one
 * of them and resumed after {@code procedureMs}; a RETURNED report carries the complete
 * {@code missing} list; a completed item's 告知承诺 commitments are verified after
 * {@code verifyDelayMs} (now and then found false, which REVOKES it); the simulated applicant hands
 * owed 容缺 materials in at the window ({@link SimulatedApplicant}); and every department answers its
 * complaints and explains its cards ({@link SupervisionDesk}). Everything runs on this verticle's
 * event loop (timers, never blocking), so its state, the random draws included, needs no locks.
 */
public final class DepartmentSimulator extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DepartmentSimulator.class);

  static final int MEMORY = 10_000;
  private static final int STATUS_ATTEMPTS = 6;
  private static final int ACCEPT_CONFLICT_RETRIES = 3;
  /** A completion may have to wait for another item of the case (completesAfter: 先税后证); asked again each second. */
  private static final int COMPLETE_CONFLICT_RETRIES = 120;
  private static final long STATUS_IDLE_TIMEOUT_MS = 10_000;
  private static final int PULL_LIMIT = 10;
  private static final int PULL_WAIT_SECONDS = 20;
  private static final long MAX_BODY_BYTES = 1 << 20;

  private final SimulatorSettings settings;
  private final Map<String, SimulatedDepartment> departments = new LinkedHashMap<>();
  private final Map<String, WebhookVerifier> verifiers = new HashMap<>();
  private final String baseUrl;
  private final SimulatedResults results;
  /** Every share's draw; only ever used on this verticle's event loop. */
  private final java.util.Random draws;

  /** webhook-ids (push) and deliveryIds (pull) already taken on: a retry does not start the work twice. */
  private final BoundedSet seenMessages = new BoundedSet(MEMORY);
  /** Items already returned for supplement once: the next round completes (or is rejected). */
  private final BoundedSet returnedOnce = new BoundedSet(MEMORY);
  /** Work in progress by item id. */
  private final Map<String, Work> working = new HashMap<>();

  private HttpServer server;
  private OneGoClient oneGo;
  private SimulatedApplicant applicant;
  private SupervisionDesk desk;
  private volatile int actualPort = -1;
  private volatile boolean stopped;

  public DepartmentSimulator(SimulatorSettings settings, List<SimulatedDepartment> departments, String oneGoBaseUrl, Catalog catalog) {
    this.results = new SimulatedResults(catalog);
    this.settings = settings;
    this.draws = settings.seed() == null ? new java.util.Random() : new java.util.Random(settings.seed());
    for (SimulatedDepartment d : departments) this.departments.put(d.key(), d);
    this.baseUrl = oneGoBaseUrl.endsWith("/") ? oneGoBaseUrl.substring(0, oneGoBaseUrl.length() - 1) : oneGoBaseUrl;
  }

  public static String endpointPath(String departmentCode) { return "/sim/departments/" + departmentCode + "/inbox"; }

  /** The inbox of a department's office for {@code region} (null: the department's own, {@link #endpointPath(String)}). */
  public static String endpointPath(String departmentCode, String region) {
    return region == null ? endpointPath(departmentCode) : "/sim/departments/" + departmentCode + "/" + region + "/inbox";
  }

  /** The port the push inboxes listen on; valid after start completed. */
  public int actualPort() { return actualPort; }

  @Override
  public Future<?> start() {
    List<SimulatedDepartment> pulls = new ArrayList<>();
    int pushes = 0;
    for (SimulatedDepartment d : departments.values()) {
      if (isPush(d)) {
        WebhookVerifier v = new WebhookVerifier(d.secret());
        if (!v.usable()) log.warn("devsim: push department {} has no usable whsec_ secret; its inbox answers 401 to everything", d.name());
        verifiers.put(d.key(), v);
        pushes++;
      } else if (isPull(d)) {
        pulls.add(d);
      } else {
        log.warn("devsim: department {} has mode '{}' (neither push nor pull); not simulated", d.name(), d.mode());
      }
    }
    oneGo = new OneGoClient(vertx, baseUrl);
    applicant = new SimulatedApplicant(vertx, oneGo, settings);
    desk = new SupervisionDesk(vertx, oneGo, List.copyOf(departments.values()), settings);
    server = vertx.createHttpServer().requestHandler(this::handle);
    int pushCount = pushes;
    return server.listen(settings.port()).onSuccess(s -> {
      actualPort = s.actualPort();
      // OneGo's HTTP edge starts after the simulator (the router needs the inbox port first).
      vertx.setTimer(2_000, t -> pulls.forEach(d -> poll(d, false)));
      desk.start();
      log.info("devsim: {} push department inbox(es) on port {}, {} pull loop(s) against {}; work {} ms, supplement share {}, reject share {}",
          pushCount, actualPort, pulls.size(), baseUrl, settings.workDelayMs(), settings.supplementShare(), settings.rejectShare());
    });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (desk != null) desk.stop();
    if (applicant != null) applicant.stop();
    working.values().forEach(Work::cancel);
    working.clear();
    Future<Void> s = server == null ? Future.succeededFuture() : server.close();
    Future<Void> c = oneGo == null ? Future.succeededFuture() : oneGo.close();
    return Future.join(s, c);
  }

  private static boolean isPush(SimulatedDepartment d) { return "push".equalsIgnoreCase(d.mode()); }

  private static boolean isPull(SimulatedDepartment d) { return "pull".equalsIgnoreCase(d.mode()); }

  // ---------------------------------------------------------------- push inbox

  private void handle(HttpServerRequest req) {
    String path = req.path();
    String prefix = "/sim/departments/", suffix = "/inbox";
    SimulatedDepartment d = null;
    if (path != null && path.startsWith(prefix) && path.endsWith(suffix) && path.length() > prefix.length() + suffix.length()) {
      d = departments.get(path.substring(prefix.length(), path.length() - suffix.length()));
    }
    if (d == null || !isPush(d)) {
      answer(req, 404, error("NOT_FOUND", "no simulated push department at " + path));
      return;
    }
    if (req.method() != HttpMethod.POST) {
      req.response().putHeader("Allow", "POST");
      answer(req, 405, error("METHOD_NOT_ALLOWED", "POST only"));
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          answer(req, 413, error("PAYLOAD_TOO_LARGE", "body over " + MAX_BODY_BYTES + " bytes"));
          return;
        }
      } catch (NumberFormatException ignored) {
        // let the body read decide
      }
    }
    SimulatedDepartment dept = d;
    req.body().onComplete(ar -> {
      if (ar.failed()) {
        answer(req, 400, error("BAD_REQUEST", "body could not be read"));
        return;
      }
      Buffer body = ar.result();
      String id = req.getHeader("webhook-id");
      boolean valid = verifiers.get(dept.key()).verify(id, req.getHeader("webhook-timestamp"),
          req.getHeader("webhook-signature"), body.getBytes(), System.currentTimeMillis() / 1000);
      if (!valid) {
        log.warn("devsim {}: rejected a push with a missing or invalid signature (webhook-id {})", dept.name(), id);
        answer(req, 401, error("UNAUTHORIZED", "webhook signature missing, invalid or outside the 5 minute tolerance"));
        return;
      }
      JsonObject message;
      try {
        message = body.toJsonObject();
      } catch (RuntimeException e) {
        answer(req, 400, error("BAD_REQUEST", "body is not a JSON object"));
        return;
      }
      if (message == null || message.getString("itemId") == null) {
        answer(req, 400, error("BAD_REQUEST", "itemId missing"));
        return;
      }
      if (!seenMessages.add("push:" + id)) {
        answer(req, 200, new JsonObject().put("received", true).put("duplicate", true));
        return;
      }
      answer(req, 200, new JsonObject().put("received", true));
      take(dept, message);
    });
  }

  private static void answer(HttpServerRequest req, int status, JsonObject body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message).put("details", new JsonArray()));
  }

  // ---------------------------------------------------------------- pull loop

  /** OneGo has answered a pull: from then on a failed pull is news (a warning); before, the node is still starting. */
  private boolean reached;

  private void poll(SimulatedDepartment d, boolean failing) {
    if (stopped) return;
    String path = "/api/v1/departments/" + OneGoClient.enc(d.code()) + "/items?limit=" + PULL_LIMIT + "&waitSeconds=" + PULL_WAIT_SECONDS
        + (d.region() == null ? "" : "&region=" + d.region());
    oneGo.call(HttpMethod.GET, path, d.apiKey(), null, (PULL_WAIT_SECONDS + 15) * 1000L).onComplete(ar -> {
      if (stopped) return;
      JsonArray items = null;
      String problem = null;
      if (ar.failed()) {
        problem = String.valueOf(ar.cause().getMessage());
      } else if (ar.result().status() != 200) {
        problem = "HTTP " + ar.result().status();
      } else {
        try {
          items = ar.result().body().toJsonObject().getJsonArray("items", new JsonArray());
        } catch (RuntimeException e) {
          problem = "unreadable answer: " + e.getMessage();
        }
      }
      if (items == null) {
        boolean warned = failing;
        if (!reached) {
          log.debug("devsim {}: OneGo not answering yet ({}); trying again", d.name(), problem); // it starts after the simulator
        } else if (!failing) {
          log.warn("devsim {}: pull failed ({}); retrying every few seconds", d.name(), problem);
          warned = true;
        } else {
          log.debug("devsim {}: pull failed again ({})", d.name(), problem);
        }
        boolean again = warned;
        vertx.setTimer(ThreadLocalRandom.current().nextLong(1_000, 5_001), t -> poll(d, again));
        return;
      }
      reached = true;
      if (failing) log.info("devsim {}: pull works again", d.code());
      for (Object o : items) {
        if (o instanceof JsonObject item) pulled(d, item);
      }
      poll(d, false);
    });
  }

  private void pulled(SimulatedDepartment d, JsonObject item) {
    String itemId = item.getString("itemId");
    String leaseId = item.getString("leaseId");
    if (itemId == null || leaseId == null) {
      log.warn("devsim {}: pulled an item without itemId or leaseId; ignored", d.code());
      return;
    }
    String path = "/api/v1/departments/" + OneGoClient.enc(d.code()) + "/items/" + OneGoClient.enc(itemId) + "/ack";
    oneGo.call(HttpMethod.POST, path, d.apiKey(), new JsonObject().put("leaseId", leaseId), STATUS_IDLE_TIMEOUT_MS).onComplete(ar -> {
      if (stopped) return;
      if (ar.failed() || ar.result().status() / 100 != 2) {
        // The lease expires and OneGo offers the item again.
        log.warn("devsim {}: ack of item {} failed ({}); it will be offered again", d.name(), itemId,
            ar.failed() ? ar.cause().getMessage() : "HTTP " + ar.result().status());
        return;
      }
      String delivery = item.getString("deliveryId");
      if (delivery != null && !seenMessages.add("pull:" + delivery)) return;
      take(d, item);
    });
  }

  // ---------------------------------------------------------------- the work

  /** A verified (push) or acked (pull) message: cancel, or start working. */
  private void take(SimulatedDepartment d, JsonObject message) {
    String itemId = message.getString("itemId");
    if ("cancel".equals(message.getString("type"))) {
      Work w = working.remove(itemId);
      if (w != null) w.cancel();
      log.info("devsim {}: item {} CANCELLED by OneGo{}", d.name(), itemId, w != null ? " (pending work stopped)" : "");
      return;
    }
    desk.worked(d.code());
    Work previous = working.remove(itemId);
    if (previous != null) previous.cancel();
    Work w = new Work(d, message);
    working.put(itemId, w);
    w.begin();
  }

  private final class Work {
    final SimulatedDepartment dept;
    final JsonObject message;
    final String itemId;
    final String round;
    long timer = -1;
    boolean cancelled;

    Work(SimulatedDepartment dept, JsonObject message) {
      this.dept = dept;
      this.message = message;
      this.itemId = message.getString("itemId");
      String delivery = message.getString("deliveryId");
      // eventIds are idempotency keys at OneGo: a new round after a supplement needs new ones.
      this.round = delivery != null ? delivery : itemId + ":" + UUID.randomUUID();
    }

    void cancel() {
      cancelled = true;
      if (timer >= 0) vertx.cancelTimer(timer);
      timer = -1;
    }

    void later(long delayMs, Runnable step) {
      if (cancelled || stopped) return;
      timer = vertx.setTimer(Math.max(1, delayMs), t -> {
        timer = -1;
        if (!cancelled && !stopped) step.run();
      });
    }

    void begin() {
      long third = settings.workDelayMs() / 3;
      later(third, () -> report("ACCEPTED", "已受理", null, ACCEPT_CONFLICT_RETRIES,
          () -> later(third, () -> report("IN_PROGRESS", "办理中", null, 0,
              () -> later(settings.workDelayMs() - 2 * third, this::maybeSuspend)))));
      applicant.handInOwed(message);
    }

    /**
     * Now and then ({@code suspendShare} of the items listing a special procedure) the item's clock
     * is stopped for one of the procedures the work message lists (the catalog's), until today, and
     * resumed {@code procedureMs} later (IN_PROGRESS, event ItemResumed); had we not resumed, the
     * deadline watcher would have the next day.
     */
    void maybeSuspend() {
      JsonArray procedures = message.getJsonObject("item", new JsonObject()).getJsonArray("specialProcedures", new JsonArray());
      if (procedures.isEmpty() || draws.nextDouble() >= settings.suspendShare()) {
        decide();
        return;
      }
      String procedure = procedures.getJsonObject(draws.nextInt(procedures.size())).getString("procedure");
      JsonObject suspension = new JsonObject().put("procedure", procedure).put("until", java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString());
      JsonObject body = new JsonObject().put("status", "SUSPENDED").put("note", "特别程序：" + procedure).put("suspension", suspension)
          .put("eventId", round + ":suspended");
      send(statusPath(), body, 1, 0, () -> {
        log.info("devsim {}: item {} SUSPENDED for {}", dept.name(), itemId, procedure);
        later(settings.procedureMs(), () -> {
          JsonObject resume = new JsonObject().put("status", "IN_PROGRESS").put("note", "特别程序结束，恢复办理").put("eventId", round + ":resumed");
          send(statusPath(), resume, 1, 0, () -> later(settings.workDelayMs() / 3, this::decide));
        });
      });
    }

    private String statusPath() {
      return "/api/v1/departments/" + OneGoClient.enc(dept.code()) + "/items/" + OneGoClient.enc(itemId) + "/status";
    }

    void decide() {
      double r = draws.nextDouble();
      double supplement = settings.supplementShare(), reject = settings.rejectShare();
      if (r < supplement && !returnedOnce.contains(itemId)) {
        returnedOnce.add(itemId);
        JsonArray missing = results.missing(message);
        JsonObject body = new JsonObject().put("status", "RETURNED").put("note", results.supplementNote(missing)).put("missing", missing)
            .put("eventId", round + ":returned");
        send(statusPath(), body, 1, 0, () -> finish("RETURNED for supplement, missing " + missing.encode()));
      } else if (r >= supplement && r < supplement + reject) {
        report("REJECTED", "不予许可：申请材料与登记信息核验不一致", null, 0, () -> finish("REJECTED"));
      } else {
        JsonObject result = results.completion(dept.code(), message);
        JsonArray certificates = result.getJsonArray("certificates");
        String issued = certificates.isEmpty() ? "no certificate" : "certificate " + certificates.getJsonObject(0).getString("number");
        report("COMPLETED", "已办结", result, COMPLETE_CONFLICT_RETRIES, () -> {
          finish("COMPLETED with " + issued);
          verifyCommitments();
        });
      }
    }

    /**
     * 告知承诺 after-check: {@code verifyDelayMs} after completing, each commitment of the work message
     * still PENDING is verified; {@code falseCommitmentShare} of them are found false, which revokes
     * the completed item (REVOKED, event ItemRevoked). Runs after the work is finished, so a later
     * round of the item does not cancel it.
     */
    void verifyCommitments() {
      JsonArray commitments = message.getJsonArray("commitments", new JsonArray());
      String path = "/api/v1/departments/" + OneGoClient.enc(dept.code()) + "/items/" + OneGoClient.enc(itemId) + "/verification";
      for (Object o : commitments) {
        if (!(o instanceof JsonObject c) || !"PENDING".equals(c.getString("state", "PENDING"))) continue;
        boolean falseOne = draws.nextDouble() < settings.falseCommitmentShare();
        JsonObject body = new JsonObject().put("material", c.getString("material")).put("outcome", falseOne ? "false" : "confirmed")
            .put("note", falseOne ? "经核查，承诺事项与实际情况不符" : "经核查，承诺属实");
        vertx.setTimer(Math.max(1, settings.verifyDelayMs()), t -> {
          if (stopped) return;
          oneGo.call(HttpMethod.POST, path, dept.apiKey(), body, STATUS_IDLE_TIMEOUT_MS).onComplete(ar -> {
            int code = ar.succeeded() ? ar.result().status() : -1;
            if (code == 200) {
              log.info("devsim {}: item {} commitment {} verified {}{}", dept.name(), itemId, body.getString("material"),
                  body.getString("outcome"), falseOne ? " (item REVOKED)" : "");
            } else {
              log.info("devsim {}: verification of commitment {} of item {} not recorded ({})", dept.name(), body.getString("material"), itemId,
                  code == -1 ? ar.cause().getMessage() : "HTTP " + code + " " + errorCode(ar.result().body()));
            }
          });
        });
      }
    }

    void finish(String outcome) {
      working.remove(itemId, this);
      log.info("devsim {}: item {} {}", dept.name(), itemId, outcome);
    }

    void abandon(String why) {
      working.remove(itemId, this);
      cancelled = true;
      log.info("devsim {}: item {} work stopped: {}", dept.name(), itemId, why);
    }

    /**
     * Reports {@code status}; network errors, 429 and 5xx are retried with backoff (same eventId,
     * so a retry of a report that did arrive is a no-op). 409 stops the work (withdrawn case,
     * illegal transition), except for the first report, which is retried a few times in case
     * OneGo has not yet recorded the dispatch that our 200 caused.
     */
    void report(String status, String note, JsonObject result, int conflictRetries, Runnable next) {
      JsonObject body = new JsonObject().put("status", status).put("note", note)
          .put("eventId", round + ":" + status.toLowerCase(Locale.ROOT));
      if (result != null) body.put("result", result);
      send(statusPath(), body, 1, conflictRetries, next);
    }

    private void send(String path, JsonObject body, int attempt, int conflictRetries, Runnable next) {
      if (cancelled || stopped) return;
      oneGo.call(HttpMethod.POST, path, dept.apiKey(), body, STATUS_IDLE_TIMEOUT_MS).onComplete(ar -> {
        if (cancelled || stopped) return;
        int code = ar.succeeded() ? ar.result().status() : -1;
        String status = body.getString("status");
        if (code / 100 == 2) {
          next.run();
        } else if (code == 409 && conflictRetries > 0) {
          later(1_000, () -> send(path, body, attempt, conflictRetries - 1, next));
        } else if (code == 409) {
          abandon(status + " answered 409 (" + errorCode(ar.result().body()) + "), e.g. the case was withdrawn");
        } else if ((code == -1 || code == 429 || code >= 500) && attempt < STATUS_ATTEMPTS) {
          long backoff = Math.min(8_000, 250L << attempt) + ThreadLocalRandom.current().nextLong(250);
          log.debug("devsim {}: {} report for item {} failed ({}), retry {} in {} ms", dept.name(), status, itemId,
              code == -1 ? ar.cause().getMessage() : "HTTP " + code, attempt, backoff);
          later(backoff, () -> send(path, body, attempt + 1, conflictRetries, next));
        } else {
          abandon(status + " report failed: " + (code == -1 ? ar.cause().getMessage() : "HTTP " + code + " " + errorCode(ar.result().body())));
        }
      });
    }
  }

  private static String errorCode(Buffer body) {
    return OneGoClient.errorCode(body);
  }

}

package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.FakeLogistics;
import onego.server.support.Http;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 一次送达 for every outcome (国办发〔2022〕32号 三(五); 衡阳 优化"一次办" 2 EMS邮寄、文件柜): a case that ends
 * REJECTED or WITHDRAWN delivers what its completed items issued, a COMPLETED one once however often
 * its last report is replayed; EMS gets a waybill from a logistics service (a real HTTP endpoint of
 * this test) and SIGNED by a signed callback; a locker gets a pickup code, shown to the applicant's
 * side only; a thing without lockers refuses one.
 */
class ResultsDeliveryTest {
  private static final List<String> NEWBORN_DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources", "tax");
  private static final String ADDRESS = "湖南省衡阳市蒸湘区解放大道1号";
  private static FakeDepartment departments;
  private static FakeLogistics logistics;
  private static TestNode node;
  private static RouterFixture f;
  private static Http http;

  private static java.util.Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    departments = new FakeDepartment();
    logistics = new FakeLogistics();
    env = Overlays.env(Overlays.pushAll(NEWBORN_DEPARTMENTS, departments.url(), 8, 5000, 3)
        + "logistics: {endpoint: \"" + logistics.url() + "\", secret: \"" + Overlays.SECRET + "\", timeoutMs: 2000, maxAttempts: 20,"
        + " pollMs: 100, retryBaseMs: 100}\n");
    node = TestNode.start(env);
    http = node.http();
    f = new RouterFixture(http);
  }

  @AfterAll
  static void stop() {
    node.close();
    logistics.close();
    departments.close();
  }

  @BeforeEach
  void reset() {
    TestServices.resetTables();
    departments.received().clear();
    logistics.received().clear();
    logistics.answer(r -> 200);
  }

  private JsonObject submit(JsonObject delivery) {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber()).put("delivery", delivery);
    Http.Response r = http.postCase("dev-portal", "rd-" + System.nanoTime(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private String dispatched(JsonObject c, String code) {
    String itemId = RouterFixture.item(c, code).getString("itemId");
    Await.until(code + " DISPATCHED", WAIT, () -> f.itemStatus(c.getString("caseId"), itemId).equals("DISPATCHED"));
    return itemId;
  }

  private Http.Response complete(JsonObject c, String code, String department) {
    String itemId = dispatched(c, code);
    return f.report(department, itemId, new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("newborn", code))
        .put("eventId", "done-" + itemId));
  }

  /** Vaccination completed (its certificate issued), birth registration rejected: the case ends REJECTED. */
  private String endRejected(JsonObject c) {
    assertThat(complete(c, "vaccination-certificate", "health").status()).isEqualTo(200);
    String birth = dispatched(c, "birth-medical-certificate");
    assertThat(f.report("health", birth, new JsonObject().put("status", "REJECTED").put("note", "材料不符").put("eventId", "no-" + birth))
        .status()).isEqualTo(200);
    String caseId = c.getString("caseId");
    assertThat(f.caseView(caseId).getString("status")).isEqualTo("REJECTED");
    return caseId;
  }

  private List<JsonObject> events(String caseId, String token, String type) {
    return http.get("/api/v1/cases/" + caseId + "/events", token).json().getJsonArray("events").stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("type").equals(type)).toList();
  }

  private static void onlyVaccination(JsonArray certificates) {
    assertThat(certificates).isNotEmpty();
    certificates.forEach(o -> assertThat(((JsonObject) o).getString("item")).isEqualTo("vaccination-certificate"));
  }

  @Test
  void aRejectedCaseDeliversWhatItsCompletedItemsIssuedToALockerWithAPickupCodeForTheApplicantsSideOnly() {
    JsonObject c = submit(new JsonObject().put("method", "locker").put("address", "衡阳市政务服务中心一楼智能文件柜"));
    String caseId = endRejected(c);

    List<JsonObject> delivered = events(caseId, "dev-portal", "ResultsDelivered");
    assertThat(delivered).hasSize(1);
    JsonObject data = delivered.get(0).getJsonObject("data");
    assertThat(data.getString("outcome")).isEqualTo("REJECTED");
    assertThat(data.getString("method")).isEqualTo("locker");
    assertThat(data.getString("status")).isEqualTo("IN_LOCKER");
    onlyVaccination(data.getJsonArray("certificates"));
    String code = data.getString("pickupCode");
    assertThat(code).matches("[0-9]{6,8}");

    JsonObject mine = http.get("/api/v1/cases/" + caseId, "dev-portal").json();
    assertThat(mine.getJsonObject("delivery").getString("pickupCode")).isEqualTo(code);
    assertThat(mine.getJsonObject("delivery").getString("status")).isEqualTo("IN_LOCKER");
    assertThat(mine.getJsonObject("results").getString("outcome")).isEqualTo("REJECTED");
    onlyVaccination(mine.getJsonObject("results").getJsonArray("certificates"));

    JsonObject hotline = http.get("/api/v1/cases/" + caseId, "dev-hotline").json();
    assertThat(hotline.getJsonObject("delivery").containsKey("pickupCode")).isFalse();
    assertThat(hotline.getJsonObject("delivery").getString("address")).doesNotContain("智能文件柜");
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonObject("delivery").containsKey("pickupCode")).isFalse();
    assertThat(events(caseId, "dev-hotline", "ResultsDelivered").get(0).getJsonObject("data").getString("pickupCode")).doesNotContain(code);
    assertThat(events(caseId, "dev-admin", "ResultsDelivered").get(0).getJsonObject("data").containsKey("pickupCode")).isFalse();
    assertThat(TestServices.column("SELECT pickup_code FROM result_deliveries WHERE case_id = '" + caseId + "'")).containsExactly(code);
  }

  @Test
  void aWithdrawnCaseDeliversWhatItsCompletedItemsIssuedAndOneWithNothingIssuedSaysSo() {
    JsonObject c = submit(new JsonObject().put("method", "electronic"));
    String caseId = c.getString("caseId");
    assertThat(complete(c, "vaccination-certificate", "health").status()).isEqualTo(200);
    assertThat(f.post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);
    List<JsonObject> delivered = events(caseId, "dev-portal", "ResultsDelivered");
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).getJsonObject("data").getString("outcome")).isEqualTo("WITHDRAWN");
    assertThat(delivered.get(0).getJsonObject("data").getString("status")).isEqualTo("DELIVERED");
    onlyVaccination(delivered.get(0).getJsonObject("data").getJsonArray("certificates"));

    JsonObject empty = submit(new JsonObject().put("method", "ems").put("address", ADDRESS));
    String emptyId = empty.getString("caseId");
    assertThat(f.post("/api/v1/cases/" + emptyId + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);
    JsonObject data = events(emptyId, "dev-portal", "ResultsDelivered").get(0).getJsonObject("data");
    assertThat(data.getString("status")).isEqualTo("NOTHING_ISSUED");
    assertThat(data.getJsonArray("certificates")).isEmpty();
    assertThat(data.getJsonArray("values")).isEmpty();
    assertThat(logistics.received()).as("nothing to post, no waybill asked for").isEmpty();
  }

  @Test
  void aCompletedCaseDeliversOnceWhateverIsReplayed() {
    JsonObject c = submit(new JsonObject().put("method", "window"));
    String caseId = c.getString("caseId");
    List<String[]> order = List.of(new String[] {"birth-medical-certificate", "health"}, new String[] {"vaccination-certificate", "health"},
        new String[] {"household-registration", "public-security"}, new String[] {"resident-medical-insurance-registration", "medical-insurance"},
        new String[] {"social-security-card", "human-resources"}, new String[] {"resident-medical-insurance-payment", "tax"});
    Http.Response last = null;
    String lastItem = null;
    for (String[] step : order) {
      last = complete(c, step[0], step[1]);
      assertThat(last.status()).as(last.body()).isEqualTo(200);
      lastItem = RouterFixture.item(c, step[0]).getString("itemId");
    }
    assertThat(f.caseView(caseId).getString("status")).isEqualTo("COMPLETED");
    JsonObject again = new JsonObject().put("status", "COMPLETED").put("result", Outputs.of("newborn", "resident-medical-insurance-payment"));
    Http.Response replayed = f.report("tax", lastItem, again.copy().put("eventId", "done-" + lastItem));
    assertThat(replayed.status()).isEqualTo(200);
    assertThat(replayed.body()).isEqualTo(last.body());
    assertThat(f.report("tax", lastItem, again.copy().put("eventId", "other")).status()).isEqualTo(409);
    assertThat(f.eventTypes(caseId).stream().filter(t -> t.equals("ResultsDelivered"))).hasSize(1);
    assertThat(TestServices.column("SELECT status FROM result_deliveries WHERE case_id = '" + caseId + "'")).containsExactly("AT_WINDOW");
    f.assertGapFree(caseId);
  }

  @Test
  void anEmsDeliveryGetsAWaybillAfterTheServiceWasDownThenSignedByASignedCallback() {
    AtomicInteger calls = new AtomicInteger();
    logistics.answer(r -> calls.incrementAndGet() == 1 ? 503 : 200);
    JsonObject c = submit(new JsonObject().put("method", "ems").put("address", ADDRESS));
    String caseId = endRejected(c);

    Await.until("a waybill", WAIT, () -> delivery(caseId).getString("waybill") != null);
    JsonObject delivery = delivery(caseId);
    String waybill = delivery.getString("waybill");
    assertThat(delivery.getString("status")).isEqualTo("SHIPPED");
    assertThat(logistics.received()).as("the service was down once, then asked again").hasSizeGreaterThanOrEqualTo(2);
    FakeDepartment.Received request = logistics.received().get(logistics.received().size() - 1);
    assertThat(request.signedWith(Overlays.SECRET)).isTrue();
    assertThat(request.webhookId()).isEqualTo(logistics.received().get(0).webhookId()).isEqualTo("waybill-" + caseId);
    assertThat(request.json().getString("address")).isEqualTo(ADDRESS);
    onlyVaccination(request.json().getJsonArray("contents"));
    assertThat(TestServices.column("SELECT attempts FROM result_deliveries WHERE case_id = '" + caseId + "'")).containsExactly("2");
    assertThat(f.eventTypes(caseId)).containsSubsequence("CaseRejected", "ResultsDelivered", "ResultsShipped");

    JsonObject signed = new JsonObject().put("waybill", waybill).put("status", "SIGNED");
    long now = System.currentTimeMillis() / 1000;
    assertThat(callback("cb-1", now, signed, "whsec_" + Base64.getEncoder().encodeToString("someone else's key, 32 bytes ok!".getBytes())).status())
        .as("forged").isEqualTo(401);
    assertThat(callback("cb-1", now - 3600, signed, Overlays.SECRET).status()).as("stale: a replay of an old message").isEqualTo(401);
    assertThat(callback("cb-0", now, new JsonObject().put("waybill", "EMS999999CN").put("status", "SIGNED"), Overlays.SECRET).status())
        .as("unknown waybill").isEqualTo(404);
    assertThat(callback("cb-t", now, new JsonObject().put("waybill", waybill).put("status", "IN_TRANSIT"), Overlays.SECRET).json()
        .getBoolean("applied")).isTrue();
    Http.Response ok = callback("cb-1", now, signed, Overlays.SECRET);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().getBoolean("applied")).isTrue();
    Http.Response repeated = callback("cb-1", now, signed, Overlays.SECRET);
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.json().getBoolean("applied")).as("the same webhook-id again").isFalse();

    JsonObject after = delivery(caseId);
    assertThat(after.getString("status")).isEqualTo("SIGNED");
    assertThat(after.getString("signedAt")).isNotNull();
    assertThat(f.eventTypes(caseId).stream().filter(t -> t.equals("ResultsSigned"))).hasSize(1);
    assertThat(f.eventTypes(caseId)).containsSubsequence("ResultsShipped", "ResultsTracked", "ResultsSigned");
    JsonObject masked = http.get("/api/v1/cases/" + caseId, "dev-hotline").json().getJsonObject("delivery");
    assertThat(masked.getString("status")).isEqualTo("SIGNED");
    assertThat(masked.getString("address")).doesNotContain("解放大道");
    f.assertGapFree(caseId);
  }

  /**
   * Every waybill request failing ends WAYBILL_FAILED: the operator finds it on {@code GET /admin/waybills/failed}
   * (no address), mends the service and replays it; the next request (same webhook-id) ships it. A second replay,
   * an unknown case and a case without EMS are refused; only admin may do either.
   */
  @Test
  void aFailedWaybillRequestIsListedForTheOperatorAndShipsOnceReplayed() {
    String caseId = emsCaseWithAFailedRequest();
    // the service stays down for every request: the count moved on so the test need not wait out 19 backoffs
    TestServices.sql("UPDATE result_deliveries SET attempts = 19, next_attempt_at = now() WHERE case_id = '" + caseId + "'");
    Await.until("WAYBILL_FAILED", WAIT, () -> "WAYBILL_FAILED".equals(
        delivery(caseId).getString("status")));

    Http.Response failed = http.get("/api/v1/admin/waybills/failed", "dev-admin");
    assertThat(failed.status()).as(failed.body()).isEqualTo(200);
    JsonObject entry = failed.json().getJsonArray("failedWaybills").getJsonObject(0);
    assertThat(entry.getString("caseId")).isEqualTo(caseId);
    assertThat(entry.getString("thing")).isEqualTo("newborn");
    assertThat(entry.getInteger("attempts")).isEqualTo(20);
    assertThat(entry.getString("lastError")).contains("503");
    assertThat(failed.body()).doesNotContain("解放大道").doesNotContain("address");
    assertThat(http.get("/api/v1/admin/waybills/failed", "dev-portal").status()).isEqualTo(403);
    Await.until("the gauge counts it", WAIT, () -> failedGauge() == 1);
    assertThat(f.post("/api/v1/admin/waybills/" + caseId + "/replay", "dev-hotline", new JsonObject()).status()).isEqualTo(403);

    logistics.answer(r -> 200);
    Http.Response replayed = f.post("/api/v1/admin/waybills/" + caseId + "/replay", "dev-admin", new JsonObject());
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(202);
    assertThat(replayed.json().getString("status")).isEqualTo("WAYBILL_PENDING");
    assertThat(f.post("/api/v1/admin/waybills/" + caseId + "/replay", "dev-admin", new JsonObject()).errorCode())
        .as("a second replay").isEqualTo("ILLEGAL_TRANSITION");
    Await.until("a waybill after the replay", WAIT,
        () -> delivery(caseId).getString("waybill") != null);
    assertThat(delivery(caseId).getString("status")).isEqualTo("SHIPPED");
    assertThat(logistics.received().get(logistics.received().size() - 1).webhookId()).isEqualTo("waybill-" + caseId);
    assertThat(f.eventTypes(caseId)).containsSubsequence("ResultsShipmentFailed", "ResultsShipmentRetried", "ResultsShipped");
    assertThat(http.get("/api/v1/admin/waybills/failed", "dev-admin").json().getJsonArray("failedWaybills")).isEmpty();
    Await.until("the gauge back at 0", WAIT, () -> failedGauge() == 0);

    assertThat(f.post("/api/v1/admin/waybills/" + java.util.UUID.randomUUID() + "/replay", "dev-admin", new JsonObject()).status())
        .as("no such case").isEqualTo(404);
    String byWindow = submit(new JsonObject().put("method", "window")).getString("caseId");
    assertThat(f.post("/api/v1/admin/waybills/" + byWindow + "/replay", "dev-admin", new JsonObject()).status())
        .as("no EMS delivery").isEqualTo(404);
    f.assertGapFree(caseId);
  }

  /** {@code onego_results_waybills_failed} as the node's /metrics shows it. */
  private static double failedGauge() {
    return http.metric("onego_results_waybills_failed");
  }

  /** The case's delivery as the applicant's portal reads it. */
  private static JsonObject delivery(String caseId) {
    return http.get("/api/v1/cases/" + caseId, "dev-portal").json().getJsonObject("delivery");
  }

  /** An EMS case ended REJECTED whose first waybill request the (down) logistics service has refused. */
  private String emsCaseWithAFailedRequest() {
    logistics.answer(r -> 503);
    String caseId = endRejected(submit(new JsonObject().put("method", "ems").put("address", ADDRESS)));
    Await.until("a first, failed request", WAIT, () -> !logistics.received().isEmpty());
    return caseId;
  }

  @Test
  void aWaybillRequestOutlivesARestartOfTheNode() {
    String caseId = emsCaseWithAFailedRequest();
    node.close();
    assertThat(TestServices.column("SELECT status FROM result_deliveries WHERE case_id = '" + caseId + "'")).containsExactly("WAYBILL_PENDING");
    logistics.answer(r -> 200);
    node = TestNode.start(env);
    http = node.http();
    f = new RouterFixture(http);
    Await.until("a waybill after the restart", WAIT,
        () -> delivery(caseId).getString("waybill") != null);
    assertThat(f.eventTypes(caseId).stream().filter(t -> t.equals("ResultsShipped"))).hasSize(1);
  }

  @Test
  void aLockerForAThingWithoutLockersIs422NamingDeliveryMethod() {
    JsonObject notice = http.get("/api/v1/things/comprehensive-tax").json();
    assertThat(notice.getJsonArray("deliveryMethods")).doesNotContain("locker");
    JsonObject body = Submissions.fromNotice(notice, Submissions.idNumber())
        .put("delivery", new JsonObject().put("method", "locker").put("address", "衡阳市政务服务中心一楼智能文件柜"));
    Http.Response r = http.postCase("dev-portal", "locker-" + UUID.randomUUID(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().getJsonObject("error").getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
        .contains("delivery.method");
  }

  /** A logistics report signed per Standard Webhooks with {@code secret}, computed here from the spec. */
  private Http.Response callback(String id, long timestamp, JsonObject body, String secret) {
    String text = body.encode();
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + text).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return http.send(http.request("/api/v1/logistics/callbacks").header("Content-Type", "application/json").header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(text)).build());
  }
}

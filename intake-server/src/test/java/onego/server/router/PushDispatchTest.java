package onego.server.router;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Catalog;
import onego.domain.CatalogLoader;
import onego.domain.ItemSpec;
import onego.domain.Thing;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Outputs;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

class PushDispatchTest {
  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  /** Standard Webhooks, computed here from the spec: base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)). */
  static String expectedSignature(FakeDepartment.Received r) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(Overlays.SECRET.substring(6)), "HmacSHA256"));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((r.webhookId() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void deliveriesAreSignedAndCarryOnlyTheItemsOwnData() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 3)))) {
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      Await.until("both health items delivered", WAIT, () -> health.received().size() >= 2);
      JsonObject notice = node.http().get("/api/v1/things/newborn").json();
      for (FakeDepartment.Received r : health.received()) {
        assertThat(r.signature()).isEqualTo(expectedSignature(r));
        assertThat(Math.abs(Long.parseLong(r.timestamp()) - System.currentTimeMillis() / 1000)).isLessThan(300);
        JsonObject p = r.json();
        assertThat(p.getString("deliveryId")).isEqualTo(r.webhookId());
        assertThat(p.getString("caseId")).isEqualTo(c.getString("caseId"));
        assertThat(p.getString("thing")).isEqualTo("newborn");
        assertThat(p.getJsonObject("applicant").getString("idNumber")).isNotBlank();
        assertThat(p.getString("dueAt")).isNotBlank();
        assertThat(p.getInteger("attempt")).isEqualTo(1);
        JsonObject spec = notice.getJsonArray("items").stream().map(o -> (JsonObject) o)
            .filter(i -> i.getString("code").equals(p.getJsonObject("item").getString("code"))).findFirst().orElseThrow();
        Set<String> own = new HashSet<>();
        spec.getJsonArray("fields").forEach(x -> own.add((String) x));
        spec.getJsonArray("optionalFields").forEach(x -> own.add((String) x));
        assertThat(own).containsAll(p.getJsonObject("form").fieldNames());
        assertThat(p.getJsonObject("form").fieldNames()).doesNotContain("householdAddress");
        p.getJsonArray("materials").forEach(m -> assertThat(spec.getJsonArray("materials")).contains(((JsonObject) m).getString("code")));
      }
      for (Object o : c.getJsonArray("items")) {
        JsonObject i = (JsonObject) o;
        if (i.getString("department").equals("health")) {
          Await.until(i.getString("code") + " dispatched", WAIT, () -> f.itemStatus(c.getString("caseId"), i.getString("itemId")).equals("DISPATCHED"));
        }
      }
      assertThat(f.eventTypes(c.getString("caseId"))).contains("ItemDispatched");
      f.assertGapFree(c.getString("caseId"));
    }
  }

  /**
   * Secret rotation (Standard Webhooks: one signature per current secret): with {@code secrets:
   * [new, old]} every delivery verifies with either secret alone, so a department that has not
   * switched yet (it answers 401 to anything its old secret does not verify) takes every item.
   */
  @Test
  void withTwoSecretsADepartmentHoldingEitherOneAcceptsEveryDelivery() throws Exception {
    String fresh = newSecret();
    String old = newSecret();
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.pushRotating("health", health.url(), List.of(fresh, old))))) {
      health.answer(r -> r.signedWith(old) ? 200 : 401);
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      for (Object o : c.getJsonArray("items")) {
        JsonObject i = (JsonObject) o;
        if (i.getString("department").equals("health") && i.getString("status").equals("QUEUED")) {
          Await.until(i.getString("code") + " dispatched", WAIT, () -> f.itemStatus(c.getString("caseId"), i.getString("itemId")).equals("DISPATCHED"));
        }
      }
      assertThat(health.received()).isNotEmpty();
      for (FakeDepartment.Received r : health.received()) {
        assertThat(r.signature().split(" ")).hasSize(2);
        assertThat(r.signedWith(old)).as("the old secret verifies").isTrue();
        assertThat(r.signedWith(fresh)).as("the new secret verifies").isTrue();
        assertThat(r.signedWith(newSecret())).as("any other secret does not").isFalse();
        assertThat(r.json().getInteger("attempt")).as("accepted the first time").isEqualTo(1);
      }
    }
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  @Test
  void retriesKeepTheWebhookIdUntilTheDepartmentTakesIt() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 5)))) {
      health.answer(r -> health.received().stream().filter(x -> x.webhookId().equals(r.webhookId())).count() <= 2 ? 500 : 200);
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      JsonObject birth = RouterFixture.item(c, "birth-medical-certificate");
      Await.until("dispatched after retries", WAIT, () -> f.itemStatus(c.getString("caseId"), birth.getString("itemId")).equals("DISPATCHED"));
      List<FakeDepartment.Received> forBirth = health.received().stream()
          .filter(r -> r.json().getString("itemId").equals(birth.getString("itemId"))).toList();
      assertThat(forBirth).hasSize(3);
      assertThat(forBirth.stream().map(FakeDepartment.Received::webhookId).distinct()).hasSize(1);
      assertThat(forBirth.stream().map(r -> r.json().getInteger("attempt"))).containsExactly(1, 2, 3);
      // the attempt row is written beside the outcome, not before it: wait for the third, then check there are no more
      String attempts = "SELECT count(*) FROM deliveries WHERE item_id = '" + birth.getString("itemId") + "'";
      Await.until("three attempts recorded", WAIT, () -> TestServices.count(attempts) >= 3);
      assertThat(TestServices.count(attempts)).isEqualTo(3);
    }
  }

  @Test
  void exhaustedRetriesDeadLetterAndAReplayQueuesAgain() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 2)))) {
      health.answer(r -> 503);
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      String caseId = c.getString("caseId");
      JsonObject birth = RouterFixture.item(c, "birth-medical-certificate");
      Await.until("dead-lettered", WAIT, () -> f.itemStatus(caseId, birth.getString("itemId")).equals("DELIVERY_FAILED"));
      JsonArray dead = node.http().get("/api/v1/admin/dead-letters", "dev-admin").json().getJsonArray("deadLetters");
      JsonObject letter = dead.stream().map(o -> (JsonObject) o).filter(d -> d.getString("itemId").equals(birth.getString("itemId")))
          .findFirst().orElseThrow();
      assertThat(letter.getInteger("attempts")).isEqualTo(2);
      assertThat(letter.getString("lastError")).isEqualTo("HTTP 503");
      assertThat(letter.getString("department")).isEqualTo("health");
      assertThat(f.eventTypes(caseId)).contains("ItemDeliveryFailed");
      assertThat(node.http().get("/api/v1/admin/dead-letters", "dev-portal").status()).isEqualTo(403);

      health.answer(r -> 200);
      Http.Response replay = f.post("/api/v1/admin/dead-letters/" + birth.getString("itemId") + "/replay", "dev-admin", new JsonObject());
      assertThat(replay.status()).as(replay.body()).isEqualTo(202);
      Await.until("replayed item dispatched", WAIT, () -> f.itemStatus(caseId, birth.getString("itemId")).equals("DISPATCHED"));
      Http.Response again = f.post("/api/v1/admin/dead-letters/" + birth.getString("itemId") + "/replay", "dev-admin", new JsonObject());
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    }
  }

  /**
   * W3C Trace Context: the submission's traceparent (its trace id) reaches the department on every
   * delivery its case causes, with a new span id; the request's log lines carry the trace id; a
   * submission without one starts a trace of its own that the delivery carries.
   */
  @Test
  void theSubmissionsTraceReachesTheDepartmentAndTheLogs() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String callerSpan = "00f067aa0ba902b7";
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 3)));
         onego.server.support.LogCapture logs = onego.server.support.LogCapture.start()) {
      JsonObject notice = node.http().get("/api/v1/things/newborn").json();
      String body = onego.server.support.Submissions.fromNotice(notice, onego.server.support.Submissions.idNumber()).encode();
      Http.Response traced = node.http().send(java.net.http.HttpRequest.newBuilder(
          node.http().caseRequest("dev-portal", "trace-" + System.nanoTime(), body), (n, v) -> true)
          .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01").build());
      assertThat(traced.status()).as(traced.body()).isEqualTo(201);
      String tracedCase = traced.json().getString("caseId");
      Await.until("a delivery of the traced case", WAIT,
          () -> health.received().stream().anyMatch(r -> r.json().getString("caseId").equals(tracedCase)));
      for (FakeDepartment.Received r : health.received()) {
        if (!r.json().getString("caseId").equals(tracedCase)) continue;
        assertThat(r.traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain(callerSpan);
      }
      Await.until("the request's log lines carry the trace id", WAIT, () -> logs.text().contains("traceId=" + traceId));

      Http.Response untraced = node.http().postCase("dev-portal", "trace-" + System.nanoTime(),
          onego.server.support.Submissions.fromNotice(notice, onego.server.support.Submissions.idNumber()).encode());
      String untracedCase = untraced.json().getString("caseId");
      Await.until("a delivery of the untraced case", WAIT,
          () -> health.received().stream().anyMatch(r -> r.json().getString("caseId").equals(untracedCase)));
      FakeDepartment.Received r = health.received().stream().filter(x -> x.json().getString("caseId").equals(untracedCase)).findFirst().orElseThrow();
      assertThat(r.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain(traceId);
    }
  }

  /** Standard Webhooks: a 429 (or 503) with {@code Retry-After} is retried no sooner than asked, not on the schedule (50 ms here). */
  @Test
  void aDepartmentsRetryAfterIsHonoured() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 5000, 5)))) {
      java.util.function.Predicate<FakeDepartment.Received> first =
          r -> health.received().stream().filter(x -> x.webhookId().equals(r.webhookId())).count() <= 1;
      health.answer(r -> first.test(r) ? 429 : 200).headers(r -> first.test(r) ? java.util.Map.of("Retry-After", "2") : java.util.Map.of());
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      JsonObject birth = RouterFixture.item(c, "birth-medical-certificate");
      Await.until("dispatched after the asked wait", WAIT, () -> f.itemStatus(c.getString("caseId"), birth.getString("itemId")).equals("DISPATCHED"));
      List<FakeDepartment.Received> forBirth = health.received().stream()
          .filter(r -> r.json().getString("itemId").equals(birth.getString("itemId"))).toList();
      assertThat(forBirth).hasSize(2);
      assertThat(forBirth.get(1).atNanos() - forBirth.get(0).atNanos()).as("waited for Retry-After: 2")
          .isGreaterThanOrEqualTo(1_900_000_000L);
    }
  }

  /**
   * Standard Webhooks: 410 Gone means the department disabled its endpoint. The item is dead-lettered
   * at once (attempts left or not) with the reason, nothing more is pushed to it, its other items stay queued.
   */
  @Test
  void aGoneEndpointStopsPushAndDeadLettersTheItemAtOnce() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 1, 5000, 5)))) {
      health.answer(r -> 410);
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      String caseId = c.getString("caseId");
      List<JsonObject> forHealth = c.getJsonArray("items").stream().map(o -> (JsonObject) o)
          .filter(i -> i.getString("department").equals("health")).toList();
      assertThat(forHealth).hasSizeGreaterThanOrEqualTo(2);
      Await.until("one health item dead-lettered", WAIT,
          () -> forHealth.stream().anyMatch(i -> f.itemStatus(caseId, i.getString("itemId")).equals("DELIVERY_FAILED")));
      JsonObject letter = node.http().get("/api/v1/admin/dead-letters", "dev-admin").json().getJsonArray("deadLetters").getJsonObject(0);
      assertThat(letter.getInteger("attempts")).isEqualTo(1);
      assertThat(letter.getString("lastError")).contains("410 Gone").contains("disabled");
      Await.until("the gauge says the endpoint is gone", WAIT,
          () -> node.http().get("/metrics").body().contains("onego_router_endpoint_gone{department=\"health\",region=\"default\"} 1.0"));
      Thread.sleep(2_500); // two ticks of router.pollMs (1 s): a lane that still claimed would have sent the next item by now
      assertThat(health.received()).hasSize(1);
      assertThat(forHealth.stream().map(i -> f.itemStatus(caseId, i.getString("itemId")))).containsOnlyOnce("DELIVERY_FAILED").contains("QUEUED");
    }
  }

  /** A thing with a ready item for a department other than health, from the catalog. */
  static String[] otherThingAndDepartment() {
    Catalog catalog = CatalogLoader.load(Path.of("config/catalog"));
    for (String code : List.of("enterprise-startup", "marriage-childbirth", "flexible-employment", "employee-hiring")) {
      Thing t = catalog.thing(code).orElseThrow();
      for (ItemSpec i : t.items()) {
        boolean push = catalog.departments().get(i.department()).dispatchMode().equals("push");
        if (i.dependsOn().isEmpty() && !i.department().equals("health") && push && i.alternativeGroup() == null) {
          return new String[] {code, i.department()};
        }
      }
    }
    throw new AssertionError("no suitable thing");
  }

  @Test
  void aHangingDepartmentHoldsOnlyItsOwnCredits() throws Exception {
    String[] other = otherThingAndDepartment();
    try (FakeDepartment slow = new FakeDepartment(); FakeDepartment fast = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", slow.url(), 2, 60_000, 3)
             + Overlays.push(other[1], fast.url(), 4, 5000, 3)))) {
      slow.answer(r -> FakeDepartment.HANG);
      RouterFixture f = new RouterFixture(node.http());
      for (int i = 0; i < 3; i++) f.submit("newborn");
      List<JsonObject> fastCases = new ArrayList<>();
      for (int i = 0; i < 5; i++) fastCases.add(f.submit(other[0]));
      for (JsonObject c : fastCases) {
        for (Object o : c.getJsonArray("items")) {
          JsonObject i = (JsonObject) o;
          if (i.getString("department").equals(other[1]) && i.getString("status").equals("QUEUED")) {
            Await.until("fast item dispatched", WAIT, () -> f.itemStatus(c.getString("caseId"), i.getString("itemId")).equals("DISPATCHED"));
          }
        }
      }
      assertThat(slow.received()).as("the slow department got only its maxInFlight").hasSize(2);
      JsonObject queue = node.http().get("/api/v1/departments/health/queue", "dev-dept-health").json();
      assertThat(queue.getLong("inFlight")).isEqualTo(2);
      assertThat(queue.getLong("queued")).isEqualTo(6);
      assertThat(queue.getLong("deadLettered")).isZero();
      assertThat(node.http().get("/api/v1/departments/health/queue", "dev-dept-" + other[1]).status()).isEqualTo(403);
      slow.release();
    }
  }

  @Test
  void hukouIsNeverDispatchedBeforeTheBirthCertificateCompletes() throws Exception {
    try (FakeDepartment dept = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", dept.url(), 4, 5000, 3)
             + Overlays.push("public-security", dept.url(), 4, 5000, 3)))) {
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      String caseId = c.getString("caseId");
      String birth = RouterFixture.item(c, "birth-medical-certificate").getString("itemId");
      String hukou = RouterFixture.item(c, "household-registration").getString("itemId");
      Await.until("birth certificate dispatched", WAIT, () -> f.itemStatus(caseId, birth).equals("DISPATCHED"));
      Thread.sleep(600); // three idle polls of the lanes
      assertThat(dept.received().stream().map(r -> r.json().getString("itemId"))).doesNotContain(hukou);
      assertThat(f.itemStatus(caseId, hukou)).isEqualTo("WAITING");

      assertThat(f.report("health", birth, "ACCEPTED", "b-1").status()).isEqualTo(200);
      JsonObject birthCertificate = Outputs.of("newborn", "birth-medical-certificate");
      assertThat(f.report("health", birth, new JsonObject().put("status", "COMPLETED").put("eventId", "b-2").put("result", birthCertificate))
          .status()).isEqualTo(200);
      Await.until("hukou delivered", WAIT, () -> dept.received().stream().anyMatch(r -> r.json().getString("itemId").equals(hukou)));
      JsonObject pushed = dept.received().stream().map(r -> r.json()).filter(j -> j.getString("itemId").equals(hukou)).findFirst().orElseThrow();
      assertThat(pushed.getJsonObject("inputs").getJsonArray("certificates")).as("一次联办: 户口登记 receives the 出生医学证明")
          .singleElement().satisfies(cert -> assertThat(((JsonObject) cert).getString("ecertRef"))
              .isEqualTo(birthCertificate.getJsonArray("certificates").getJsonObject(0).getString("ecertRef")));
      List<String> order = TestServices.column("SELECT type || ':' || coalesce(data->>'code', '') || ':' || coalesce(status, '') FROM case_events WHERE case_id = '"
          + caseId + "' ORDER BY seq");
      assertThat(order.indexOf("ItemStatusChanged:birth-medical-certificate:COMPLETED"))
          .isLessThan(order.indexOf("ItemQueued:household-registration:QUEUED"));
    }
  }

  @Test
  void twoRoutersOnOneDatabaseNeverDeliverAnItemTwice() throws Exception {
    try (FakeDepartment health = new FakeDepartment()) {
      health.answer(r -> {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return 200;
      });
      var env = Overlays.env("departments:\n" + Overlays.push("health", health.url(), 8, 5000, 3));
      try (TestNode a = TestNode.start(env); TestNode b = TestNode.start(env)) {
        RouterFixture f = new RouterFixture(a.http());
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 30; i++) cases.add(f.submit("newborn").getString("caseId"));
        Await.until("all 60 health items dispatched", WAIT,
            () -> TestServices.count("SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'DISPATCHED'") == 60);
        assertThat(health.received()).hasSize(60);
        Set<String> ids = health.received().stream().map(FakeDepartment.Received::webhookId).collect(Collectors.toSet());
        assertThat(ids).hasSize(60);
        assertThat(TestServices.count("SELECT count(*) FROM case_events WHERE type = 'ItemDispatched'")).isEqualTo(60);
        cases.forEach(f::assertGapFree);
      }
    }
  }

  @Test
  void aRouterKilledMidDeliveryLosesNothing() throws Exception {
    try (FakeDepartment health = new FakeDepartment()) {
      var env = Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 1000, 5));
      health.answer(r -> FakeDepartment.HANG);
      String caseId;
      List<String> firstIds;
      try (TestNode a = TestNode.start(env)) {
        caseId = new RouterFixture(a.http()).submit("newborn").getString("caseId");
        Await.until("two deliveries in flight", WAIT, () -> health.received().size() >= 2);
        firstIds = health.received().stream().map(FakeDepartment.Received::webhookId).toList();
      }
      health.answer(r -> 200);
      health.release();
      try (TestNode b = TestNode.start(env)) {
        Await.until("both health items dispatched after restart", WAIT, () -> TestServices.count(
            "SELECT count(*) FROM case_items WHERE case_id = '" + caseId + "' AND department = 'health' AND status = 'DISPATCHED'") == 2);
        Set<String> later = health.received().stream().skip(2).map(FakeDepartment.Received::webhookId).collect(Collectors.toSet());
        assertThat(later).as("redelivered under the same webhook-id").containsAll(firstIds);
      }
    }
  }

  @Test
  void repeatedFailuresOpenTheCircuitAndStopDeliveriesForAWhile() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("router:\n  circuitThreshold: 2\n  circuitOpenMs: 600000\n"
             + "departments:\n" + Overlays.push("health", health.url(), 1, 5000, 20)))) {
      health.answer(r -> 500);
      RouterFixture f = new RouterFixture(node.http());
      for (int i = 0; i < 3; i++) f.submit("newborn");
      Await.until("two failed deliveries", WAIT, () -> health.received().size() >= 2);
      Await.until("circuit open", WAIT, () -> node.http().get("/metrics").body().contains("onego_router_circuit{department=\"health\",region=\"default\"} 1.0"));
      int seen = health.received().size();
      Thread.sleep(1_000); // five lane polls and several retry timers
      assertThat(health.received()).as("no delivery while the circuit is open").hasSize(seen);
      assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'QUEUED'")).isEqualTo(6);
    }
  }

  @Test
  void aCaseWithdrawnWhileItsItemIsBeingDeliveredIsCancelledAtTheDepartmentAfterwards() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 4, 20_000, 3)))) {
      health.answer(r -> r.json().getString("type").equals("work") ? FakeDepartment.HANG : 200);
      RouterFixture f = new RouterFixture(node.http());
      JsonObject c = f.submit("newborn");
      Await.until("both health items in flight", WAIT, () -> health.received().size() >= 2);
      assertThat(f.post("/api/v1/cases/" + c.getString("caseId") + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);
      health.release();
      Await.until("two cancel messages", WAIT, () -> health.received().stream().filter(r -> r.json().getString("type").equals("cancel")).count() == 2);
      List<FakeDepartment.Received> all = List.copyOf(health.received());
      for (FakeDepartment.Received cancel : all.stream().filter(r -> r.json().getString("type").equals("cancel")).toList()) {
        String item = cancel.json().getString("itemId");
        int work = all.indexOf(all.stream().filter(r -> r.json().getString("itemId").equals(item) && r.json().getString("type").equals("work")).findFirst().orElseThrow());
        assertThat(all.indexOf(cancel)).as("the cancel follows the work it cancels").isGreaterThan(work);
        assertThat(cancel.webhookId()).endsWith("-cancel");
      }
      assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE case_id = '" + c.getString("caseId") + "' AND cancel_pending")).isZero();
    }
  }
}

package onego.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CreditCodes;
import onego.domain.IdNumbers;
import onego.server.support.Http;
import onego.server.support.Jwts;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import onego.server.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 免申即享 / 政策找人 end to end against PostgreSQL, Redis and HTTP: a simulated shared-data platform holds the
 * facts; sweeps on two nodes and after a restart make one offer per (rule, subject, period); confirming twice files
 * one case; a retirement completing makes the 奖励金 offer; declining and expiry close offers; someone else's offer
 * is refused; every fact read is audited with the rule as purpose; OfferMade reaches a WebSocket subscriber.
 */
class OffersTest {
  private static FactsPlatform platform;
  private static TestNode node;
  private static Http http;
  private static String overlay;

  @BeforeAll
  static void start() throws IOException {
    platform = new FactsPlatform();
    // the sweep runs when the test says (offers.enabled false: no periodic sweep), so counts are the test's own
    overlay = "sharedData:\n  url: \"" + platform.url() + "\"\n  keySalt: \"" + UUID.randomUUID() + "\"\noffers:\n  enabled: false\n";
    node = TestNode.start(Overlays.env(overlay));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    platform.close();
  }

  @BeforeEach
  void reset() {
    TestServices.sql("TRUNCATE offers");
    TestServices.resetTables();
    onego.server.support.AuditTables.reset();
    platform.facts.clear();
    platform.factsRelease = null;
  }

  private static String person(String born, int seq) {
    String first17 = "430408" + born.replace("-", "") + String.format("%03d", seq);
    return first17 + IdNumbers.checkChar(first17);
  }

  private static String enterprise(int seq) {
    String first17 = "91430400MA4Q" + String.format("%05d", seq);
    return first17 + CreditCodes.checkChar(first17);
  }

  private static int sweep(TestNode n) throws Exception {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    n.node().vertx().runOnContext(v -> n.node().offerSweeper().sweep().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.completeExceptionally(ar.cause());
    }));
    return done.get(60, TimeUnit.SECONDS);
  }

  private static boolean lease(TestNode n) throws Exception {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    n.node().vertx().runOnContext(v -> n.node().offerSweeper().takeLease().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.completeExceptionally(ar.cause());
    }));
    return done.get(30, TimeUnit.SECONDS);
  }

  private static String applicant(String id) {
    return Jwts.dev(new JsonObject().put("role", "applicant").put("sub", id));
  }

  private static Http.Response post(String path, String token) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static JsonArray offers(String id, String token) {
    Http.Response r = http.get("/api/v1/applicants/" + id + "/offers", token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("offers");
  }

  @Test
  void anEightyYearOldGetsOneOfferAcrossSweepsNodesAndARestartAndConfirmingTwiceFilesOneCase() throws Exception {
    String old = person(LocalDate.now().minusYears(80).minusDays(3).toString(), 11);
    String young = person("1990-01-01", 12);
    platform.facts.put(old, new JsonObject().put("birthDate", LocalDate.now().minusYears(80).minusDays(3).toString()));
    platform.facts.put(young, new JsonObject().put("birthDate", "1990-01-01"));
    platform.population.put(old, new JsonObject().put("applicantName", "王秀英").put("householdAddress", "湖南省衡阳市蒸湘区解放大道1号"));

    try (WsClient ws = WsClient.connect(node.port(), applicant(old), false)) {
      ws.send(new JsonObject().put("op", "subscribe").put("applicant", young));
      assertThat(ws.nextOp("error", 10_000).getJsonObject("error").getString("code")).as("someone else's offers").isEqualTo("FORBIDDEN");
      ws.send(new JsonObject().put("op", "subscribe").put("applicant", "43040819400101123"));
      assertThat(ws.nextOp("error", 10_000).getJsonObject("error").getString("code")).isEqualTo("BAD_REQUEST");
      ws.send(new JsonObject().put("op", "subscribe").put("applicant", old));
      assertThat(ws.nextOp("subscribed", 10_000)).isNotNull();

      TestNode second = TestNode.start(Overlays.env(overlay));
      // test nodes are not clustered: each has its own event bus, so the applicant follows both (a cluster's bus reaches every node)
      try (WsClient ws2 = WsClient.connect(second.port(), "dev-portal", false)) {
        ws2.send(new JsonObject().put("op", "subscribe").put("applicant", old));
        assertThat(ws2.nextOp("subscribed", 10_000)).isNotNull();
        // one sweeper at a time: the lease row; a holder that stops renewing (dies) is taken over once it lapses
        assertThat(lease(node)).isTrue();
        assertThat(lease(second)).isFalse();
        assertThat(lease(node)).as("the holder renews").isTrue();
        TestServices.sql("UPDATE leases SET until = now() - interval '1 second' WHERE name = 'offer-sweeper'");
        assertThat(lease(second)).isTrue();
        assertThat(lease(node)).isFalse();
        // the first sweep on both nodes at once: the database's UNIQUE (rule, subject, period) decides
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> call(() -> sweep(node)));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> call(() -> sweep(second)));
        assertThat(a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(sweep(node)).isZero();
        assertThat(sweep(second)).isZero();
        List<JsonObject> made = new ArrayList<>();
        for (WsClient w : List.of(ws, ws2)) {
          for (JsonObject f = w.next(2_000); f != null; f = w.next(500)) made.add(f);
        }
        assertThat(made).as("one OfferMade, from the node that made the offer").hasSize(1);
        assertThat(made.get(0).getString("type")).isEqualTo("OfferMade");
        assertThat(made.get(0).getString("rule")).isEqualTo("elderly-allowance-at-80");
        assertThat(made.get(0).getString("state")).isEqualTo("OFFERED");
      } finally {
        second.close();
      }
    }
    // a node restarted on the same database sweeps again: still one offer
    TestNode restarted = TestNode.start(Overlays.env(overlay));
    try {
      assertThat(sweep(restarted)).isZero();
    } finally {
      restarted.close();
    }
    assertThat(TestServices.count("SELECT count(*) FROM offers")).isEqualTo(1);

    JsonArray list = offers(old, applicant(old));
    assertThat(list).hasSize(1);
    JsonObject offer = list.getJsonObject(0);
    assertThat(offer.getString("thing")).isEqualTo("special-groups-allowances");
    assertThat(offer.getJsonArray("items")).containsExactly("elderly-allowance");
    assertThat(offer.getString("period")).isEqualTo("once");
    assertThat(offer.getString("state")).isEqualTo("OFFERED");
    assertThat(offer.getString("expiresAt")).isNotBlank();
    assertThat(offers(young, "dev-window")).isEmpty();
    String offerId = offer.getString("offerId");

    // someone else's offer, bad ids
    assertThat(http.get("/api/v1/applicants/" + old + "/offers", applicant(young)).status()).isEqualTo(403);
    assertThat(post("/api/v1/offers/" + offerId + "/confirm", applicant(young)).status()).isEqualTo(403);
    assertThat(post("/api/v1/offers/" + offerId + "/decline", applicant(young)).status()).isEqualTo(403);
    String wrongCheck = old.substring(0, 17) + (old.charAt(17) == '1' ? '2' : '1');
    Http.Response badId = http.get("/api/v1/applicants/" + wrongCheck + "/offers", "dev-admin");
    assertThat(badId.status()).as(badId.body()).isEqualTo(400);
    assertThat(post("/api/v1/offers/" + UUID.randomUUID() + "/confirm", applicant(old)).status()).isEqualTo(404);
    assertThat(post("/api/v1/offers/not-a-uuid/confirm", applicant(old)).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/applicants/" + old + "/offers", "dev-dept-civil-affairs").status()).isEqualTo(403);

    Http.Response first = post("/api/v1/offers/" + offerId + "/confirm", applicant(old));
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    JsonObject kase = first.json();
    assertThat(kase.getString("thing")).isEqualTo("special-groups-allowances");
    assertThat(kase.getJsonArray("items").getJsonObject(0).getString("code")).isEqualTo("elderly-allowance");
    assertThat(kase.getJsonObject("offer").getJsonObject("facts").getJsonObject("birthDate").getString("source")).isEqualTo("population");
    assertThat(kase.getJsonObject("offer").getJsonObject("fields").getString("applicantName")).isEqualTo("population");
    Http.Response again = post("/api/v1/offers/" + offerId + "/confirm", applicant(old));
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getString("caseId")).isEqualTo(kase.getString("caseId"));
    // the case was filed but its confirmation not recorded, and the person comes back past expiresAt: that case again, not 409
    TestServices.sql("UPDATE offers SET state = 'OFFERED', case_id = NULL, answer = NULL, decided_at = NULL, "
        + "expires_at = now() - interval '1 day' WHERE offer_id = '" + offerId + "'");
    Http.Response pastExpiry = post("/api/v1/offers/" + offerId + "/confirm", applicant(old));
    assertThat(pastExpiry.status()).as(pastExpiry.body()).isEqualTo(200);
    assertThat(pastExpiry.json().getString("caseId")).isEqualTo(kase.getString("caseId"));
    assertThat(offers(old, applicant(old)).getJsonObject(0).getString("state")).isEqualTo("CONFIRMED");
    TestServices.sql("DELETE FROM idempotency_keys"); // past the intake key's retention the offer still answers its case
    Http.Response later = post("/api/v1/offers/" + offerId + "/confirm", "dev-window");
    assertThat(later.status()).as(later.body()).isEqualTo(200);
    assertThat(later.json().getString("caseId")).isEqualTo(kase.getString("caseId"));
    assertThat(TestServices.count("SELECT count(*) FROM cases WHERE applicant_id = '" + old + "'")).isEqualTo(1);
    JsonObject stored = http.get("/api/v1/cases/" + kase.getString("caseId"), "dev-admin").json();
    assertThat(stored.getJsonObject("form").getString("applicantName")).isEqualTo("王秀英");
    assertThat(offers(old, applicant(old)).getJsonObject(0).getString("state")).isEqualTo("CONFIRMED");
    assertThat(post("/api/v1/offers/" + offerId + "/decline", applicant(old)).status()).isEqualTo(409);

    onego.server.support.AuditTables.awaitSealed();
    // every fact read on record with the rule as purpose, no clear number
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'OFFER_FACTS_READ' "
        + "AND purpose = 'offer-rule:elderly-allowance-at-80' AND actor_id = 'system:offer-sweeper'")).isGreaterThanOrEqualTo(2); // old and young
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'OFFER_FACTS_READ' "
        + "AND purpose = 'offer-rule:elderly-allowance-at-80' AND actor_role = 'applicant'"))
        .as("the confirmation's read, and the read of the one past expiry that found its case filed").isEqualTo(2);
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE subject = '" + old + "' OR detail::text LIKE '%" + old + "%'")).isZero();
  }

  @Test
  void anInsuredEmployerWithoutLayoffsIsOfferedTheRefundAndDeclineAndExpiryCloseOffers() throws Exception {
    String keeps = enterprise(1);
    String laidOff = enterprise(2);
    String late = enterprise(3);
    platform.facts.put(keeps, new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 0));
    platform.facts.put(laidOff, new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 4));
    platform.facts.put(late, new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 0));
    assertThat(sweep(node)).isEqualTo(2);
    assertThat(offers(laidOff, "dev-window")).isEmpty();
    JsonObject offer = offers(keeps, "dev-window").getJsonObject(0);
    assertThat(offer.getString("rule")).isEqualTo("job-stabilization-refund-yearly");
    // the period is the year of the platform's own day (Asia/Shanghai), the day the offer was made: not the test
    // machine's (UTC on 31 December after 16:00 is already next year in Shanghai)
    java.time.OffsetDateTime made = java.time.OffsetDateTime.parse(offer.getString("createdAt"));
    assertThat(offer.getString("period")).isEqualTo(Integer.toString(made.atZoneSameInstant(java.time.ZoneId.of("Asia/Shanghai")).getYear()));

    Http.Response declined = post("/api/v1/offers/" + offer.getString("offerId") + "/decline", "dev-window");
    assertThat(declined.status()).as(declined.body()).isEqualTo(200);
    assertThat(declined.json().getString("state")).isEqualTo("DECLINED");
    assertThat(post("/api/v1/offers/" + offer.getString("offerId") + "/confirm", "dev-window").status()).isEqualTo(409);

    String lateId = offers(late, "dev-admin").getJsonObject(0).getString("offerId");
    TestServices.sql("UPDATE offers SET expires_at = now() - interval '1 minute' WHERE offer_id = '" + lateId + "'");
    assertThat(sweep(node)).as("a declined or expired offer is not made again for the period").isZero();
    assertThat(offers(late, "dev-admin").getJsonObject(0).getString("state")).isEqualTo("EXPIRED");
    Http.Response refused = post("/api/v1/offers/" + lateId + "/confirm", "dev-window");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isZero();

    // an enterprise confirms through its channel: the case is the enterprise's, its credit code from the offer
    String confirms = enterprise(4);
    platform.facts.put(confirms, new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 0));
    assertThat(sweep(node)).isEqualTo(1);
    Http.Response filed = post("/api/v1/offers/" + offers(confirms, "dev-window").getJsonObject(0).getString("offerId") + "/confirm", "dev-window");
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    assertThat(filed.json().getString("channel")).isEqualTo("window");
    assertThat(filed.json().getJsonObject("offer").getJsonObject("facts").getJsonObject("layoffsLastYear").getInteger("value")).isZero();
    JsonObject kase = http.get("/api/v1/cases/" + filed.json().getString("caseId"), "dev-window").json();
    assertThat(kase.getJsonObject("form").getString("creditCode")).isEqualTo(confirms);
  }

  /**
   * A decline that arrives while a confirmation of the same offer is being filed (its facts still being read) must not
   * answer 200 DECLINED: the filing goes on and commits the case, so the offer ends CONFIRMED; the decline is 409 and
   * the offer never reads DECLINED. (Before, the decline answered 200 DECLINED and the case was filed all the same.)
   */
  @Test
  void aDeclineWhileAConfirmationIsBeingFiledIs409AndTheOfferEndsConfirmedWithItsCase() throws Exception {
    String enterprise = enterprise(7);
    platform.facts.put(enterprise, new JsonObject().put("unemploymentInsured", true).put("layoffsLastYear", 0));
    assertThat(sweep(node)).isEqualTo(1);
    String offerId = offers(enterprise, "dev-window").getJsonObject(0).getString("offerId");

    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    platform.factsArrived = new java.util.concurrent.CountDownLatch(1);
    platform.factsRelease = release;
    CompletableFuture<Http.Response> confirming = http.sendAsync(http.request("/api/v1/offers/" + offerId + "/confirm")
        .header("Authorization", "Bearer dev-window").POST(HttpRequest.BodyPublishers.noBody()).build());
    try {
      assertThat(platform.factsArrived.await(30, TimeUnit.SECONDS)).as("the confirmation is reading the facts").isTrue();
      Http.Response declined = post("/api/v1/offers/" + offerId + "/decline", "dev-portal");
      assertThat(declined.status()).as(declined.body()).isEqualTo(409);
      assertThat(declined.errorCode()).isEqualTo("ILLEGAL_TRANSITION");
    } finally {
      platform.factsRelease = null;
      release.countDown();
    }
    Http.Response confirmed = confirming.get(60, TimeUnit.SECONDS);
    assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
    JsonObject offer = offers(enterprise, "dev-window").getJsonObject(0);
    assertThat(offer.getString("state")).isEqualTo("CONFIRMED");
    assertThat(offer.getString("caseId")).isEqualTo(confirmed.json().getString("caseId"));
    Http.Response again = post("/api/v1/offers/" + offerId + "/decline", "dev-portal");
    assertThat(again.status()).as("a confirmed offer cannot be declined").isEqualTo(409);
  }

  @Test
  void aRetirementCompletingMakesTheOnlyChildRewardOffer() throws Exception {
    String retiree = Submissions.retireeIdNumber(41);
    platform.facts.put(retiree, new JsonObject().put("onlyChildCertificateNumber", "湘独字00012345").put("retirementApprovalNumber", "衡人社退字1"));
    platform.ecertHolder = retiree;
    JsonObject notice = http.get("/api/v1/things/employee-retirement").json();
    JsonObject body = Submissions.fromNotice(notice, retiree, List.of("normal-retirement"));
    Http.Response filed = http.postCase("dev-portal", "retire-" + UUID.randomUUID(), body.encode());
    assertThat(filed.status()).as(filed.body()).isEqualTo(201);
    String itemId = filed.json().getJsonArray("items").getJsonObject(0).getString("itemId");
    TestServices.sql("UPDATE case_items SET status = 'DISPATCHED' WHERE item_id = '" + itemId + "'");
    report("human-resources", itemId, new JsonObject().put("status", "ACCEPTED"));
    report("human-resources", itemId, new JsonObject().put("status", "COMPLETED").put("result", new JsonObject()
        .put("certificates", new JsonArray().add(new JsonObject().put("type", "retirement-approval").put("number", "衡人社退字1")
            .put("ecertRef", "EC-retirement-approval-" + retiree)))
        .put("values", new JsonObject().put("retirementApprovalNumber", "衡人社退字1"))));

    JsonArray list = new JsonArray();
    for (int i = 0; i < 100 && list.isEmpty(); i++) {
      list = offers(retiree, applicant(retiree));
      if (list.isEmpty()) Thread.sleep(100);
    }
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getString("rule")).isEqualTo("only-child-reward-on-retirement");
    assertThat(list.getJsonObject(0).getJsonArray("items")).containsExactly("only-child-parents-reward");
    onego.server.support.AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'OFFER_FACTS_READ' "
        + "AND purpose = 'offer-rule:only-child-reward-on-retirement' AND actor_id = 'system:offer-trigger'")).isEqualTo(1);

    // a trigger lost with its node (the offer gone as if never made): the next sweep catches up, once
    TestServices.sql("DELETE FROM offers");
    assertThat(sweep(node)).isEqualTo(1);
    assertThat(sweep(node)).isZero();
    assertThat(offers(retiree, applicant(retiree))).hasSize(1);
  }

  private static void report(String department, String itemId, JsonObject body) {
    Http.Response r = http.send(http.request("/api/v1/departments/" + department + "/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-" + department).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private interface Call<T> { T run() throws Exception; }

  private static <T> T call(Call<T> c) {
    try {
      return c.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shared-data platform's facts API (and a population source) over a map the test fills. */
  static final class FactsPlatform implements AutoCloseable {
    final Map<String, JsonObject> facts = new ConcurrentHashMap<>();
    final Map<String, JsonObject> population = new ConcurrentHashMap<>();
    volatile String ecertHolder;
    /** When set: each {@code /facts/query} counts {@link #factsArrived} down and waits for this latch (a platform that is slow to answer). */
    volatile java.util.concurrent.CountDownLatch factsRelease;
    volatile java.util.concurrent.CountDownLatch factsArrived = new java.util.concurrent.CountDownLatch(0);
    private final HttpServer server;

    FactsPlatform() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/", this::handle);
      server.start();
    }

    String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    private static String ecertType(String material) {
      onego.domain.Material m = node.config().catalog().material(material);
      return m == null ? material : m.ecertType();
    }

    private void handle(HttpExchange ex) throws IOException {
      String path = ex.getRequestURI().getPath();
      String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonObject body = text.isBlank() ? new JsonObject() : new JsonObject(text);
      if (path.startsWith("/ecerts/")) {
        // every certificate the retirement filing names is the retiree's own, valid
        reply(ex, 200, new JsonObject().put("valid", true).put("type", ecertType(path.substring("/ecerts/EC-".length()))).put("number", "1")
            .put("holderName", "张伟").put("holderIdNumber", ecertHolder).put("issuedBy", "衡阳市").put("validUntil", null).encode());
      } else if (path.equals("/facts/query")) {
        java.util.concurrent.CountDownLatch release = factsRelease;
        if (release != null) {
          factsArrived.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        JsonObject all = facts.get(body.getString("subject"));
        if (all == null) { reply(ex, 404, "{}"); return; }
        JsonObject out = new JsonObject();
        for (Object f : body.getJsonArray("facts")) if (all.containsKey((String) f)) out.put((String) f, all.getValue((String) f));
        reply(ex, 200, new JsonObject().put("facts", out).encode());
      } else if (path.equals("/facts/subjects")) {
        JsonObject where = body.getJsonObject("where");
        boolean enterprise = "enterprise".equals(body.getString("kind"));
        List<String> out = new ArrayList<>();
        facts.forEach((id, f) -> {
          if (id.startsWith("91") != enterprise) return; // the test's credit codes start 91, its ID numbers 43
          if (f.containsKey(where.getString("fact"))) out.add(id); // the platform narrows by the fact; the rule decides
        });
        out.sort(null);
        // two pages: the sweep must follow next
        int from = body.getString("after") == null ? 0 : Integer.parseInt(body.getString("after"));
        int to = Math.min(out.size(), from + 1);
        reply(ex, 200, new JsonObject().put("subjects", new JsonArray(out.subList(from, to)))
            .put("next", to < out.size() ? Integer.toString(to) : null).encode());
      } else if (path.startsWith("/sources/population/")) {
        JsonObject data = population.get(body.getString("idNumber"));
        if (data == null) reply(ex, 404, "{}");
        else reply(ex, 200, new JsonObject().put("data", data).encode());
      } else {
        reply(ex, 404, "{}");
      }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}

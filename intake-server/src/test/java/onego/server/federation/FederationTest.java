package onego.server.federation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.server.infra.Database;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 跨省通办 between two platforms on one machine: platform A (湖南 43, the repository's catalog, database
 * onego_federation_a) and platform B (广东 44, the same catalog with a 广州 regions file, database
 * onego_federation_b), each a real node with its own database, configured as each other's peers.
 */
class FederationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String THING = "id-card";
  private static final String ITEM = "id-card-lost";
  /** 广州市天河区: a region in B's province. */
  private static final String REGION = "440106";
  private static String pgA;
  private static String pgB;
  private static Path catalogB;

  @BeforeAll
  static void databases() throws Exception {
    pgA = database("onego_federation_a");
    pgB = database("onego_federation_b");
    Database.migrate(pgA);
    Database.migrate(pgB);
    Path dir = Files.createTempDirectory("onego-catalog-44");
    Path source = Path.of("config", "catalog");
    try (Stream<Path> all = Files.walk(source)) {
      for (Path p : all.toList()) {
        Path to = dir.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
    Files.writeString(dir.resolve("regions.yaml"), """
        province: {code: "44", name: 广东省}
        city: {code: "440100", name: 广州市}
        divisions:
          - {code: "440104", name: 越秀区}
          - {code: "440106", name: 天河区}
        """);
    catalogB = dir;
  }

  @BeforeEach
  void reset() {
    for (String url : List.of(pgA, pgB)) sql(url, "TRUNCATE cases, idempotency_keys, department_callbacks, leases CASCADE");
  }

  /** A database of this name on the test PostgreSQL server (created when missing); its URL. */
  private static String database(String name) {
    String base = TestServices.pgUrl();
    // this test's own database, made anew: one left by an earlier checkout may hold other migrations
    sql(base, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    sql(base, "CREATE DATABASE " + name);
    int slash = base.lastIndexOf('/');
    int query = base.indexOf('?', slash);
    return base.substring(0, slash + 1) + name + (query < 0 ? "" : base.substring(query));
  }

  private static void sql(String url, String statement) {
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  private static long count(String url, String query) {
    try (Connection c = connect(url); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  private static String text(String url, String query) {
    try (Connection c = connect(url); Statement s = c.createStatement(); var rs = s.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    var o = io.vertx.pgclient.PgConnectOptions.fromUri(url);
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(), o.getUser(), o.getPassword());
  }

  private static String peer(String code, int port) {
    return "federation:\n  peers:\n    \"" + code + "\": {endpoint: \"http://127.0.0.1:" + port + "\", secret: \"" + Overlays.SECRET
        + "\", maxInFlight: 4, timeoutMs: 2000, maxAttempts: 3, retrySchedule: [50ms, 100ms, 200ms]}\n";
  }

  /** Platform A, 湖南 43, handing to B on {@code portB}. */
  private static TestNode platformA(int port, int portB) {
    return TestNode.start(env(port, "federation:\n  self: \"43\"\n" + peer("44", portB).substring("federation:\n".length())), pgA);
  }

  /** Platform B, 广东 44, its public-security pushed to {@code department}. */
  private static TestNode platformB(int port, int portA, FakeDepartment department) {
    // the dev profile's keys, less the 耒阳市 window's (a region of 43's catalog)
    String yaml = "catalogDir: \"" + catalogB + "\"\n"
        + "auth:\n  apiKeys:\n    - {key: dev-portal, role: channel, channel: pc}\n    - {key: dev-admin, role: admin}\n"
        + "federation:\n  self: \"44\"\n" + peer("43", portA).substring("federation:\n".length())
        + "departments:\n" + Overlays.push("public-security", department.url(), 4, 2000, 3);
    return TestNode.start(env(port, yaml), pgB);
  }

  private static Map<String, String> env(int port, String yaml) {
    Map<String, String> env = new java.util.HashMap<>(Overlays.env(yaml));
    env.put("ONEGO_HTTP_PORT", String.valueOf(port));
    return env;
  }

  /** Files a lost-ID-card case on A to be handled in 广州市天河区; its 201 body. */
  private static JsonObject fileOnA(Http a) {
    return fileOnA(a, Submissions.idNumber());
  }

  /** The same for the applicant {@code idNumber}. */
  private static JsonObject fileOnA(Http a, String idNumber) {
    JsonObject notice = a.get("/api/v1/things/" + THING).json();
    notice.put("form", a.get("/api/v1/things/" + THING + "/form?items=" + ITEM).json());
    JsonObject body = Submissions.fromNotice(notice, idNumber, List.of(ITEM))
        .put("items", new JsonArray().add(ITEM)).put("region", REGION);
    Http.Response r = a.postCase("dev-portal", UUID.randomUUID().toString(), body.encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static JsonObject item(Http node, String caseId) {
    return node.get("/api/v1/cases/" + caseId, "dev-admin").json().getJsonArray("items").getJsonObject(0);
  }

  @Test
  void aHandedOffItemIsFiledOnceAndItsCompletedResultComesBack() throws Exception {
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    try (FakeDepartment police = new FakeDepartment();
         TestNode b = platformB(portB, portA, police);
         TestNode a = platformA(portA, portB)) {
      JsonObject filed = fileOnA(a.http());
      String caseA = filed.getString("caseId");
      String itemA = filed.getJsonArray("items").getJsonObject(0).getString("itemId");
      String handoffId = "43-" + itemA;

      JsonObject handed = Await.value("the item handed to platform 44", WAIT, () -> {
        JsonObject i = item(a.http(), caseA);
        return i.getJsonObject("handledBy") != null && i.getString("status").equals("DISPATCHED") ? i : null;
      });
      assertThat(handed.getJsonObject("handledBy").getString("platform")).isEqualTo("44");
      String caseB = handed.getJsonObject("handledBy").getString("caseId");
      // filed on B once, through its own intake, as a federation case in the region given
      assertThat(count(pgB, "SELECT count(*) FROM cases")).isEqualTo(1);
      assertThat(count(pgB, "SELECT count(*) FROM cases WHERE case_id = '" + caseB + "' AND channel = 'federation' AND region = '" + REGION + "'"))
          .isEqualTo(1);
      assertThat(count(pgB, "SELECT count(*) FROM federation_handoffs_in WHERE handoff_id = '" + handoffId + "'")).isEqualTo(1);
      // A's own departments never got it
      assertThat(police.received()).allSatisfy(r -> assertThat(r.json().getString("caseId")).isEqualTo(caseB));
      // the same handoff id with another body: refused, nothing filed
      Http.Response reused = sendHandoff(b.http(), handoff(handoffId, "430102199001010011"), Overlays.SECRET, now());
      assertThat(reused.status()).as(reused.body()).isEqualTo(422);
      assertThat(reused.errorCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

      // B's department takes it (the push made it DISPATCHED there), accepts and completes it with a certificate
      Await.until("B's item dispatched to its public-security", WAIT, () -> item(b.http(), caseB).getString("status").equals("DISPATCHED"));
      String itemB = item(b.http(), caseB).getString("itemId");
      report(b.http(), itemB, new JsonObject().put("status", "ACCEPTED").put("note", "已受理").put("eventId", "gd-1"));
      Await.until("ACCEPTED reported back to A", WAIT, () -> item(a.http(), caseA).getString("status").equals("ACCEPTED"));
      JsonObject certificate = new JsonObject().put("type", "resident-id-card").put("number", "440106202612070001").put("ecertRef", "EC-GD-0001");
      report(b.http(), itemB, new JsonObject().put("status", "COMPLETED").put("note", "已办结").put("eventId", "gd-2")
          .put("result", new JsonObject().put("certificates", new JsonArray().add(certificate))));

      JsonObject done = Await.value("A's case completed", WAIT, () -> {
        JsonObject c = a.http().get("/api/v1/cases/" + caseA, "dev-admin").json();
        return c.getString("status").equals("COMPLETED") ? c : null;
      });
      JsonObject doneItem = done.getJsonArray("items").getJsonObject(0);
      assertThat(doneItem.getString("status")).isEqualTo("COMPLETED");
      assertThat(doneItem.getJsonObject("result").getJsonArray("certificates").getJsonObject(0).getString("number")).isEqualTo("440106202612070001");
      assertThat(doneItem.getJsonObject("handledBy").getString("caseId")).isEqualTo(caseB);
      // every report delivered, none owed; A applied each once
      Await.until("B's outbox drained", WAIT, () -> count(pgB, "SELECT count(*) FROM federation_reports WHERE sent_at IS NULL") == 0);
      assertThat(count(pgB, "SELECT count(*) FROM federation_reports WHERE outcome = 'delivered'")).isEqualTo(2);
      assertThat(count(pgA, "SELECT count(*) FROM case_events WHERE case_id = '" + caseA + "' AND type = 'ItemStatusChanged' AND status = 'COMPLETED'"))
          .isEqualTo(1);
      // a stale report (the first one again, properly signed) changes nothing; a forged one is 401
      long first = count(pgB, "SELECT min(seq) FROM federation_reports");
      JsonObject stale = new JsonObject().put("handoffId", handoffId).put("seq", first).put("status", "ACCEPTED").put("note", "已受理");
      Http.Response old = sendStatus(a.http(), handoffId, stale, Overlays.SECRET);
      assertThat(old.status()).as(old.body()).isEqualTo(200);
      assertThat(old.json().getBoolean("applied")).isFalse();
      assertThat(item(a.http(), caseA).getString("status")).isEqualTo("COMPLETED");
      String forger = "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes, forged!".getBytes(StandardCharsets.UTF_8));
      Http.Response forged = sendStatus(a.http(), handoffId, stale.copy().put("seq", 999).put("status", "REJECTED"), forger);
      assertThat(forged.status()).isEqualTo(401);
      // properly signed, but under a webhook-id of another handoff's report: not replayable here
      Http.Response elsewhere = sendSigned(a.http(), handoffId, "status", "43-" + UUID.randomUUID() + ":999",
          stale.copy().put("seq", 999).put("status", "REJECTED"), Overlays.SECRET);
      assertThat(elsewhere.status()).isEqualTo(401);
      assertThat(item(a.http(), caseA).getString("status")).isEqualTo("COMPLETED");
    }
  }

  @Test
  void aSignedHandoffIsFiledOnceHoweverOftenAndConcurrentlyItComesAndForgeriesAre401() throws Exception {
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    try (FakeDepartment police = new FakeDepartment();
         TestNode b = platformB(portB, portA, police)) {
      String handoffId = "43-" + UUID.randomUUID();
      JsonObject body = handoff(handoffId, Submissions.idNumber());
      Http.Response first = sendHandoff(b.http(), body, Overlays.SECRET, now());
      assertThat(first.status()).as(first.body()).isEqualTo(201);
      String caseId = first.json().getString("caseId");
      Http.Response again = sendHandoff(b.http(), body, Overlays.SECRET, now());
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().getString("caseId")).isEqualTo(caseId);

      String concurrentId = "43-" + UUID.randomUUID();
      JsonObject concurrent = handoff(concurrentId, Submissions.idNumber());
      List<CompletableFuture<Http.Response>> copies = new ArrayList<>();
      for (int k = 0; k < 8; k++) copies.add(b.http().sendAsync(signed(b.http(), concurrent, Overlays.SECRET, now())));
      Set<String> cases = new HashSet<>();
      for (CompletableFuture<Http.Response> f : copies) {
        Http.Response r = f.get();
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        cases.add(r.json().getString("caseId"));
      }
      assertThat(cases).hasSize(1);
      assertThat(count(pgB, "SELECT count(*) FROM cases")).isEqualTo(2);
      assertThat(count(pgB, "SELECT count(*) FROM federation_handoffs_in")).isEqualTo(2);

      String other = "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes, forged!".getBytes(StandardCharsets.UTF_8));
      String fresh = "43-" + UUID.randomUUID();
      assertThat(sendHandoff(b.http(), handoff(fresh, Submissions.idNumber()), other, now()).status()).isEqualTo(401);
      assertThat(sendHandoff(b.http(), handoff(fresh, Submissions.idNumber()), Overlays.SECRET, now() - 3600).status()).isEqualTo(401);
      assertThat(sendHandoff(b.http(), handoff(fresh, Submissions.idNumber()).put("origin", "45"), Overlays.SECRET, now()).status()).isEqualTo(401);
      // a replay of an accepted handoff under a wrong signature
      assertThat(sendHandoff(b.http(), body, other, now()).status()).isEqualTo(401);
      // a body altered after signing
      long ts = now();
      HttpRequest tampered = signed(b.http(), handoff(fresh, Submissions.idNumber()), Overlays.SECRET, ts);
      String sig = tampered.headers().firstValue("webhook-signature").orElseThrow();
      Http.Response altered = b.http().send(b.http().request("/api/v1/federation/handoffs").header("Content-Type", "application/json")
          .header("webhook-id", fresh).header("webhook-timestamp", String.valueOf(ts)).header("webhook-signature", sig)
          .POST(HttpRequest.BodyPublishers.ofString(handoff(fresh, Submissions.idNumber()).put("region", "440104").encode())).build());
      assertThat(altered.status()).isEqualTo(401);
      // signed but invalid: 422 naming the field, nothing filed
      Http.Response invalid = sendHandoff(b.http(), handoff(fresh, Submissions.idNumber()).put("region", "430405"), Overlays.SECRET, now());
      assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
      assertThat(invalid.body()).contains("region");
      assertThat(count(pgB, "SELECT count(*) FROM cases")).isEqualTo(2);
      // a status report for a handoff B never made, unsigned: 401
      Http.Response status = b.http().send(b.http().request("/api/v1/federation/handoffs/" + fresh + "/status")
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"status\": \"ACCEPTED\", \"seq\": 1}")).build());
      assertThat(status.status()).isEqualTo(401);
    }
  }

  @Test
  void aStoppedPeerIsRetriedThenDeadLetteredThenReplayedAndFiledOnce() throws Exception {
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    try (TestNode a = platformA(portA, portB)) {
      JsonObject filed = fileOnA(a.http());
      String caseA = filed.getString("caseId");
      String itemA = filed.getJsonArray("items").getJsonObject(0).getString("itemId");
      Await.until("dead-lettered after 3 refused attempts", WAIT, () -> item(a.http(), caseA).getString("status").equals("DELIVERY_FAILED"));
      assertThat(count(pgA, "SELECT attempts FROM case_items WHERE item_id = '" + itemA + "'")).isEqualTo(3);
      assertThat(a.http().get("/api/v1/admin/dead-letters", "dev-admin").body()).contains(itemA);
      try (FakeDepartment police = new FakeDepartment(); TestNode b = platformB(portB, portA, police)) {
        Http.Response replay = a.http().send(a.http().request("/api/v1/admin/dead-letters/" + itemA + "/replay")
            .header("Authorization", "Bearer dev-admin").POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(replay.status() / 100).as(replay.body()).isEqualTo(2);
        JsonObject handed = Await.value("handed over after the replay", WAIT, () -> {
          JsonObject i = item(a.http(), caseA);
          return i.getJsonObject("handledBy") != null && i.getString("status").equals("DISPATCHED") ? i : null;
        });
        assertThat(count(pgB, "SELECT count(*) FROM cases")).isEqualTo(1);
        assertThat(count(pgB, "SELECT count(*) FROM federation_handoffs_in WHERE handoff_id = '43-" + itemA + "'")).isEqualTo(1);
        assertThat(handed.getJsonObject("handledBy").getString("caseId"))
            .isEqualTo(text(pgB, "SELECT case_id::text FROM cases"));
      }
    }
  }

  /**
   * A peer that does not answer holds only its own credits ({@code maxInFlight}); each open handoff is signed,
   * carries the handoff id as webhook-id and only the item's own data; a case of this province is never handed.
   */
  @Test
  void aHangingPeerGetsNoMoreThanItsInFlightLimitAndEachHandoffIsSigned() throws Exception {
    int portA = TestNode.freePort();
    try (FakeDepartment slow = new FakeDepartment()) {
      slow.answer(r -> FakeDepartment.HANG);
      String base = slow.url().replace("/inbox", "");
      String yaml = "federation:\n  self: \"43\"\n  peers:\n    \"44\": {endpoint: \"" + base + "\", secret: \"" + Overlays.SECRET
          + "\", maxInFlight: 2, timeoutMs: 30000, maxAttempts: 3}\n";
      try (TestNode a = TestNode.start(env(portA, yaml), pgA)) {
        List<String> handed = new ArrayList<>();
        for (int k = 0; k < 4; k++) handed.add(fileOnA(a.http()).getJsonArray("items").getJsonObject(0).getString("itemId"));
        JsonObject notice = a.http().get("/api/v1/things/" + THING).json();
        notice.put("form", a.http().get("/api/v1/things/" + THING + "/form?items=" + ITEM).json());
        JsonObject local = Submissions.fromNotice(notice, Submissions.idNumber(), List.of(ITEM)).put("items", new JsonArray().add(ITEM))
            .put("region", "430405");
        Http.Response filedHere = a.http().postCase("dev-portal", UUID.randomUUID().toString(), local.encode());
        assertThat(filedHere.status()).as(filedHere.body()).isEqualTo(201);
        Await.until("two handoffs open", WAIT, () -> slow.received().size() >= 2);
        Thread.sleep(1_500); // several claim ticks (pollMs 200): none may open a third
        assertThat(slow.received()).hasSize(2);
        for (FakeDepartment.Received r : slow.received()) {
          assertThat(r.signedWith(Overlays.SECRET)).isTrue();
          JsonObject h = r.json();
          assertThat(h.getString("handoffId")).isEqualTo(r.webhookId()).startsWith("43-");
          assertThat(handed).contains(h.getString("handoffId").substring(3));
          assertThat(h.getString("origin")).isEqualTo("43");
          assertThat(h.getString("region")).isEqualTo(REGION);
          assertThat(h.getJsonObject("item").getString("code")).isEqualTo(ITEM);
          assertThat(h.getJsonObject("form").fieldNames()).doesNotContain("householdAddress");
        }
        assertThat(count(pgA, "SELECT count(*) FROM case_items WHERE status = 'QUEUED' AND lease_until > now()")).isEqualTo(2);
        slow.release();
      }
    }
  }

  @Test
  void theTwoPlatformDemoIsConfiguredAsPeersAndAWrongSelfIsRefused() {
    var a = onego.server.config.ConfigLoader.load(Map.of("ONEGO_PROFILE", "dev", "ONEGO_CONFIG", "config/federation/hunan-43.yaml"));
    var b = onego.server.config.ConfigLoader.load(Map.of("ONEGO_PROFILE", "dev", "ONEGO_CONFIG", "config/federation/guangdong-44.yaml"));
    assertThat(a.catalog().regions().province()).isEqualTo("43");
    assertThat(b.catalog().regions().province()).isEqualTo("44");
    assertThat(a.federation().peers().keySet()).containsExactly("44");
    assertThat(b.federation().peers().keySet()).containsExactly("43");
    assertThat(a.federation().peers().get("44").secrets()).isEqualTo(b.federation().peers().get("43").secrets());
    String wrong = Overlays.env("federation:\n  self: \"44\"\n" + peer("45", 1).substring("federation:\n".length())).get("ONEGO_CONFIG");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> onego.server.config.ConfigLoader.load(Map.of("ONEGO_PROFILE", "dev", "ONEGO_CONFIG", wrong)))
        .isInstanceOf(onego.domain.ConfigException.class).hasMessageContaining("federation.self");
  }

  /**
   * 补正 across platforms and withdrawal: B's department returns the item with a missing list, A shows it, the
   * applicant supplements at A, the supplement reaches B's item once (a replay applies nothing) and B's department
   * gets it again; the statuses flow back; handledBy is on A's applicant list and hotline view; the withdrawal at A
   * withdraws B's case, whose department is told to cancel, once.
   */
  @Test
  void aReturnedItemIsSupplementedAtTheOriginAppliedOnceAtThePeerAndAWithdrawalReachesIt() throws Exception {
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    try (FakeDepartment police = new FakeDepartment();
         TestNode b = platformB(portB, portA, police);
         TestNode a = platformA(portA, portB)) {
      String idNumber = Submissions.idNumber();
      JsonObject filed = fileOnA(a.http(), idNumber);
      String caseA = filed.getString("caseId");
      String itemA = filed.getJsonArray("items").getJsonObject(0).getString("itemId");
      String handoffId = "43-" + itemA;
      String caseB = Await.value("the item handed to platform 44", WAIT, () -> {
        JsonObject i = item(a.http(), caseA);
        return i.getJsonObject("handledBy") != null && i.getString("status").equals("DISPATCHED") ? i.getJsonObject("handledBy").getString("caseId") : null;
      });
      Await.until("B's item dispatched to its public-security", WAIT, () -> item(b.http(), caseB).getString("status").equals("DISPATCHED"));
      String itemB = item(b.http(), caseB).getString("itemId");

      // handledBy on the applicant's case list and in the hotline's view (province code and peer case id: not PII)
      JsonObject listed = a.http().get("/api/v1/applicants/" + idNumber + "/cases", "dev-portal").json().getJsonArray("cases").getJsonObject(0);
      assertThat(listed.getJsonArray("items").getJsonObject(0).getJsonObject("handledBy"))
          .isEqualTo(new JsonObject().put("platform", "44").put("caseId", caseB));
      Http.Response hotline = a.http().get("/api/v1/hotline/cases/" + caseA, "dev-hotline");
      assertThat(hotline.status()).as(hotline.body()).isEqualTo(200);
      assertThat(hotline.json().getJsonArray("items").getJsonObject(0).getJsonObject("handledBy"))
          .isEqualTo(new JsonObject().put("platform", "44").put("caseId", caseB));

      // B returns it for 补正; A shows the RETURNED item with B's missing list
      JsonArray missing = new JsonArray().add(new JsonObject().put("material", "id-photo-receipt").put("reason", "照片回执不清晰"));
      report(b.http(), itemB, new JsonObject().put("status", "RETURNED").put("note", "请补正").put("eventId", "gd-r1").put("missing", missing));
      JsonObject returned = Await.value("RETURNED reported back to A", WAIT, () -> {
        JsonObject i = item(a.http(), caseA);
        return i.getString("status").equals("RETURNED") ? i : null;
      });
      assertThat(returned.getJsonArray("missing").getJsonObject(0).getString("material")).isEqualTo("id-photo-receipt");

      // the applicant supplements at A: the supplement goes to B's item (round 1), which is queued and pushed to its department again
      JsonObject supplement = new JsonObject().put("materials",
          new JsonArray().add(new JsonObject().put("code", "id-photo-receipt").put("fileRef", "file-photo-2")));
      Http.Response supplied = post(a.http(), "/api/v1/cases/" + caseA + "/items/" + itemA + "/supplement", "dev-portal", supplement);
      assertThat(supplied.status()).as(supplied.body()).isEqualTo(200);
      Await.until("A's item handed over again", WAIT, () -> item(a.http(), caseA).getString("status").equals("DISPATCHED"));
      Await.until("B's department got the item again", WAIT, () -> police.received().stream()
          .filter(r -> r.json().getString("type").equals("work") && itemB.equals(r.json().getString("itemId"))).count() >= 2);
      assertThat(count(pgB, "SELECT count(*) FROM case_events WHERE case_id = '" + caseB + "' AND type = 'SupplementSubmitted'")).isEqualTo(1);
      assertThat(count(pgB, "SELECT count(*) FROM cases WHERE case_id = '" + caseB + "' AND materials::text LIKE '%file-photo-2%'")).isEqualTo(1);
      // a replay of round 1 (properly signed) answers 200 and applies nothing; unsigned is 401
      JsonObject round1 = new JsonObject().put("handoffId", handoffId).put("origin", "43").put("round", 1)
          .put("form", new JsonObject()).put("materials", supplement.getJsonArray("materials"));
      Http.Response replay = sendSigned(b.http(), handoffId, "supplement", handoffId + ":supplement:1", round1, Overlays.SECRET);
      assertThat(replay.status()).as(replay.body()).isEqualTo(200);
      assertThat(count(pgB, "SELECT count(*) FROM case_events WHERE case_id = '" + caseB + "' AND type = 'SupplementSubmitted'")).isEqualTo(1);
      String forger = "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes, forged!".getBytes(StandardCharsets.UTF_8));
      assertThat(sendSigned(b.http(), handoffId, "supplement", handoffId + ":supplement:2", round1.copy().put("round", 2), forger).status())
          .isEqualTo(401);

      // the statuses flow back as before
      report(b.http(), itemB, new JsonObject().put("status", "ACCEPTED").put("note", "已受理").put("eventId", "gd-a1"));
      Await.until("ACCEPTED reported back to A", WAIT, () -> item(a.http(), caseA).getString("status").equals("ACCEPTED"));
      assertThat(count(pgB, "SELECT count(*) FROM cases")).isEqualTo(1);
      assertThat(count(pgA, "SELECT count(*) FROM case_events WHERE type = 'ItemDeliveryFailed'")).isZero();
      assertThat(count(pgB, "SELECT count(*) FROM federation_reports WHERE outcome = 'refused'")).isZero();

      // a second case, returned by B, supplemented at A and withdrawn at once (the round most likely not yet sent):
      // B is told all the same and withdraws its case
      JsonObject second = fileOnA(a.http());
      String caseA2 = second.getString("caseId");
      String itemA2 = second.getJsonArray("items").getJsonObject(0).getString("itemId");
      String caseB2 = Await.value("the second item handed over", WAIT, () -> {
        JsonObject i = item(a.http(), caseA2);
        return i.getJsonObject("handledBy") != null && i.getString("status").equals("DISPATCHED") ? i.getJsonObject("handledBy").getString("caseId") : null;
      });
      Await.until("B's second item dispatched", WAIT, () -> item(b.http(), caseB2).getString("status").equals("DISPATCHED"));
      report(b.http(), item(b.http(), caseB2).getString("itemId"),
          new JsonObject().put("status", "RETURNED").put("note", "请补正").put("eventId", "gd-r2").put("missing", missing));
      Await.until("the second item RETURNED at A", WAIT, () -> item(a.http(), caseA2).getString("status").equals("RETURNED"));
      assertThat(post(a.http(), "/api/v1/cases/" + caseA2 + "/items/" + itemA2 + "/supplement", "dev-portal", supplement).status()).isEqualTo(200);
      assertThat(post(a.http(), "/api/v1/cases/" + caseA2 + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);
      Await.until("B's second case withdrawn", WAIT,
          () -> b.http().get("/api/v1/cases/" + caseB2, "dev-admin").json().getString("status").equals("WITHDRAWN"));
      Await.until("A's second withdrawal notice delivered", WAIT,
          () -> count(pgA, "SELECT count(*) FROM case_items WHERE item_id = '" + itemA2 + "' AND NOT cancel_pending AND last_error IS NULL") == 1);

      // withdrawn at A: B withdraws its case and tells its department to cancel; A's notice is done
      Http.Response withdrawn = post(a.http(), "/api/v1/cases/" + caseA + "/withdraw", "dev-portal", new JsonObject());
      assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
      Await.until("B's case withdrawn", WAIT,
          () -> b.http().get("/api/v1/cases/" + caseB, "dev-admin").json().getString("status").equals("WITHDRAWN"));
      Await.until("B's department told to cancel", WAIT, () -> police.received().stream()
          .anyMatch(r -> r.json().getString("type").equals("cancel") && itemB.equals(r.json().getString("itemId"))));
      Await.until("A's withdrawal notice delivered", WAIT,
          () -> count(pgA, "SELECT count(*) FROM case_items WHERE item_id = '" + itemA + "' AND NOT cancel_pending AND last_error IS NULL") == 1);
      Http.Response again = sendSigned(b.http(), handoffId, "withdraw", handoffId + ":withdraw",
          new JsonObject().put("handoffId", handoffId).put("origin", "43"), Overlays.SECRET);
      assertThat(again.status()).as(again.body()).isEqualTo(200);
      assertThat(again.json().getBoolean("applied")).isFalse();
      assertThat(count(pgB, "SELECT count(*) FROM case_events WHERE case_id = '" + caseB + "' AND status = 'CANCELLED'")).isEqualTo(1);
    }
  }

  private static Http.Response post(Http node, String path, String token, JsonObject body) {
    return node.send(node.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  /** A signed federation message {@code POST /federation/handoffs/{handoffId}/{action}} with {@code webhookId}. */
  private static Http.Response sendSigned(Http node, String handoffId, String action, String webhookId, JsonObject body, String secret) {
    String text = body.encode();
    long ts = now();
    return node.send(node.request("/api/v1/federation/handoffs/" + handoffId + "/" + action).header("Content-Type", "application/json")
        .header("webhook-id", webhookId).header("webhook-timestamp", String.valueOf(ts))
        .header("webhook-signature", sign(secret, webhookId, ts, text)).POST(HttpRequest.BodyPublishers.ofString(text)).build());
  }

  private static void report(Http b, String itemId, JsonObject body) {
    Http.Response r = b.send(b.request("/api/v1/departments/public-security/items/" + itemId + "/status")
        .header("Authorization", "Bearer dev-dept-public-security").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static Http.Response sendStatus(Http node, String handoffId, JsonObject body, String secret) {
    String text = body.encode();
    String id = handoffId + ":" + body.getValue("seq");
    long ts = now();
    return node.send(node.request("/api/v1/federation/handoffs/" + handoffId + "/status").header("Content-Type", "application/json")
        .header("webhook-id", id).header("webhook-timestamp", String.valueOf(ts))
        .header("webhook-signature", sign(secret, id, ts, text)).POST(HttpRequest.BodyPublishers.ofString(text)).build());
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A handoff from 43 of a lost ID card to be handled in 天河区, for {@code idNumber}. */
  private static JsonObject handoff(String handoffId, String idNumber) {
    return new JsonObject().put("handoffId", handoffId).put("origin", "43").put("thing", THING)
        .put("item", new JsonObject().put("code", ITEM).put("name", "居民身份证遗失补领"))
        .put("applicant", Submissions.person(idNumber))
        .put("form", new JsonObject().put("applicantName", "张三").put("applicantIdNumber", idNumber).put("applicantPhone", "13800138000")
            .put("idCardReason", "lost").put("pickupMethod", "窗口领取"))
        .put("materials", new JsonArray().add(new JsonObject().put("code", "household-register").put("fileRef", "file-hr"))
            .add(new JsonObject().put("code", "id-photo-receipt").put("fileRef", "file-photo")))
        .put("delivery", new JsonObject().put("method", "window"))
        .put("region", REGION);
  }

  private static Http.Response sendHandoff(Http node, JsonObject body, String secret, long timestamp) {
    return node.send(signed(node, body, secret, timestamp));
  }

  private static HttpRequest signed(Http node, JsonObject body, String secret, long timestamp) {
    String text = body.encode();
    String id = body.getString("handoffId");
    return node.request("/api/v1/federation/handoffs").header("Content-Type", "application/json")
        .header("webhook-id", id).header("webhook-timestamp", String.valueOf(timestamp))
        .header("webhook-signature", sign(secret, id, timestamp, text))
        .POST(HttpRequest.BodyPublishers.ofString(text)).build();
  }

  /** Standard Webhooks, computed here from the spec. */
  private static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

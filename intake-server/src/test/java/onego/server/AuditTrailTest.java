package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail written by the real flows (submit, dispatch, department status, withdraw,
 * rate, dead-letter replay, staff and channel reads), its atomicity with the change, and the
 * verifier finding an updated or deleted row.
 */
class AuditTrailTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> DEPARTMENTS = List.of("health", "public-security", "medical-insurance", "human-resources");
  private static FakeDepartment departments;
  private static TestNode node;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    departments = new FakeDepartment();
    node = TestNode.start(Overlays.env(Overlays.pushAll(DEPARTMENTS, departments.url(), 8, 5000, 2)));
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
    departments.close();
  }

  @BeforeEach
  void reset() {
    departments.answer(r -> 200);
    TestServices.resetTables();
    AuditTables.reset();
  }

  private static JsonObject submit(String id) {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    Http.Response r = http.postCase("dev-portal", "audit-" + System.nanoTime(), Submissions.fromNotice(notice, id).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static String itemId(JsonObject c, String code) {
    return c.getJsonArray("items").stream().map(o -> (JsonObject) o).filter(i -> i.getString("code").equals(code)).findFirst()
        .orElseThrow().getString("itemId");
  }

  private static String itemStatus(String itemId) {
    return TestServices.column("SELECT status FROM case_items WHERE item_id = '" + itemId + "'").get(0);
  }

  private static Http.Response post(String path, String token, JsonObject body) {
    return http.send(http.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
  }

  /** The verification once every row committed so far is sealed. */
  private static JsonObject verify(String query) {
    AuditTables.awaitSealed();
    Http.Response r = http.get("/api/v1/admin/audit/verify" + query, "dev-admin");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void everyChangeOfACaseIsOnRecordWithWhoMadeIt() {
    String id = Submissions.idNumber();
    JsonObject c = submit(id);
    String caseId = c.getString("caseId");
    String birth = itemId(c, "birth-medical-certificate");
    Await.until("dispatched", WAIT, () -> itemStatus(birth).equals("DISPATCHED"));
    Http.Response accepted = post("/api/v1/departments/health/items/" + birth + "/status", "dev-dept-health",
        new JsonObject().put("status", "ACCEPTED").put("eventId", "acc-" + birth));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    // the same eventId again changes nothing, so it records nothing
    post("/api/v1/departments/health/items/" + birth + "/status", "dev-dept-health",
        new JsonObject().put("status", "ACCEPTED").put("eventId", "acc-" + birth));
    assertThat(post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject()).status()).isEqualTo(200);

    List<String> rows = AuditTables.actors(caseId);
    assertThat(rows.get(0)).isEqualTo("CASE_SUBMITTED|key:dev-portal|channel|pc");
    assertThat(rows).contains("ITEM_DISPATCHED|system:dispatch|system|dispatch", "ITEM_STATUS|key:dev-dept-health|department|health");
    assertThat(rows.stream().filter(r -> r.startsWith("ITEM_STATUS"))).hasSize(1);
    assertThat(rows.get(rows.size() - 1)).isEqualTo("CASE_WITHDRAWN|key:dev-portal|channel|pc");
    // the subject is a keyed hash: the same for every row of the case, never the number
    assertThat(TestServices.column("SELECT DISTINCT subject FROM audit_log WHERE case_id = '" + caseId + "'"))
        .hasSize(1).allMatch(s -> s.matches("[0-9a-f]{64}"));
    assertThat(AuditTables.rowsHolding(id)).isZero();
    // an event's seqs are named by the row that made them
    assertThat(TestServices.column("SELECT detail ->> 'seqs' FROM audit_log WHERE case_id = '" + caseId + "' AND action = 'CASE_SUBMITTED'"))
        .singleElement().asString().startsWith("[1, ");
    assertThat(verify("?day=" + AuditTables.today()).getBoolean("ok")).isTrue();
  }

  @Test
  void aRatingAndADeadLetterReplayAreOnRecord() {
    departments.answer(r -> 500);
    JsonObject c = submit(Submissions.idNumber());
    String caseId = c.getString("caseId");
    String birth = itemId(c, "birth-medical-certificate");
    Await.until("dead-lettered", WAIT, () -> itemStatus(birth).equals("DELIVERY_FAILED"));
    departments.answer(r -> 200);
    Http.Response replay = post("/api/v1/admin/dead-letters/" + birth + "/replay", "dev-admin", new JsonObject());
    assertThat(replay.status()).as(replay.body()).isEqualTo(202);
    TestServices.setCaseState(java.util.UUID.fromString(caseId), "COMPLETED", "COMPLETED");
    assertThat(post("/api/v1/cases/" + caseId + "/rating", "dev-portal", new JsonObject().put("score", 5)).status()).isEqualTo(201);

    assertThat(AuditTables.actors(caseId)).contains(
        "ITEM_DELIVERY_FAILED|system:dispatch|system|dispatch",
        "DEAD_LETTER_REPLAY|key:dev-admin|admin|-",
        "CASE_RATED|key:dev-portal|channel|pc");
  }

  @Test
  void staffAndChannelReadsOfPersonalDataAreOnRecordAndFoundBySubject() {
    String id = Submissions.idNumber();
    String caseId = submit(id).getString("caseId");
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-portal").status()).isEqualTo(200);          // its own submission: no row
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-admin").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/cases/" + caseId, "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/hotline/cases/" + caseId, "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/hotline/cases?idNumber=" + id, "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/hotline/cases?phone=13800138000", "dev-hotline").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-admin").status()).isEqualTo(200);
    assertThat(http.get("/api/v1/applicants/" + id + "/cases", "dev-mobile").status()).isEqualTo(200);

    assertThat(AuditTables.actors(caseId)).contains("CASE_READ|key:dev-admin|admin|-", "CASE_READ|key:dev-hotline|hotline|-",
        "HOTLINE_CASE_READ|key:dev-hotline|hotline|-");
    assertThat(AuditTables.actions(caseId).stream().filter(a -> a.equals("CASE_READ"))).hasSize(2);
    assertThat(TestServices.column("SELECT actor_id || '|' || purpose FROM audit_log WHERE action = 'APPLICANT_CASES_READ' ORDER BY day_seq"))
        .containsExactly("key:dev-admin|applicant:cases", "key:dev-mobile|applicant:cases");
    assertThat(TestServices.column("SELECT detail ->> 'by' FROM audit_log WHERE action = 'HOTLINE_SEARCH' ORDER BY day_seq"))
        .containsExactly("idNumber", "phone");
    assertThat(AuditTables.rowsHolding(id)).isZero();
    assertThat(AuditTables.rowsHolding("13800138000")).isZero();

    // by subject: every row about this person, the hotline case read (no subject on it) through the case
    JsonObject page = http.get("/api/v1/admin/audit?subject=" + id + "&limit=1000", "dev-admin").json();
    List<String> actions = page.getJsonArray("entries").stream().map(o -> ((JsonObject) o).getString("action")).toList();
    assertThat(actions).contains("CASE_SUBMITTED", "CASE_READ", "HOTLINE_CASE_READ", "HOTLINE_SEARCH", "APPLICANT_CASES_READ");
    // a search by case finds the searches that returned it; the look-ups themselves are on record
    JsonObject byCase = http.get("/api/v1/admin/audit?case=" + caseId + "&action=HOTLINE_SEARCH", "dev-admin").json();
    assertThat(byCase.getJsonArray("entries")).hasSize(2);
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'AUDIT_SEARCH' AND actor_id = 'key:dev-admin'")).isEqualTo(2);
  }

  @Test
  void theAuditApiFiltersPagesAndRefusesBadParameters() {
    String caseId = submit(Submissions.idNumber()).getString("caseId");
    for (int i = 0; i < 3; i++) http.get("/api/v1/cases/" + caseId, "dev-admin");
    // the API shows rows once sealed (within the merge delay)
    AuditTables.awaitSealed();
    JsonObject first = http.get("/api/v1/admin/audit?actor=key:dev-admin&action=CASE_READ&limit=2", "dev-admin").json();
    assertThat(first.getJsonArray("entries")).hasSize(2);
    JsonObject entry = first.getJsonArray("entries").getJsonObject(0);
    assertThat(entry.getJsonObject("actor").getString("role")).isEqualTo("admin");
    assertThat(entry.getString("hash")).matches("[0-9a-f]{64}");
    JsonObject second = http.get("/api/v1/admin/audit?actor=key:dev-admin&action=CASE_READ&limit=2&before=" + first.getString("next"), "dev-admin").json();
    assertThat(second.getJsonArray("entries")).hasSize(1);
    assertThat(second.getString("next")).isNull();
    String today = AuditTables.today();
    assertThat(http.get("/api/v1/admin/audit?from=" + today + "&to=" + today + "&action=CASE_READ", "dev-admin").json()
        .getJsonArray("entries")).hasSize(3);
    assertThat(http.get("/api/v1/admin/audit?to=2020-01-01&action=CASE_READ", "dev-admin").json().getJsonArray("entries")).isEmpty();

    for (String bad : List.of("case=nope", "from=yesterday", "to=2026-13-01", "action=BOGUS", "limit=0", "before=2026-01-01", "day=x")) {
      String path = bad.startsWith("day=") ? "/api/v1/admin/audit/verify?" + bad : "/api/v1/admin/audit?" + bad;
      Http.Response r = http.get(path, "dev-admin");
      assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
    }
    assertThat(http.get("/api/v1/admin/audit", "dev-hotline").status()).isEqualTo(403);
    assertThat(http.get("/api/v1/admin/audit/verify", "dev-portal").status()).isEqualTo(403);
    assertThat(http.get("/api/v1/admin/audit").status()).isEqualTo(401);
  }

  @Test
  void aChangeThatRollsBackLeavesNoRecord() {
    String caseId = submit(Submissions.idNumber()).getString("caseId");
    // fails at COMMIT, after the audit row was appended in the same transaction
    TestServices.sql("CREATE OR REPLACE FUNCTION test_refuse_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        + "IF NEW.case_id = '" + caseId + "' AND NEW.type = 'CaseWithdrawn' THEN RAISE EXCEPTION 'refused at commit'; END IF; "
        + "RETURN NEW; END $$");
    TestServices.sql("CREATE CONSTRAINT TRIGGER test_refuse_withdrawal AFTER INSERT ON case_events DEFERRABLE INITIALLY DEFERRED "
        + "FOR EACH ROW EXECUTE FUNCTION test_refuse_withdrawal()");
    try {
      Http.Response r = post("/api/v1/cases/" + caseId + "/withdraw", "dev-portal", new JsonObject());
      assertThat(r.status()).as(r.body()).isGreaterThanOrEqualTo(500);
    } finally {
      TestServices.sql("DROP TRIGGER test_refuse_withdrawal ON case_events");
      TestServices.sql("DROP FUNCTION test_refuse_withdrawal()");
    }
    assertThat(AuditTables.actions(caseId)).doesNotContain("CASE_WITHDRAWN");
    assertThat(TestServices.count("SELECT count(*) FROM audit_pending WHERE case_id = '" + caseId + "' AND action = 'CASE_WITHDRAWN'"))
        .as("no pending row either").isZero();
    assertThat(TestServices.column("SELECT status FROM cases WHERE case_id = '" + caseId + "'")).doesNotContain("WITHDRAWN");
    assertThat(verify("?day=" + AuditTables.today()).getBoolean("ok")).isTrue();
    String day = AuditTables.today();
    assertThat(TestServices.count("SELECT (SELECT last_seq FROM audit_days WHERE day = '" + day + "') - (SELECT count(*) FROM audit_log WHERE day = '" + day + "')"))
        .as("the head did not move for the rolled-back row").isZero();
  }

  @Test
  void theVerifierFindsAnUpdatedRow() {
    String caseId = submit(Submissions.idNumber()).getString("caseId");
    for (int i = 0; i < 4; i++) http.get("/api/v1/cases/" + caseId, "dev-admin");
    assertThat(verify("").getBoolean("ok")).isTrue();
    String seq = TestServices.column("SELECT day_seq FROM audit_log WHERE case_id = '" + caseId + "' AND action = 'CASE_READ' ORDER BY day_seq").get(1);
    AuditTables.asSuperuser("UPDATE audit_log SET actor_id = 'key:someone-else' WHERE day = '" + AuditTables.today() + "' AND day_seq = " + seq);
    JsonObject result = verify("?day=" + AuditTables.today());
    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getJsonObject("broken").getInteger("seq")).isEqualTo(Integer.parseInt(seq));
    assertThat(result.getJsonObject("broken").getString("reason")).contains("content");
    assertThat(verify("").getBoolean("ok")).as("all days").isFalse();
  }

  @Test
  void theVerifierFindsADeletedMiddleRowAndARemovedTail() {
    String caseId = submit(Submissions.idNumber()).getString("caseId");
    for (int i = 0; i < 4; i++) http.get("/api/v1/cases/" + caseId, "dev-admin");
    String day = AuditTables.today();
    AuditTables.awaitSealed();
    List<String> seqs = TestServices.column("SELECT day_seq FROM audit_log WHERE case_id = '" + caseId + "' AND action = 'CASE_READ' ORDER BY day_seq");
    AuditTables.asSuperuser("DELETE FROM audit_log WHERE day = '" + day + "' AND day_seq = " + seqs.get(1));
    JsonObject result = verify("?day=" + day);
    assertThat(result.getBoolean("ok")).isFalse();
    assertThat(result.getJsonObject("broken").getInteger("seq")).isEqualTo(Integer.parseInt(seqs.get(1)));
    assertThat(result.getJsonObject("broken").getString("reason")).contains("missing");

    AuditTables.reset();
    for (int i = 0; i < 3; i++) http.get("/api/v1/cases/" + caseId, "dev-admin");
    assertThat(verify("?day=" + day).getBoolean("ok")).isTrue();
    AuditTables.asSuperuser("DELETE FROM audit_log WHERE day = '" + day + "' AND day_seq = (SELECT max(day_seq) FROM audit_log WHERE day = '" + day + "')");
    JsonObject tail = verify("?day=" + day);
    assertThat(tail.getBoolean("ok")).isFalse();
    assertThat(tail.getJsonObject("broken").getString("reason")).contains("head");
  }

  @Test
  void concurrentSubmissionsChainWithoutAFork() {
    JsonObject notice = http.get("/api/v1/things/newborn").json();
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(http.postCaseAsync("dev-portal", "fork-" + i + "-" + System.nanoTime(), Submissions.fromNotice(notice, Submissions.idNumber()).encode()));
    }
    for (CompletableFuture<Http.Response> call : calls) assertThat(call.join().status()).isEqualTo(201);
    String day = AuditTables.today();
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE day = '" + day + "' AND action = 'CASE_SUBMITTED'")).isEqualTo(50);
    assertThat(TestServices.count("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_log WHERE day = '" + day + "'"))
        .as("no two rows chain from the same row").isZero();
    JsonObject result = verify("?day=" + day);
    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
    assertThat(result.getJsonArray("days").getJsonObject(0).getInteger("rows")).isGreaterThanOrEqualTo(50);
  }

  @Test
  void concurrentHotlineLookUpsAreEachOnRecordOnceInOneChain() {
    String caseId = submit(Submissions.idNumber()).getString("caseId");
    int reads = 120;
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < reads; i++) {
      calls.add(http.sendAsync(http.request("/api/v1/hotline/cases/" + caseId).header("Authorization", "Bearer dev-hotline").GET().build()));
    }
    for (CompletableFuture<Http.Response> call : calls) assertThat(call.join().status()).isEqualTo(200);
    // group-committed (several rows per insert under load), yet one row per look-up, chained without a fork
    AuditTables.awaitSealed();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE action = 'HOTLINE_CASE_READ' AND case_id = '" + caseId + "'"))
        .isEqualTo(reads);
    String day = AuditTables.today();
    assertThat(TestServices.count("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_log WHERE day = '" + day + "'")).isZero();
    JsonObject result = verify("?day=" + day);
    assertThat(result.getBoolean("ok")).as(result.encode()).isTrue();
  }

  @Test
  void theDatabaseRefusesToChangeOrDeleteAuditRows() {
    http.get("/api/v1/cases/" + submit(Submissions.idNumber()).getString("caseId"), "dev-admin");
    AuditTables.awaitSealed();
    assertThatThrownBy(() -> TestServices.sql("UPDATE audit_log SET actor_id = 'x'")).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> TestServices.sql("DELETE FROM audit_log")).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> TestServices.sql("TRUNCATE audit_log")).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> TestServices.sql("UPDATE audit_days SET last_seq = 0")).hasStackTraceContaining("append-only");
    assertThatThrownBy(() -> TestServices.sql("SELECT audit_purge(current_date)")).hasStackTraceContaining("kept at least");
    assertThat(verify("").getBoolean("ok")).isTrue();
  }

  /** A metric's value in this node's scrape; -1 when absent. */
  private static double metric(String name) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return -1;
  }

  /** The sealer stalled (the test holds its advisory lock), a committed row an hour old waits: overdue. */
  @Test
  void anOverdueUnsealedRowFailsVerificationAndShowsInTheMetrics() throws Exception {
    try (java.sql.Connection lock = TestServices.connection(); java.sql.Statement st = lock.createStatement()) {
      lock.setAutoCommit(false);
      st.execute("SELECT pg_advisory_xact_lock(" + 0x6F6E65676F617564L + ")");
      TestServices.sql("INSERT INTO audit_pending (day, at, actor_id, actor_role, action, purpose, detail) "
          + "VALUES (((now() - interval '1 hour') AT TIME ZONE 'Asia/Shanghai')::date, now() - interval '1 hour', "
          + "'system:test', 'system', 'CASE_READ', 'test:overdue', '{}')");
      Http.Response r = http.get("/api/v1/admin/audit/verify", "dev-admin");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonObject result = r.json();
      assertThat(result.getBoolean("ok")).as(result.encode()).isFalse();
      assertThat(result.containsKey("broken")).as("every sealed chain holds").isFalse();
      JsonObject unsealed = result.getJsonObject("unsealed");
      assertThat(unsealed.getLong("rows")).isEqualTo(1);
      assertThat(unsealed.getLong("overdue")).isEqualTo(1);
      assertThat(unsealed.getString("oldestAt")).isNotNull();
      assertThat(unsealed.getLong("mergeDelayMs")).isEqualTo(1000);
      Await.until("the unsealed gauges sampled", WAIT,
          () -> metric("onego_audit_unsealed_rows") >= 1 && metric("onego_audit_unsealed_oldest_seconds") > 3000);
      assertThat(metric("onego_audit_merge_delay_promise_seconds")).isEqualTo(1.0);
      lock.rollback();
    }
    JsonObject after = verify("");
    assertThat(after.getBoolean("ok")).as(after.encode()).isTrue();
    assertThat(after.getJsonObject("unsealed").getLong("rows")).isZero();
    assertThat(after.getJsonObject("unsealed").getValue("oldestAt")).isNull();
    assertThat(TestServices.count("SELECT count(*) FROM audit_log WHERE purpose = 'test:overdue'")).isEqualTo(1);
    assertThat(metric("onego_audit_merge_delay_seconds_count")).isPositive();
  }
}

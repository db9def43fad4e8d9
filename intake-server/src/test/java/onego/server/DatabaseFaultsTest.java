package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.LogCapture;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL failing under a running node, for real (issue 18, item 1): read-only as a standby is
 * during a failover, connections terminated with requests in flight, a column's type changed by a
 * migration under cached statements. No answer is ever a 500: a dependency down is 503 with
 * {@code Retry-After} ({@code openapi.yaml}, its error responses), and the node recovers by itself. Each test puts the
 * database back (writable, the column's type) in a finally block: other tests share it.
 */
class DatabaseFaultsTest {
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final String PULL = "disabled-persons-federation";

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  /** Ends every other session of this database (the node's pool connections); the pool opens new ones. */
  private static int terminateOtherSessions(Connection admin) throws SQLException {
    try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
        + " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** New sessions of this database start read-only (or not), as on a standby; the sessions open now are ended. */
  private static void readOnly(Connection admin, boolean on) throws SQLException {
    try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
      rs.next();
      String db = rs.getString(1);
      st.execute(on ? "ALTER DATABASE \"" + db + "\" SET default_transaction_read_only = on"
          : "ALTER DATABASE \"" + db + "\" RESET default_transaction_read_only");
    }
    terminateOtherSessions(admin);
  }

  private static void assertRetryLaterOrCreated(List<Http.Response> answers) {
    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isIn(201, 503);
      if (r.status() == 503) {
        assertThat(r.errorCode()).isEqualTo("OVERLOADED");
        assertThat(r.header("Retry-After")).isNotNull();
      }
    });
  }

  private static List<Http.Response> join(List<CompletableFuture<Http.Response>> calls) {
    return calls.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void aReadOnlyDatabaseAnswers503AndSubmissionsCommitAgainOnceItIsWritable() throws Exception {
    try (TestNode node = TestNode.start(); Connection admin = TestServices.connection()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 80; i++) bodies.add(Submissions.fromNotice(notice, Submissions.idNumber()).encode());
      try {
        List<CompletableFuture<Http.Response>> during = new ArrayList<>();
        for (int i = 0; i < 40; i++) during.add(http.postCaseAsync("dev-portal", "ro-" + i, bodies.get(i)));
        readOnly(admin, true);   // mid-burst: the node's connections end; the new ones are read-only
        List<CompletableFuture<Http.Response>> after = new ArrayList<>();
        for (int i = 40; i < 80; i++) after.add(http.postCaseAsync("dev-portal", "ro-" + i, bodies.get(i)));
        List<Http.Response> first = join(during);
        List<Http.Response> second = join(after);
        assertRetryLaterOrCreated(first);
        assertRetryLaterOrCreated(second);
        assertThat(second).as("every submission on a read-only database").allSatisfy(r -> assertThat(r.status()).isEqualTo(503));

        Http.Response poll = http.get("/api/v1/departments/" + PULL + "/items?limit=5&waitSeconds=20", "dev-dept-" + PULL);
        assertThat(poll.status()).as("a department long poll: %s", poll.body()).isEqualTo(503);
        assertThat(poll.header("Retry-After")).isNotNull();

        readOnly(admin, false);   // promoted: writable again, and the node's connections come back to it
        List<Http.Response> answers = new ArrayList<>(first);
        answers.addAll(second);
        Await.until("a refused submission commits again", RECOVERY,
            () -> http.postCase("dev-portal", "ro-79", bodies.get(79)).status() == 201);
        for (int i = 0; i < 80; i++) {
          Http.Response retry = http.postCase("dev-portal", "ro-" + i, bodies.get(i));
          assertThat(retry.status()).as("ro-%d again with its key: %s", i, retry.body()).isEqualTo(201);
          if (answers.get(i).status() == 201) {
            assertThat(retry.json().getString("caseId")).as("a replay").isEqualTo(answers.get(i).json().getString("caseId"));
          }
        }
        assertThat(TestServices.count("SELECT count(*) FROM cases")).as("one case per key").isEqualTo(80);
      } finally {
        readOnly(admin, false);
      }
    }
  }

  @Test
  void connectionsTerminatedWithSubmissionsInFlightAnswer503NeverA500() throws Exception {
    try (TestNode node = TestNode.start(); Connection admin = TestServices.connection()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      List<String> bodies = new ArrayList<>();
      List<Http.Response> answers = new ArrayList<>();
      int terminatedInFlight = 0;
      for (int round = 0; round < 3; round++) {
        List<CompletableFuture<Http.Response>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          bodies.add(Submissions.fromNotice(notice, Submissions.idNumber()).encode());
          burst.add(http.postCaseAsync("dev-portal", "reset-" + (round * 50 + i), bodies.get(round * 50 + i)));
        }
        while (!burst.stream().allMatch(CompletableFuture::isDone)) {
          terminatedInFlight += terminateOtherSessions(admin);
          Thread.sleep(20);
        }
        answers.addAll(join(burst));
      }
      assertThat(terminatedInFlight).as("sessions ended while submissions were in flight").isPositive();
      assertRetryLaterOrCreated(answers);

      for (int i = 0; i < answers.size(); i++) {
        int k = i;
        Http.Response retry = Await.value("reset-" + k + " again with its key", RECOVERY, () -> {
          Http.Response r = http.postCase("dev-portal", "reset-" + k, bodies.get(k));
          assertThat(r.status()).as(r.body()).isIn(201, 503);
          return r.status() == 201 ? r : null;
        });
        if (answers.get(i).status() == 201) {
          assertThat(retry.json().getString("caseId")).as("a replay").isEqualTo(answers.get(i).json().getString("caseId"));
        }
      }
      assertThat(TestServices.count("SELECT count(*) FROM cases")).as("one case per key").isEqualTo(150);
    }
  }

  @Test
  void aColumnTypeChangedUnderStatusReportsIsPreparedAgainNotA500() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env(Overlays.pushAll(List.of("health"), health.url(), 8, 5000, 3)));
         Connection admin = TestServices.connection();
         LogCapture logs = LogCapture.start()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      List<String> births = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Http.Response r = http.postCase("dev-portal", "plan-" + i, Submissions.fromNotice(notice, Submissions.idNumber()).encode());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        births.add(r.json().getJsonArray("items").stream().map(o -> (JsonObject) o)
            .filter(it -> it.getString("code").equals("birth-medical-certificate")).findFirst().orElseThrow().getString("itemId"));
      }
      String ids = births.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
      Await.until("every birth item dispatched", RECOVERY, () -> TestServices.count(
          "SELECT count(*) FROM case_items WHERE item_id IN (" + ids + ") AND status = 'DISPATCHED'") == births.size());
      try {
        List<Http.Response> answers = new ArrayList<>(join(report(http, births, "ACCEPTED")));   // the pool's connections cache the statements
        List<CompletableFuture<Http.Response>> underLoad = report(http, births, "IN_PROGRESS");
        try (Statement st = admin.createStatement()) {
          st.execute("ALTER TABLE case_items ALTER COLUMN note TYPE varchar(4000)");   // what a migration does to running nodes
        }
        answers.addAll(join(underLoad));
        answers.addAll(join(report(http, births, "RETURNED")));
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(logs.text()).as("a stale plan was met and retried").contains("cached statement plan went stale");
        assertThat(TestServices.count("SELECT count(*) FROM case_items WHERE item_id IN (" + ids + ") AND status = 'RETURNED'"))
            .isEqualTo(births.size());
      } finally {
        try (Statement st = admin.createStatement()) {
          st.execute("ALTER TABLE case_items ALTER COLUMN note TYPE text");
        }
      }
    }
  }

  /**
   * A database that stalls with its connections open (here a lock on {@code cases} held by another session) fails
   * no statement, and the pool has no acquisition timer: every API request waiting on it, at the pool or on the
   * lock, is answered 503 at {@code http.requestTimeoutSeconds}, never held without limit and never a 500. The
   * stalled submission commits once the lock goes, and its retry with the same key is answered with that case. A
   * long poll waits its full {@code waitSeconds}, past the deadline, and is answered 200.
   */
  @Test
  void aStalledDatabaseIsAnswered503AtTheRequestDeadlineAndTheRetryGetsTheCase() throws Exception {
    try (TestNode node = TestNode.start(Overlays.env("http: {requestTimeoutSeconds: 1}\n"));
         Connection admin = TestServices.connection();
         LogCapture logs = LogCapture.start()) {
      Http http = node.http();
      JsonObject notice = http.get("/api/v1/things/newborn").json();
      Http.Response filed = http.postCase("dev-portal", "before-stall", Submissions.fromNotice(notice, Submissions.idNumber()).encode());
      assertThat(filed.status()).as(filed.body()).isEqualTo(201);
      String caseId = filed.json().getString("caseId");
      Http.Response poll = http.get("/api/v1/departments/" + PULL + "/items?limit=5&waitSeconds=2", "dev-dept-" + PULL);
      assertThat(poll.status()).as("a long poll waits past the deadline: %s", poll.body()).isEqualTo(200);

      String stalled = Submissions.fromNotice(notice, Submissions.idNumber()).encode();
      List<CompletableFuture<Http.Response>> during = new ArrayList<>();
      admin.setAutoCommit(false);
      try {
        try (Statement st = admin.createStatement()) {
          st.execute("LOCK TABLE cases IN ACCESS EXCLUSIVE MODE");
        }
        during.add(http.postCaseAsync("dev-portal", "stalled", stalled));
        // more readers than the pool has connections: some wait on the lock, the rest for a connection
        for (int i = 0; i < 20; i++) {
          during.add(http.sendAsync(http.request("/api/v1/cases/" + caseId).header("Authorization", "Bearer dev-admin").GET().build()));
        }
        for (CompletableFuture<Http.Response> call : during) {
          Http.Response r = call.get(20, java.util.concurrent.TimeUnit.SECONDS);
          assertThat(r.status()).as(r.body()).isEqualTo(503);
          assertThat(r.errorCode()).isEqualTo("OVERLOADED");
          assertThat(r.header("Retry-After")).isNotNull();
        }
      } finally {
        admin.rollback();
        admin.setAutoCommit(true);
      }

      Http.Response retry = Await.value("the stalled submission retried with its key", RECOVERY, () -> {
        Http.Response r = http.postCase("dev-portal", "stalled", stalled);
        assertThat(r.status()).as(r.body()).isIn(201, 409);
        return r.status() == 201 ? r : null;
      });
      assertThat(TestServices.count("SELECT count(*) FROM cases")).as("the stalled submission and its retry are one case").isEqualTo(2);
      assertThat(TestServices.count("SELECT count(*) FROM cases WHERE case_id = '" + retry.json().getString("caseId") + "'")).isEqualTo(1);
      assertThat(http.get("/api/v1/cases/" + caseId, "dev-admin").status()).isEqualTo(200);
      double exceeded = http.metric("onego_http_deadline_exceeded_total");
      assertThat(exceeded).as("every request answered at its deadline is counted").isGreaterThanOrEqualTo(during.size());
      assertThat(logs.text()).as("late answers are dropped, not written over the 503")
          .doesNotContain("IllegalStateException").doesNotContain("\" 500 ").doesNotContain("unhandled failure");
    }
  }

  private static List<CompletableFuture<Http.Response>> report(Http http, List<String> items, String status) {
    List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
    for (String itemId : items) {
      JsonObject body = new JsonObject().put("status", status).put("note", status + " by the test").put("eventId", status + "-" + itemId);
      calls.add(http.sendAsync(http.request("/api/v1/departments/health/items/" + itemId + "/status")
          .header("Authorization", "Bearer dev-dept-health").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build()));
    }
    return calls;
  }
}

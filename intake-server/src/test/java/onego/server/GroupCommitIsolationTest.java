package onego.server;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import onego.server.support.Await;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One submission the database refuses fails alone: the group-commit batch it shares is written
 * in halves until the member at fault is found, and everyone else gets 201. The bad member passes
 * validation but breaks a CHECK constraint this test adds to the test database (production code
 * has no hook for it). To make the 31 share one batch, the test holds a lock on
 * {@code idempotency_keys} while they queue behind one in-flight batch (one transaction at a time),
 * and checks afterwards by the batch-size summary that they did.
 */
class GroupCommitIsolationTest {
  private static final String REFUSED_NAME = "拒绝我";
  private static TestNode node;
  private static Http http;
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    node = TestNode.start(Overlays.env("intake:\n  groupCommit: {maxBatch: 64, maxDelayMs: 20, maxConcurrentBatches: 1, maxPending: 2000}\n"));
    http = node.http();
    notice = http.get("/api/v1/things/newborn").json();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void refuseOneName() {
    TestServices.resetTables();
    TestServices.sql("ALTER TABLE cases ADD CONSTRAINT test_refused_name CHECK (applicant->>'name' <> '" + REFUSED_NAME + "')");
  }

  @AfterEach
  void dropConstraint() {
    TestServices.sql("ALTER TABLE cases DROP CONSTRAINT IF EXISTS test_refused_name");
  }

  private static String body(String name) {
    JsonObject b = Submissions.fromNotice(notice, Submissions.idNumber());
    b.getJsonObject("applicant").put("name", name);
    return b.encode();
  }

  @Test
  void thirtyValidSubmissionsRacingOneTheDatabaseRefusesAreAllCommitted() throws Exception {
    double batchesBefore = metric("onego_intake_batch_size_count");
    double membersBefore = metric("onego_intake_batch_size_sum");
    List<CompletableFuture<Http.Response>> valid = new ArrayList<>();
    CompletableFuture<Http.Response> bad;
    try (Connection lock = jdbc()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE idempotency_keys IN EXCLUSIVE MODE");
      valid.add(http.postCaseAsync("dev-mobile", "first", body("张三"))); // its batch waits for the lock; the rest queue behind it
      Await.until("the first batch is blocked", Duration.ofSeconds(10), () -> waitingOnLock() == 1);
      for (int i = 0; i < 15; i++) valid.add(http.postCaseAsync("dev-mobile", "valid-" + i, body("张三")));
      bad = http.postCaseAsync("dev-portal", "bad", body(REFUSED_NAME));
      for (int i = 15; i < 30; i++) valid.add(http.postCaseAsync("dev-mobile", "valid-" + i, body("张三")));
      Thread.sleep(3_000); // for the 31 to reach the writer's queue; checked below by the batch sizes
      lock.commit();
    }
    for (CompletableFuture<Http.Response> f : valid) {
      Http.Response r = f.get();
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    Http.Response refused = bad.get();
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(refused.json().getJsonObject("error").getString("message")).contains("test_refused_name").contains("23514");
    assertThat(metric("onego_intake_batch_size_count") - batchesBefore).as("two batches: the first one, then the 31 together").isEqualTo(2);
    assertThat(metric("onego_intake_batch_size_sum") - membersBefore).isEqualTo(32);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(31);
    assertThat(TestServices.count("SELECT count(*) FROM cases WHERE applicant->>'name' = '" + REFUSED_NAME + "'")).isZero();
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys WHERE key = 'bad'")).as("a refusal stores no key").isZero();
    Http.Response retry = http.postCase("dev-portal", "bad", body("李四"));
    assertThat(retry.status()).as("the same key with a corrected body").isEqualTo(201);
  }

  @Test
  void aSubmissionTheDatabaseRefusesOnItsOwnIsA422AndTheNextOneIsCommitted() {
    Http.Response refused = http.postCase("dev-portal", "alone", body(REFUSED_NAME));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(http.postCase("dev-portal", "after", body("张三")).status()).isEqualTo(201);
  }

  private static long waitingOnLock() {
    return TestServices.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
  }

  /** A gauge or summary value of this node's /metrics (the JVM's registry, shared by test nodes in one JVM). */
  private static double metric(String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(http.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(2)) : -1;
  }

  private static Connection jdbc() throws Exception {
    PgConnectOptions o = PgConnectOptions.fromUri(TestServices.pgUrl());
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(), o.getUser(), o.getPassword());
  }
}

package onego.server;

import io.vertx.core.json.JsonObject;
import onego.server.support.Http;
import onego.server.support.Submissions;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP answers to a submission the database refuses (README "One bad submission fails only
 * itself"): 422 {@code VALIDATION_FAILED} naming the constraint and SQLSTATE, no key kept (the same
 * key with a corrected body gets 201), and the node goes on committing. The bad submission passes
 * validation but breaks a CHECK constraint this test adds to the test database (production code has
 * no hook for it). That it fails alone inside a shared batch is the store's rule, tested without a
 * node in {@link onego.server.intake.IntakeWriterStoreTest}.
 */
class GroupCommitIsolationTest {
  private static final String REFUSED_NAME = "拒绝我";
  private static TestNode node;
  private static Http http;
  private static JsonObject notice;

  @BeforeAll
  static void start() {
    node = TestNode.start();
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
  void aSubmissionTheDatabaseRefusesIsA422KeepsNoKeyAndTheNextOneIsCommitted() {
    Http.Response refused = http.postCase("dev-portal", "bad", body(REFUSED_NAME));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(refused.json().getJsonObject("error").getString("message")).contains("test_refused_name").contains("23514");
    assertThat(TestServices.count("SELECT count(*) FROM idempotency_keys WHERE key = 'bad'")).as("a refusal stores no key").isZero();

    assertThat(http.postCase("dev-portal", "after", body("张三")).status()).isEqualTo(201);
    Http.Response retry = http.postCase("dev-portal", "bad", body("李四"));
    assertThat(retry.status()).as("the same key with a corrected body").isEqualTo(201);
    assertThat(TestServices.count("SELECT count(*) FROM cases")).isEqualTo(2);
    assertThat(TestServices.count("SELECT count(*) FROM cases WHERE applicant->>'name' = '" + REFUSED_NAME + "'")).isZero();
  }
}

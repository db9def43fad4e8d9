package onego.server.support;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One {@link LiveNode} per test class (each class starts it with its own overlay), empty tables per test. */
public abstract class LiveNodeTest {
  protected static LiveNode node;
  protected static Http http;
  private static JsonObject newborn;

  /** Call from the subclass's {@code @BeforeAll}. */
  protected static void startNode(String overlayYaml) {
    node = LiveNode.start(TestServices.redisUrl(), LiveNode.QUIET + overlayYaml);
    http = node.http();
  }

  /**
   * Files a 出生 (newborn) case for {@code idNumber} through the portal key, from the thing's notice alone
   * ({@link Submissions#fromNotice}), under a fresh Idempotency-Key; asserts the 201 and answers the case id.
   */
  protected static UUID submitNewborn(String idNumber) {
    if (newborn == null) newborn = http.get("/api/v1/things/newborn").json();
    Http.Response r = http.postCase("dev-portal", "nb-" + UUID.randomUUID(), Submissions.fromNotice(newborn, idNumber).encode());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("caseId"));
  }

  @AfterAll
  static void stopNode() {
    if (node != null) node.close();
    node = null;
    newborn = null;
  }

  @BeforeEach
  void emptyTables() {
    TestServices.resetTables();
  }
}

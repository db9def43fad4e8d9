package onego.server.router;

import io.vertx.core.json.JsonObject;
import onego.server.support.AuditTables;
import onego.server.support.Await;
import onego.server.support.FakeDepartment;
import onego.server.support.Http;
import onego.server.support.Overlays;
import onego.server.support.TestNode;
import onego.server.support.TestServices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static onego.server.router.RouterFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push outcomes that finish together are recorded together (docs/design.md "Outcomes in batches"): many
 * items in one transaction, yet every item is delivered once and DISPATCHED once, every case keeps
 * gap-free seqs, and the audit chain names every item once and verifies.
 */
class BatchedOutcomesTest {
  private static final int CASES = 12;

  @BeforeEach
  void reset() {
    TestServices.resetTables();
  }

  @Test
  void outcomesThatFinishTogetherShareTransactionsAndKeepEveryGuarantee() throws Exception {
    try (FakeDepartment health = new FakeDepartment();
         TestNode node = TestNode.start(Overlays.env("departments:\n" + Overlays.push("health", health.url(), 2 * CASES, 60_000, 3)))) {
      health.answer(r -> FakeDepartment.HANG);
      RouterFixture f = new RouterFixture(node.http());
      List<String> caseIds = new ArrayList<>();
      for (int i = 0; i < CASES; i++) caseIds.add(f.submit("newborn").getString("caseId"));
      int items = 2 * CASES; // two health items per newborn case are ready at once
      Await.until("every health item in flight", WAIT, () -> health.received().size() == items);
      health.release(); // all answers at once: their outcomes arrive together

      Await.until("every health item dispatched", WAIT,
          () -> TestServices.count("SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'DISPATCHED'") == items);
      Set<String> delivered = new HashSet<>();
      health.received().forEach(r -> delivered.add(r.json().getString("itemId")));
      assertThat(health.received()).as("each item delivered once").hasSize(items);
      assertThat(delivered).hasSize(items);
      assertThat(TestServices.count("SELECT count(*) FROM case_events WHERE type = 'ItemDispatched'")).isEqualTo(items);
      assertThat(TestServices.count("SELECT count(DISTINCT xmin::text) FROM case_events WHERE type = 'ItemDispatched'"))
          .as("outcomes shared transactions").isLessThan(items);
      for (String caseId : caseIds) f.assertGapFree(caseId);

      // audit_log is append-only (never reset between tests): this test's cases only
      AuditTables.awaitSealed();
      List<String> audited = TestServices.column("SELECT jsonb_array_elements_text(detail -> 'items') FROM audit_log "
          + "WHERE action = 'ITEM_DISPATCHED' AND case_id::text IN ('" + String.join("','", caseIds) + "')");
      assertThat(audited).as("the audit trail names every dispatched item once").hasSize(items).containsExactlyInAnyOrderElementsOf(delivered);
      Http.Response verify = node.http().get("/api/v1/admin/audit/verify?day=" + AuditTables.today(), "dev-admin");
      assertThat(verify.status()).isEqualTo(200);
      assertThat(new JsonObject(verify.body()).getBoolean("ok")).as(verify.body()).isTrue();
    }
  }
}

package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.domain.ProgressEvent;
import onego.domain.Times;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static onego.router.StoreTestDatabase.column;
import static onego.router.StoreTestDatabase.number;
import static onego.router.StoreTestDatabase.sql;
import static onego.router.cases.CaseFixtures.ZONE;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 容缺 and 告知承诺 follow-ups in the case home against PostgreSQL ({@link ItemFlow}, {@link ObligationRow}):
 * a waived material handed in clears its obligation and reaches each department that needs it; an
 * overdue one is one event and one card however often (and by however many nodes) it is scanned;
 * COMPLETED is 409 while a material of the item is owed; a false commitment on a completed item
 * revokes it; an unverified commitment past due raises one card; bad input 422/409/404.
 */
class ObligationStoreTest {
  private static PublishedEvents published;
  private static CaseLog log;
  private static ItemFlow flow;
  private static CaseReads reads;

  @BeforeAll
  static void wire() {
    published = new PublishedEvents(StoreTestDatabase.vertx());
    log = new CaseLog(StoreTestDatabase.pool(), published.publisher(), ZONE, new RecordingAuditSink());
    flow = newNode();
    reads = new CaseReads(StoreTestDatabase.pool());
  }

  private static ItemFlow newNode() {
    return new ItemFlow(StoreTestDatabase.pool(), log, CaseFixtures.emptyCatalog());
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
    published.clear();
  }

  /** A case of items {@code birth} (health) and {@code hukou} (police), both needing the waived 结婚证 and hukou a committed 住所证明. */
  private static CaseFixtures.CaseDraft caseWithFollowUps() {
    CaseFixtures.CaseDraft d = CaseFixtures.newCase(item("birth", "health"), item("hukou", "police"));
    NewCase n = d.newCase();
    var due = Times.now(ZONE).plusDays(5);
    NewCase with = new NewCase(n.kase(), n.items(), n.events(), n.submitter(), List.of(
        ObligationRow.opened(n.caseId(), ObligationRow.WAIVER, "marriage-certificate", List.of("birth", "hukou"), due),
        ObligationRow.opened(n.caseId(), ObligationRow.COMMITMENT, "residence-proof", List.of("hukou"), due)));
    CaseFixtures.CaseDraft c = new CaseFixtures.CaseDraft(with);
    CaseFixtures.createAll(log, List.of(c));
    Await.result(log.change(c.caseId(), ItemFlow.DISPATCH, AuditAction.ITEM_DISPATCHED, tx -> {
      for (ItemState i : tx.items()) tx.move(i, ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
      return Future.succeededFuture(null);
    }));
    return c;
  }

  private static Actor department(String code) {
    return new Actor("key:dept-" + code, "department", code);
  }

  private static Future<ItemAnswer> complete(CaseFixtures.CaseDraft c, String department, String code) {
    JsonObject result = new JsonObject().put("certificates", new JsonArray().add(new JsonObject().put("type", "hukou").put("number", "N1")));
    return flow.departmentStatus(department(department), department, c.itemId(code), ItemStatus.COMPLETED, "done", result, null);
  }

  private static DomainError.Kind refusal(Future<?> f) {
    return ((DomainError) Await.failure(f)).kind();
  }

  private static JsonArray handIn(String code) {
    return new JsonArray().add(new JsonObject().put("code", code).put("fileRef", "file-1"));
  }

  private static String state(UUID caseId, String material) {
    return column("SELECT state FROM obligations WHERE case_id = $1 AND material = $2", caseId, material).get(0);
  }

  @Test
  void aWaivedMaterialHandedInLaterClearsItsObligationAndReachesEachDepartment() {
    CaseFixtures.CaseDraft c = caseWithFollowUps();
    assertThat(Await.result(reads.byId(c.caseId())).orElseThrow().obligations()).extracting(ObligationRow::state)
        .containsExactlyInAnyOrder("OWED", "PENDING");
    assertThat(refusal(complete(c, "health", "birth"))).as("COMPLETED while owed").isEqualTo(DomainError.Kind.CONFLICT);
    assertThat(refusal(flow.supplyMaterials(CaseFixtures.CHANNEL, c.caseId(), handIn("id-photo")))).isEqualTo(DomainError.Kind.INVALID);

    List<ObligationRow> after = Await.result(flow.supplyMaterials(CaseFixtures.CHANNEL, c.caseId(), handIn("marriage-certificate")));
    assertThat(after.stream().filter(o -> o.kind().equals(ObligationRow.WAIVER))).singleElement()
        .satisfies(o -> assertThat(o.state()).isEqualTo("SUPPLIED"));
    List<ProgressEvent> supplied = published.of(c.caseId()).stream().filter(e -> e.type().equals("MaterialSupplied")).toList();
    assertThat(supplied).extracting(ProgressEvent::itemId).containsExactlyInAnyOrder(c.itemId("birth"), c.itemId("hukou"));
    assertThat(Await.result(reads.byId(c.caseId())).orElseThrow().kase().materials().encode()).contains("marriage-certificate");
    assertThat(refusal(flow.supplyMaterials(CaseFixtures.CHANNEL, c.caseId(), handIn("marriage-certificate"))))
        .as("no longer owed").isEqualTo(DomainError.Kind.INVALID);
    assertThat(Await.result(complete(c, "health", "birth")).status()).isEqualTo(ItemStatus.COMPLETED);
  }

  @Test
  void anOverdueMaterialRaisesOneEventAndOneCardAcrossScansAndNodes() {
    CaseFixtures.CaseDraft c = caseWithFollowUps();
    sql("UPDATE obligations SET due_at = now() - interval '1 hour' WHERE case_id = $1 AND kind = 'waiver'", c.caseId());
    assertThat(Await.result(reads.obligationsPastDue(Times.now(ZONE), 10))).extracting(ObligationRow::material).contains("marriage-certificate");
    assertThat(Await.result(flow.materialOverdue(c.caseId(), "marriage-certificate"))).isTrue();
    assertThat(Await.result(flow.materialOverdue(c.caseId(), "marriage-certificate"))).isFalse();
    // a node that lost the carded_at mark (a restart mid-way) still finds the card's cause taken
    sql("UPDATE obligations SET state = 'OWED', carded_at = NULL WHERE case_id = $1 AND kind = 'waiver'", c.caseId());
    Await.result(newNode().materialOverdue(c.caseId(), "marriage-certificate"));
    assertThat(number("SELECT count(*) FROM cards WHERE case_id = $1 AND kind = 'waiver'", c.caseId())).isEqualTo(1);
    assertThat(state(c.caseId(), "marriage-certificate")).isEqualTo("OVERDUE");
    assertThat(refusal(complete(c, "police", "hukou"))).as("COMPLETED while overdue").isEqualTo(DomainError.Kind.CONFLICT);
    Await.result(flow.supplyMaterials(CaseFixtures.CHANNEL, c.caseId(), handIn("marriage-certificate")));
    assertThat(state(c.caseId(), "marriage-certificate")).isEqualTo("SUPPLIED");
  }

  @Test
  void aFalseCommitmentAfterCompletionRevokesTheItemAndMarksItsCertificates() {
    CaseFixtures.CaseDraft c = caseWithFollowUps();
    Await.result(flow.supplyMaterials(CaseFixtures.CHANNEL, c.caseId(), handIn("marriage-certificate")));
    Await.result(complete(c, "police", "hukou"));
    UUID hukou = c.itemId("hukou");
    assertThat(refusal(flow.verifyCommitment(department("health"), "health", hukou, "residence-proof", "false", null)))
        .as("another department's item").isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(refusal(flow.verifyCommitment(department("police"), "police", hukou, "marriage-certificate", "false", null)))
        .isEqualTo(DomainError.Kind.INVALID);
    assertThat(refusal(flow.verifyCommitment(department("police"), "police", hukou, "residence-proof", "maybe", null)))
        .isEqualTo(DomainError.Kind.INVALID);

    ItemAnswer revoked = Await.result(flow.verifyCommitment(department("police"), "police", hukou, "residence-proof", "false", "住所不实"));
    assertThat(revoked.status()).isEqualTo(ItemStatus.REVOKED);
    ItemRow row = Await.result(reads.item(hukou));
    assertThat(row.result().getJsonArray("certificates").getJsonObject(0).getBoolean("revoked")).isTrue();
    assertThat(published.of(c.caseId())).extracting(ProgressEvent::type).contains("CommitmentVerified", "ItemRevoked");
    assertThat(state(c.caseId(), "residence-proof")).isEqualTo("FALSE");
    assertThat(refusal(flow.verifyCommitment(department("police"), "police", hukou, "residence-proof", "confirmed", null)))
        .as("verified once").isEqualTo(DomainError.Kind.CONFLICT);
  }

  @Test
  void anUnverifiedCommitmentPastDueRaisesOneVerificationCard() {
    CaseFixtures.CaseDraft c = caseWithFollowUps();
    sql("UPDATE obligations SET due_at = now() - interval '1 hour' WHERE case_id = $1 AND kind = 'commitment'", c.caseId());
    assertThat(Await.result(flow.verificationOverdue(c.caseId(), "residence-proof"))).isTrue();
    assertThat(Await.result(newNode().verificationOverdue(c.caseId(), "residence-proof"))).isFalse();
    assertThat(column("SELECT department FROM cards WHERE case_id = $1 AND kind = 'verification'", c.caseId())).containsExactly("police");
    assertThat(state(c.caseId(), "residence-proof")).as("still to be verified").isEqualTo("PENDING");
  }
}

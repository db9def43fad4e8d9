package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemStatus;
import onego.domain.ProgressEvent;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static onego.router.StoreTestDatabase.column;
import static onego.router.StoreTestDatabase.number;
import static onego.router.cases.CaseFixtures.created;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ItemFlow} on its own against PostgreSQL: department reports on their own items only,
 * the item state machine, dependents released or cancelled, eventId idempotency, deadline cards
 * raised once.
 */
class ItemFlowStoreTest {
  private static final RecordingAuditSink audit = new RecordingAuditSink();
  private static PublishedEvents published;
  private static CaseLog log;
  private static ItemFlow flow;

  @BeforeAll
  static void wire() {
    published = new PublishedEvents(StoreTestDatabase.vertx());
    log = new CaseLog(StoreTestDatabase.pool(), published.publisher(), CaseFixtures.ZONE, audit);
    flow = new ItemFlow(StoreTestDatabase.pool(), log, CaseFixtures.emptyCatalog());
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
    audit.clear();
    published.clear();
  }

  private static Actor department(String code) {
    return new Actor("key:dept-" + code, "department", code);
  }

  /** The department has the item, as after a delivered push (the dispatch path itself is ClaimStoreTest's). */
  private static void dispatch(CaseFixtures.CaseDraft c, String... codes) {
    Await.result(log.change(c.caseId(), ItemFlow.DISPATCH, AuditAction.ITEM_DISPATCHED, tx -> {
      for (String code : codes) tx.move(tx.item(c.itemId(code)), ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
      return Future.succeededFuture(null);
    }));
  }

  private static Future<ItemAnswer> report(String department, UUID itemId, ItemStatus status, String eventId) {
    return flow.departmentStatus(department(department), department, itemId, status, "note " + status, null, eventId);
  }

  private static DomainError.Kind refusal(Future<?> f) {
    return ((DomainError) Await.failure(f)).kind();
  }

  private static String status(UUID itemId) {
    return column("SELECT status FROM case_items WHERE item_id = $1", itemId).get(0);
  }

  private static long lastSeq(UUID caseId) {
    return number("SELECT last_seq FROM cases WHERE case_id = $1", caseId);
  }

  private static List<String> callbacks() {
    return column("SELECT department || ':' || event_id FROM department_callbacks ORDER BY 1");
  }

  @Test
  void aStatusOnAnotherDepartmentsItemIsNotFoundAndChangesNothing() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("hukou", "public-security", "birth"));
    dispatch(c, "birth");
    long seq = lastSeq(c.caseId());
    assertThat(refusal(report("public-security", c.itemId("birth"), ItemStatus.ACCEPTED, "x-1"))).isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(refusal(report("health", UUID.randomUUID(), ItemStatus.ACCEPTED, "x-2"))).isEqualTo(DomainError.Kind.NOT_FOUND);
    assertThat(status(c.itemId("birth"))).isEqualTo("DISPATCHED");
    assertThat(lastSeq(c.caseId())).isEqualTo(seq);
    assertThat(callbacks()).isEmpty();
    assertThat(audit.committedFor(c.caseId())).extracting(AuditEntry::action).doesNotContain(AuditAction.ITEM_STATUS);
  }

  @Test
  void anIllegalTransitionIsRefusedAsIllegalTransitionAndChangesNothing() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("hukou", "public-security", "birth"));
    dispatch(c, "birth");
    long seq = lastSeq(c.caseId());
    assertThat(refusal(report("public-security", c.itemId("hukou"), ItemStatus.ACCEPTED, "w-1")))
        .as("WAITING → ACCEPTED").isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
    assertThat(refusal(report("health", c.itemId("birth"), ItemStatus.DISPATCHED, "d-1")))
        .as("not a status a department reports").isEqualTo(DomainError.Kind.INVALID);
    assertThat(lastSeq(c.caseId())).isEqualTo(seq);
    assertThat(callbacks()).as("a refused report keeps no eventId").isEmpty();

    assertThat(Await.result(report("health", c.itemId("birth"), ItemStatus.ACCEPTED, "acc-1")).status()).isEqualTo(ItemStatus.ACCEPTED);
    assertThat(refusal(report("health", c.itemId("birth"), ItemStatus.ACCEPTED, "acc-2"))).isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
    Await.result(report("health", c.itemId("birth"), ItemStatus.COMPLETED, "done-1"));
    long done = lastSeq(c.caseId());
    assertThat(refusal(report("health", c.itemId("birth"), ItemStatus.REJECTED, "late"))).as("COMPLETED is final")
        .isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
    assertThat(status(c.itemId("birth"))).isEqualTo("COMPLETED");
    assertThat(lastSeq(c.caseId())).isEqualTo(done);
    assertThat(callbacks()).containsExactly("health:acc-1", "health:done-1");
  }

  private static List<ProgressEvent> eventsOf(CaseFixtures.CaseDraft c, String code) {
    return published.of(c.caseId()).stream().filter(e -> c.itemId(code).equals(e.itemId())).toList();
  }

  @Test
  void completingPrerequisitesReleasesWhatWaitsOnThem() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("vaccination", "health"),
        item("hukou", "public-security", "birth"), item("card", "human-resources", "hukou"),
        item("insurance", "medical-insurance", "birth", "vaccination"));
    dispatch(c, "birth", "vaccination");
    ItemAnswer answer = Await.result(report("health", c.itemId("birth"), ItemStatus.COMPLETED, "b-done"));
    assertThat(answer.status()).isEqualTo(ItemStatus.COMPLETED);
    assertThat(status(c.itemId("hukou"))).isEqualTo("QUEUED");
    assertThat(status(c.itemId("card"))).as("waits for hukou, not birth").isEqualTo("WAITING");
    assertThat(status(c.itemId("insurance"))).as("still waits for vaccination").isEqualTo("WAITING");
    assertThat(eventsOf(c, "hukou")).extracting(ProgressEvent::type, e -> e.data().getString("reason"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ItemQueued", "prerequisites completed"));
    assertThat(column("SELECT status FROM cases WHERE case_id = $1", c.caseId())).containsExactly("IN_PROGRESS");

    Await.result(report("health", c.itemId("vaccination"), ItemStatus.COMPLETED, "v-done"));
    assertThat(status(c.itemId("insurance"))).as("both prerequisites completed").isEqualTo("QUEUED");
  }

  @Test
  void rejectingAPrerequisiteCancelsWhatWaitsOnIt() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("vaccination", "health"),
        item("hukou", "public-security", "birth"), item("card", "human-resources", "hukou"));
    dispatch(c, "birth", "vaccination");
    Await.result(report("health", c.itemId("birth"), ItemStatus.REJECTED, "b-no"));
    assertThat(status(c.itemId("hukou"))).isEqualTo("CANCELLED");
    assertThat(status(c.itemId("card"))).as("what waits on a cancelled item is cancelled too").isEqualTo("CANCELLED");
    assertThat(eventsOf(c, "card")).extracting(e -> e.data().getString("note")).containsExactly("a prerequisite was not granted");
    assertThat(column("SELECT status FROM cases WHERE case_id = $1", c.caseId())).as("vaccination still open").containsExactly("IN_PROGRESS");

    Await.result(report("health", c.itemId("vaccination"), ItemStatus.COMPLETED, "v-done"));
    assertThat(column("SELECT status FROM cases WHERE case_id = $1", c.caseId())).containsExactly("REJECTED");
    assertThat(published.of(c.caseId()).stream().map(ProgressEvent::type).toList()).containsSubsequence("CaseRejected", "ResultsDelivered");
    ProgressEvent delivered = published.of(c.caseId()).stream().filter(e -> e.type().equals("ResultsDelivered")).findFirst().orElseThrow();
    assertThat(delivered.data().getString("outcome")).isEqualTo("REJECTED");
    assertThat(delivered.data().getString("status")).as("the completed item reported no result here").isEqualTo("NOTHING_ISSUED");
  }

  @Test
  void aRepeatedEventIdAnswersWhatItAnsweredFirst() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("vaccination", "health"), item("hukou", "public-security"));
    dispatch(c, "birth", "vaccination", "hukou");
    ItemAnswer first = Await.result(report("health", c.itemId("birth"), ItemStatus.ACCEPTED, "acc-1"));
    long seq = lastSeq(c.caseId());
    int auditRows = audit.committedFor(c.caseId()).size();
    assertThat(Await.result(report("health", c.itemId("birth"), ItemStatus.ACCEPTED, "acc-1"))).isEqualTo(first);
    assertThat(Await.result(report("health", c.itemId("birth"), ItemStatus.IN_PROGRESS, "acc-1")))
        .as("the first answer, whatever the repeat says").isEqualTo(first);
    assertThat(status(c.itemId("birth"))).isEqualTo("ACCEPTED");
    assertThat(lastSeq(c.caseId())).isEqualTo(seq);
    assertThat(audit.committedFor(c.caseId())).as("a repeat is no change").hasSize(auditRows);
    assertThat(Await.result(report("public-security", c.itemId("hukou"), ItemStatus.ACCEPTED, "acc-1")).itemId())
        .as("eventIds are per department").isEqualTo(c.itemId("hukou"));

    List<Future<ItemAnswer>> repeats = new ArrayList<>();
    for (int k = 0; k < 6; k++) repeats.add(report("health", c.itemId("vaccination"), ItemStatus.COMPLETED, "v-done"));
    List<ItemAnswer> answers = repeats.stream().map(Await::result).toList();
    assertThat(answers).as("concurrent repeats answer alike").allSatisfy(a -> assertThat(a).isEqualTo(answers.get(0)));
    assertThat(eventsOf(c, "vaccination")).filteredOn(e -> "COMPLETED".equals(e.status())).hasSize(1);
    assertThat(callbacks()).containsExactly("health:acc-1", "health:v-done", "public-security:acc-1");
  }

  @Test
  void aDeadlineCardIsRaisedOncePerItemAndColour() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("vaccination", "health"));
    assertThat(Await.result(flow.raiseCard(c.caseId(), c.itemId("birth"), false))).isTrue();
    assertThat(Await.result(flow.raiseCard(c.caseId(), c.itemId("birth"), false))).isFalse();
    assertThat(Await.result(flow.raiseCard(c.caseId(), c.itemId("birth"), true))).as("red after yellow").isTrue();
    assertThat(Await.result(flow.raiseCard(c.caseId(), c.itemId("birth"), true))).isFalse();
    assertThat(eventsOf(c, "birth")).extracting(ProgressEvent::type).containsExactly("ItemQueued", "ItemDueSoon", "ItemOverdue");

    List<Future<Boolean>> raced = new ArrayList<>();
    for (int k = 0; k < 6; k++) raced.add(flow.raiseCard(c.caseId(), c.itemId("vaccination"), false));
    assertThat(raced.stream().map(Await::result).filter(b -> b)).as("concurrent raises: one card").hasSize(1);
    assertThat(eventsOf(c, "vaccination")).extracting(ProgressEvent::type).containsExactly("ItemQueued", "ItemDueSoon");
    assertThat(audit.committedFor(c.caseId())).filteredOn(e -> e.action() == AuditAction.DEADLINE_CARD).as("one row per card").hasSize(3);

    Await.result(flow.withdraw(CaseFixtures.CHANNEL, c.caseId()));
    assertThat(Await.result(flow.raiseCard(c.caseId(), c.itemId("vaccination"), true))).as("a finished item gets no card").isFalse();
  }

  /**
   * A department that had an item, returned it for 补正 and has not been sent the supplemented one yet still holds its
   * first delivery: a withdrawal now tells it (a cancel notice). An item no department has had is not announced.
   */
  @Test
  void aWithdrawalTellsTheDepartmentThatHadAnItemQueuedAgainAfterItsSupplement() {
    CaseFixtures.CaseDraft c = created(log, item("birth", "health"), item("vaccination", "health"));
    dispatch(c, "birth");
    Await.result(report("health", c.itemId("birth"), ItemStatus.RETURNED, "ret-1"));
    Await.result(flow.supplement(CaseFixtures.CHANNEL, c.caseId(), c.itemId("birth"), new JsonObject().put("note", "补正"), new JsonArray()));
    assertThat(status(c.itemId("birth"))).isEqualTo("QUEUED");

    Await.result(flow.withdraw(CaseFixtures.CHANNEL, c.caseId()));
    assertThat(status(c.itemId("birth"))).isEqualTo("CANCELLED");
    assertThat(column("SELECT cancel_pending::text FROM case_items WHERE item_id = $1", c.itemId("birth"))).containsExactly("true");
    assertThat(column("SELECT cancel_pending::text FROM case_items WHERE item_id = $1", c.itemId("vaccination")))
        .as("never delivered: nothing to cancel at the department").containsExactly("false");
  }
}

package onego.router.dispatch;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import onego.domain.AuditAction;
import onego.domain.Times;
import onego.router.Await;
import onego.router.DispatchSettings;
import onego.router.StoreTestDatabase;
import onego.router.cases.CaseFixtures;
import onego.router.cases.CaseLog;
import onego.router.cases.EventPublisher;
import onego.router.cases.ItemFlow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClaimStore} on its own against PostgreSQL: SKIP LOCKED claims, leases that run out and
 * are claimed again under the same delivery id, retry times and the lease check of
 * {@code retryLater} and {@code cancelDone}, one department's claims leaving the others alone.
 */
class ClaimStoreTest {
  private static final long LONG_LEASE_MS = 60_000;
  private static CaseLog log;
  private static ClaimStore claims;
  private static ItemFlow flow;

  @BeforeAll
  static void wire() {
    log = new CaseLog(StoreTestDatabase.pool(), new EventPublisher(StoreTestDatabase.vertx()), CaseFixtures.ZONE,
        (conn, entries) -> Future.succeededFuture());
    claims = new ClaimStore(StoreTestDatabase.pool(), CaseFixtures.emptyCatalog(), CaseFixtures.ZONE);
    flow = new ItemFlow(StoreTestDatabase.pool(), log, CaseFixtures.emptyCatalog());
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
  }

  private static List<WorkItem> claim(String department, long leaseMs) {
    return Await.result(claims.claim(department, 100, leaseMs));
  }

  private static Row row(UUID itemId) {
    return StoreTestDatabase.rows("SELECT lease_id, lease_until, attempts, delivery_id, next_attempt_at, last_error, cancel_pending"
        + " FROM case_items WHERE item_id = $1", itemId).get(0);
  }

  /** Claims {@code limit} at a time until the department has nothing left, collecting what it got. */
  private static Future<Void> claimUntilEmpty(String department, int limit, List<WorkItem> got) {
    return claims.claim(department, limit, LONG_LEASE_MS).compose(batch -> {
      if (batch.isEmpty()) return Future.succeededFuture();
      got.addAll(batch);
      return claimUntilEmpty(department, limit, got);
    });
  }

  /**
   * Dispatch per (department, region) (就近办): each item carries its case's region (filled on insert);
   * an office's lane claims only its region's items, the department's own lane the city's and those
   * of every region without an office; no item is claimed by two lanes.
   */
  @Test
  void eachLaneClaimsOnlyItsRegionsItems() {
    CaseFixtures.CaseDraft leiyang = CaseFixtures.newCaseIn("430481", item("a", "dept-a"));
    CaseFixtures.CaseDraft zhuhui = CaseFixtures.newCaseIn("430405", item("a", "dept-a"));
    CaseFixtures.CaseDraft city = CaseFixtures.newCaseIn("430400", item("a", "dept-a"));
    CaseFixtures.CaseDraft nanyue = CaseFixtures.newCaseIn("430412", item("a", "dept-a"));
    CaseFixtures.createAll(log, List.of(leiyang, zhuhui, city, nanyue));
    assertThat(StoreTestDatabase.rows("SELECT region FROM case_items WHERE item_id = $1", leiyang.itemId("a")).get(0).getString("region"))
        .isEqualTo("430481");
    DispatchSettings plain = new DispatchSettings("dept-a", "push", "http://127.0.0.1:9/a", List.of(), 8, 1000, 3, List.of(10L));
    DispatchSettings own = plain.withRegions(java.util.Map.of("430481", plain.officeFor("430481")));

    List<WorkItem> ownGot = Await.result(claims.claim(own, 100, LONG_LEASE_MS));
    assertThat(ownGot).extracting(WorkItem::caseId).containsExactlyInAnyOrder(zhuhui.caseId(), city.caseId(), nanyue.caseId());
    assertThat(ownGot).extracting(w -> w.payload().getString("region")).containsExactlyInAnyOrder("430405", "430400", "430412");
    List<WorkItem> officeGot = Await.result(claims.claim(own.forRegion("430481"), 100, LONG_LEASE_MS));
    assertThat(officeGot).extracting(WorkItem::caseId).containsExactly(leiyang.caseId());
    assertThat(officeGot.get(0).payload().getString("region")).isEqualTo("430481");
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("everything is leased once").isEmpty();
    assertThat(Await.result(claims.queue("dept-a", "430481")).inFlight()).isEqualTo(1);
    assertThat(Await.result(claims.queue("dept-a", "430400")).queued()).isEqualTo(1);
  }

  @Test
  void concurrentClaimersOnOneDepartmentNeverGetTheSameItem() {
    List<CaseFixtures.CaseDraft> cases = IntStream.range(0, 60).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"))).toList();
    CaseFixtures.createAll(log, cases);
    List<List<WorkItem>> byClaimer = new ArrayList<>();
    List<Future<Void>> claimers = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      List<WorkItem> got = new CopyOnWriteArrayList<>();
      byClaimer.add(got);
      claimers.add(claimUntilEmpty("dept-a", 3, got));
    }
    claimers.forEach(Await::result);
    List<UUID> all = byClaimer.stream().flatMap(List::stream).map(WorkItem::itemId).toList();
    assertThat(all).as("each item handed out once").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(cases.stream().map(c -> c.itemId("a")).toList());
    // at least two claimers took items (which of four gets a turn first is the scheduler's; one may find the queue empty)
    assertThat(byClaimer.stream().filter(got -> !got.isEmpty()).count()).as("the claimers ran side by side").isGreaterThanOrEqualTo(2);
    for (List<WorkItem> got : byClaimer) {
      for (WorkItem w : got) assertThat(row(w.itemId()).getUUID("lease_id")).isEqualTo(w.leaseId());
    }
  }

  @Test
  void anItemLockedByACaseChangeIsSkippedNotWaitedFor() {
    List<CaseFixtures.CaseDraft> cases = IntStream.range(0, 3).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"))).toList();
    CaseFixtures.createAll(log, cases);
    UUID busy = cases.get(1).itemId("a");
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<Void> change = log.change(cases.get(1).caseId(), CaseFixtures.CHANNEL, AuditAction.CASE_RATED, tx -> {
      locked.complete();
      return release.future();
    });
    Await.result(locked.future());
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("claimed while the case change holds its item")
        .extracting(WorkItem::itemId).containsExactlyInAnyOrder(cases.get(0).itemId("a"), cases.get(2).itemId("a"));
    release.complete();
    Await.result(change);
    assertThat(claim("dept-a", LONG_LEASE_MS)).extracting(WorkItem::itemId).containsExactly(busy);
  }

  @Test
  void aLiveLeaseIsNotClaimedAgainAndAnExpiredOneIsUnderTheSameDeliveryIdWithTheNextAttempt() {
    CaseFixtures.CaseDraft c = CaseFixtures.created(log, item("a", "dept-a"));
    List<WorkItem> first = claim("dept-a", 300);
    assertThat(first).hasSize(1);
    WorkItem w1 = first.get(0);
    assertThat(w1.attempt()).isEqualTo(1);
    assertThat(w1.cancel()).isFalse();
    assertThat(w1.messageId()).isEqualTo(row(c.itemId("a")).getUUID("delivery_id").toString());

    List<WorkItem> again = new ArrayList<>();
    Await.until("the lease running out", () -> {
      again.addAll(claim("dept-a", LONG_LEASE_MS));
      return !again.isEmpty();
    });
    WorkItem w2 = again.get(0);
    assertThat(w2.itemId()).isEqualTo(w1.itemId());
    assertThat(w2.messageId()).as("the webhook-id of every retry of one dispatch").isEqualTo(w1.messageId());
    assertThat(w2.attempt()).isEqualTo(2);
    assertThat(w2.payload().getInteger("attempt")).isEqualTo(2);
    assertThat(w2.leaseId()).isNotEqualTo(w1.leaseId());
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("the new lease is live").isEmpty();
    assertThat(row(c.itemId("a")).getInteger("attempts")).isEqualTo(2);
  }

  @Test
  void retryLaterHidesTheItemUntilItsTimeAndOnlyForTheMatchingLease() {
    CaseFixtures.CaseDraft c = CaseFixtures.created(log, item("a", "dept-a"), item("b", "dept-b"));
    WorkItem a = claim("dept-a", LONG_LEASE_MS).get(0);
    WorkItem stale = new WorkItem(a.itemId(), a.caseId(), UUID.randomUUID(), a.attempt(), false, a.messageId(), a.payload(), a.traceId());
    Await.result(claims.retryLater(stale, Times.now(CaseFixtures.ZONE).plusHours(1), "from another lease"));
    Row untouched = row(a.itemId());
    assertThat(untouched.getUUID("lease_id")).as("another lease changes nothing").isEqualTo(a.leaseId());
    assertThat(untouched.getOffsetDateTime("next_attempt_at")).isNull();
    assertThat(untouched.getString("last_error")).isNull();

    OffsetDateTime inAnHour = Times.now(CaseFixtures.ZONE).plusHours(1);
    Await.result(claims.retryLater(a, inAnHour, "503 from the department"));
    Row waiting = row(a.itemId());
    assertThat(waiting.getUUID("lease_id")).isNull();
    assertThat(waiting.getOffsetDateTime("next_attempt_at").toInstant()).isEqualTo(inAnHour.toInstant());
    assertThat(waiting.getString("last_error")).isEqualTo("503 from the department");
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("not before its time").isEmpty();

    WorkItem b = claim("dept-b", LONG_LEASE_MS).get(0);
    Await.result(claims.retryLater(b, Times.now(CaseFixtures.ZONE).minusSeconds(1), "timeout"));
    List<WorkItem> due = claim("dept-b", LONG_LEASE_MS);
    assertThat(due).as("its time has come").extracting(WorkItem::itemId).containsExactly(c.itemId("b"));
    assertThat(due.get(0).attempt()).isEqualTo(2);
    assertThat(due.get(0).messageId()).isEqualTo(b.messageId());
    Await.result(claims.retryLater(b, Times.now(CaseFixtures.ZONE).plusHours(1), "late answer to the first attempt"));
    assertThat(row(b.itemId()).getUUID("lease_id")).as("the first lease no longer counts").isEqualTo(due.get(0).leaseId());
  }

  @Test
  void cancelDoneClearsTheWithdrawalNoticeOnlyUnderItsLease() {
    CaseFixtures.CaseDraft c = CaseFixtures.created(log, item("a", "dept-a"));
    WorkItem work = claim("dept-a", LONG_LEASE_MS).get(0);
    assertThat(Await.result(flow.dispatched(ItemFlow.DISPATCH, c.caseId(), work.itemId(), work.leaseId()))).isTrue();
    Await.result(flow.withdraw(CaseFixtures.CHANNEL, c.caseId()));

    List<WorkItem> notices = claim("dept-a", LONG_LEASE_MS);
    assertThat(notices).hasSize(1);
    WorkItem notice = notices.get(0);
    assertThat(notice.cancel()).isTrue();
    assertThat(notice.messageId()).isEqualTo(work.messageId() + "-cancel");
    assertThat(notice.payload().getString("type")).isEqualTo("cancel");

    assertThat(Await.result(claims.cancelDone(notice.itemId(), UUID.randomUUID(), null))).as("another lease").isFalse();
    assertThat(row(notice.itemId()).getBoolean("cancel_pending")).isTrue();
    assertThat(Await.result(claims.cancelDone(notice.itemId(), notice.leaseId(), null))).isTrue();
    Row done = row(notice.itemId());
    assertThat(done.getBoolean("cancel_pending")).isFalse();
    assertThat(done.getUUID("lease_id")).isNull();
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("nothing left to tell").isEmpty();
    assertThat(Await.result(claims.cancelDone(notice.itemId(), notice.leaseId(), null))).as("once").isFalse();
  }

  @Test
  void aClaimTakesOnlyQueuedItemsOfItsDepartmentAndLeavesTheRestUntouched() {
    CaseFixtures.CaseDraft one = CaseFixtures.created(log, item("a", "dept-a"), item("b", "dept-b"), item("later", "dept-a", "b"));
    CaseFixtures.CaseDraft two = CaseFixtures.created(log, item("b", "dept-b"));
    assertThat(claim("dept-a", LONG_LEASE_MS)).as("the waiting item of dept-a is not claimable")
        .extracting(WorkItem::itemId).containsExactly(one.itemId("a"));
    for (UUID other : List.of(one.itemId("b"), two.itemId("b"), one.itemId("later"))) {
      Row r = row(other);
      assertThat(r.getUUID("lease_id")).isNull();
      assertThat(r.getInteger("attempts")).isZero();
      assertThat(r.getUUID("delivery_id")).isNull();
    }
    assertThat(claim("dept-b", LONG_LEASE_MS)).extracting(WorkItem::itemId).containsExactlyInAnyOrder(one.itemId("b"), two.itemId("b"));
    assertThat(claim("dept-c", LONG_LEASE_MS)).isEmpty();
  }
}

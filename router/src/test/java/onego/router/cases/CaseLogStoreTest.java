package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.AuditEntry;
import onego.domain.CaseStatus;
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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static onego.router.StoreTestDatabase.column;
import static onego.router.StoreTestDatabase.number;
import static onego.router.cases.CaseFixtures.created;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CaseLog} on its own against PostgreSQL: gap-free seqs under concurrent changes, failures
 * that leave no trace, {@code changeEach}'s lock order and single commit, {@code create} writing
 * only the claimed cases, and the case status derived from the items.
 */
class CaseLogStoreTest {
  private static final Actor ACTOR = Actor.system("store-test");
  private static final RecordingAuditSink audit = new RecordingAuditSink();
  private static PublishedEvents published;
  private static CaseLog log;

  @BeforeAll
  static void wire() {
    published = new PublishedEvents(StoreTestDatabase.vertx());
    log = new CaseLog(StoreTestDatabase.pool(), published.publisher(), CaseFixtures.ZONE, audit);
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
    audit.clear();
    published.clear();
  }

  /** A work that appends {@code n} events marked {@code mark}; answers their seqs. */
  private static Function<CaseTransaction, Future<List<Integer>>> appends(int n, String mark) {
    return tx -> {
      List<Integer> seqs = new ArrayList<>();
      for (int k = 0; k < n; k++) seqs.add(tx.event(marked(mark)));
      return Future.succeededFuture(seqs);
    };
  }

  private static NewEvent marked(String mark) {
    return NewEvent.ofCase(EventType.CaseRated, CaseStatus.SUBMITTED.name(), new JsonObject().put("mark", mark));
  }

  /** The three ways a work fails: a failed future, a thrown DomainError, any other exception; each after appending. */
  private static Function<CaseTransaction, Future<List<Integer>>> failing(int flavour, String mark) {
    return tx -> {
      tx.event(marked(mark));
      return switch (flavour % 3) {
        case 0 -> Future.failedFuture(new IllegalStateException("work failed: " + mark));
        case 1 -> throw DomainError.conflict("refused: " + mark);
        default -> throw new IllegalArgumentException("work threw: " + mark);
      };
    };
  }

  private static Future<List<Integer>> change(UUID caseId, Function<CaseTransaction, Future<List<Integer>>> work) {
    return log.change(caseId, ACTOR, AuditAction.CASE_RATED, work);
  }

  private static long lastSeq(UUID caseId) {
    return number("SELECT last_seq FROM cases WHERE case_id = $1", caseId);
  }

  private static List<Integer> storedSeqs(UUID caseId) {
    return column("SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq", caseId).stream().map(Integer::valueOf).toList();
  }

  private static List<Integer> oneTo(long n) {
    return IntStream.rangeClosed(1, (int) n).boxed().toList();
  }

  private static List<String> publishedMarks(UUID caseId) {
    return published.of(caseId).stream().map(e -> e.data().getString("mark")).filter(m -> m != null).toList();
  }

  @Test
  void concurrentChangesOfOneCaseTakeGapFreeSeqsAndFailedOnesTakeNone() {
    CaseFixtures.CaseDraft c = created(log, item("a", "dept-a"));
    List<Future<List<Integer>>> changes = new ArrayList<>();
    List<String> okMarks = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      boolean fails = k % 3 == 0;
      if (!fails) okMarks.add("m" + k);
      changes.add(change(c.caseId(), fails ? failing(k / 3, "m" + k) : appends(1 + k % 2, "m" + k)));
    }
    List<Integer> answered = new ArrayList<>();
    for (int k = 0; k < changes.size(); k++) {
      if (k % 3 == 0) {
        Throwable t = Await.failure(changes.get(k));
        assertThat(t.getMessage()).as("change %d fails with its own error", k).endsWith("m" + k);
      } else {
        answered.addAll(Await.result(changes.get(k)));
      }
    }
    long last = lastSeq(c.caseId());
    assertThat(last).isEqualTo(c.firstEvents() + answered.size());
    assertThat(answered).as("the seqs the works were given").doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(oneTo(last).subList(c.firstEvents(), (int) last));
    assertThat(storedSeqs(c.caseId())).isEqualTo(oneTo(last));
    assertThat(published.seqsOf(c.caseId()).stream().sorted().toList()).as("each committed event published once").isEqualTo(oneTo(last));
    assertThat(publishedMarks(c.caseId())).as("nothing of a failed change is published").allMatch(okMarks::contains);
    List<AuditEntry> rows = audit.committedFor(c.caseId());
    assertThat(rows).as("one audit row for the submission and one per committed change").hasSize(1 + okMarks.size());
    assertThat(rows.stream().filter(e -> e.action() == AuditAction.CASE_RATED).map(e -> e.detail().getJsonArray("seqs").getInteger(0)))
        .as("each audit row names the first seq of its change").doesNotHaveDuplicates().allMatch(answered::contains);
  }

  @Test
  void concurrentChangesOfSeveralCasesKeepEachCaseGapFree() {
    List<CaseFixtures.CaseDraft> cases = IntStream.range(0, 4).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"), item("b", "dept-b", "a")))
        .toList();
    CaseFixtures.createAll(log, cases);
    List<Future<List<Integer>>> changes = new ArrayList<>();
    for (int k = 0; k < 80; k++) {
      UUID caseId = cases.get(k % cases.size()).caseId();
      changes.add(change(caseId, k % 5 == 0 ? failing(k, "m" + k) : appends(1, "m" + k)));
    }
    for (int k = 0; k < changes.size(); k++) {
      if (k % 5 == 0) Await.failure(changes.get(k));
      else Await.result(changes.get(k));
    }
    for (CaseFixtures.CaseDraft c : cases) {
      long last = lastSeq(c.caseId());
      assertThat(last).as("16 changes of which 4 failed").isEqualTo(c.firstEvents() + 16);
      assertThat(storedSeqs(c.caseId())).isEqualTo(oneTo(last));
      assertThat(published.seqsOf(c.caseId()).stream().sorted().toList()).isEqualTo(oneTo(last));
    }
  }

  @Test
  void aFailedChangeConsumesNoSeqPublishesNothingAndLeavesNoAuditRow() {
    CaseFixtures.CaseDraft c = created(log, item("a", "dept-a"));
    int first = c.firstEvents();
    assertThat(audit.committedFor(c.caseId())).extracting(AuditEntry::action).containsExactly(AuditAction.CASE_SUBMITTED);

    Throwable failed = Await.failure(change(c.caseId(), tx -> {
      tx.event(marked("lost-1"));
      tx.event(marked("lost-2"));
      return Future.failedFuture(new IllegalStateException("the work gave up"));
    }));
    assertThat(failed).hasMessage("the work gave up");
    DomainError refused = (DomainError) Await.failure(change(c.caseId(), failing(1, "lost-3")));
    assertThat(refused.kind()).as("a DomainError thrown by the work reaches the caller as is").isEqualTo(DomainError.Kind.CONFLICT);

    audit.refuse(e -> e.action() == AuditAction.CASE_RATED);
    Throwable auditFailed = Await.failure(change(c.caseId(), appends(1, "lost-4")));
    assertThat(auditFailed).as("the audit row is part of the change").hasMessageContaining("audit trail refused");
    audit.refuse(e -> false);

    assertThat(lastSeq(c.caseId())).isEqualTo(first);
    assertThat(storedSeqs(c.caseId())).isEqualTo(oneTo(first));
    assertThat(published.seqsOf(c.caseId())).isEqualTo(oneTo(first));
    assertThat(audit.committedFor(c.caseId())).extracting(AuditEntry::action).containsExactly(AuditAction.CASE_SUBMITTED);

    assertThat(Await.result(change(c.caseId(), appends(1, "kept")))).as("the next change takes the next seq").containsExactly(first + 1);
    assertThat(publishedMarks(c.caseId())).containsExactly("kept");
    DomainError unknown = (DomainError) Await.failure(change(UUID.randomUUID(), appends(1, "x")));
    assertThat(unknown.kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
  }

  @Test
  void aChangeThatChangesNothingWritesNothing() {
    CaseFixtures.CaseDraft c = created(log, item("a", "dept-a"));
    String updatedAt = column("SELECT updated_at FROM cases WHERE case_id = $1", c.caseId()).get(0);
    published.clear();
    audit.clear();
    String answer = Await.result(log.change(c.caseId(), ACTOR, AuditAction.CASE_RATED, tx -> Future.succeededFuture("looked")));
    assertThat(answer).isEqualTo("looked");
    assertThat(lastSeq(c.caseId())).isEqualTo(c.firstEvents());
    assertThat(column("SELECT updated_at FROM cases WHERE case_id = $1", c.caseId())).containsExactly(updatedAt);
    assertThat(published.batches()).isEmpty();
    assertThat(audit.committedAppends()).as("no audit row for a change that changed nothing").isEmpty();
  }

  /** Moves the items {@code codes} to {@code to} in one change. */
  private static void move(CaseFixtures.CaseDraft c, ItemStatus to, String... codes) {
    Await.result(log.change(c.caseId(), ACTOR, AuditAction.ITEM_STATUS, tx -> {
      for (String code : codes) tx.move(tx.item(c.itemId(code)), to, EventType.ItemStatusChanged, new JsonObject());
      return Future.succeededFuture(null);
    }));
  }

  private static String caseStatus(UUID caseId) {
    return column("SELECT status FROM cases WHERE case_id = $1", caseId).get(0);
  }

  private static ProgressEvent lastEvent(UUID caseId) {
    List<ProgressEvent> all = published.of(caseId);
    return all.stream().max(Comparator.comparingInt(ProgressEvent::seq)).orElseThrow();
  }

  @Test
  void theCaseStatusFollowsFromItsItems() {
    CaseFixtures.CaseDraft c = created(log, item("a", "dept-a"), item("b", "dept-b", "a"));
    assertThat(caseStatus(c.caseId())).isEqualTo("SUBMITTED");
    move(c, ItemStatus.DISPATCHED, "a");
    assertThat(caseStatus(c.caseId())).isEqualTo("IN_PROGRESS");
    assertThat(lastEvent(c.caseId())).extracting(ProgressEvent::type, ProgressEvent::status).containsExactly("CaseStatusChanged", "IN_PROGRESS");
    move(c, ItemStatus.RETURNED, "a");
    assertThat(caseStatus(c.caseId())).isEqualTo("NEEDS_SUPPLEMENT");
    move(c, ItemStatus.CANCELLED, "a", "b");
    assertThat(caseStatus(c.caseId())).as("every item final, not all completed").isEqualTo("REJECTED");
    assertThat(published.of(c.caseId()).stream().map(ProgressEvent::type).toList()).endsWith("CaseRejected", "ResultsDelivered");
    assertThat(number("SELECT count(*) FROM result_deliveries WHERE case_id = $1 AND status = 'NOTHING_ISSUED'", c.caseId()))
        .as("一次送达 at every end: nothing issued, and it says so").isEqualTo(1);

    CaseFixtures.CaseDraft done = created(log, item("a", "dept-a"), item("b", "dept-b", "a"));
    move(done, ItemStatus.DISPATCHED, "a");
    move(done, ItemStatus.COMPLETED, "a");
    assertThat(caseStatus(done.caseId())).as("b still waits").isEqualTo("IN_PROGRESS");
    move(done, ItemStatus.QUEUED, "b");
    move(done, ItemStatus.DISPATCHED, "b");
    move(done, ItemStatus.COMPLETED, "b");
    assertThat(caseStatus(done.caseId())).isEqualTo("COMPLETED");
    assertThat(published.of(done.caseId()).stream().map(ProgressEvent::type).toList()).endsWith("CaseCompleted", "ResultsDelivered");
    assertThat(number("SELECT count(*) FROM result_deliveries WHERE case_id = $1", done.caseId())).as("一次送达").isEqualTo(1);
    assertThat(storedSeqs(done.caseId())).isEqualTo(oneTo(lastSeq(done.caseId())));
  }

  /** Three committed cases, in the order {@link CaseLog#changeEach} locks them (UUID order). */
  private static List<UUID> threeCasesInLockOrder() {
    List<CaseFixtures.CaseDraft> cases = IntStream.range(0, 3).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"))).toList();
    CaseFixtures.createAll(log, cases);
    return cases.stream().map(CaseFixtures.CaseDraft::caseId).sorted().toList();
  }

  private static CaseLog.Change<List<Integer>> each(UUID caseId, String mark) {
    return new CaseLog.Change<>(caseId, appends(1, mark));
  }

  /** A change of {@code caseId} that holds the case locked until {@code release} completes; {@code locked} completes once it does. */
  private static Future<List<Integer>> holdLocked(UUID caseId, Promise<Void> locked, Promise<Void> release) {
    return change(caseId, tx -> {
      locked.complete();
      return release.future().compose(v -> appends(1, "holder").apply(tx));
    });
  }

  private static void awaitWaiters(String what, int sessions) {
    Await.until(what, () -> StoreTestDatabase.sessionsWaitingForALock() >= sessions);
  }

  @Test
  void changeEachLocksItsCasesInIdOrder() {
    List<UUID> ids = threeCasesInLockOrder();
    UUID low = ids.get(0), mid = ids.get(1), high = ids.get(2);
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<List<Integer>> holder = holdLocked(mid, locked, release);
    Await.result(locked.future());

    Future<List<List<Integer>>> batch = log.changeEach(List.of(each(high, "batch"), each(low, "batch"), each(mid, "batch")),
        ACTOR, AuditAction.CASE_RATED);
    awaitWaiters("the batch waiting for the middle case", 1);
    List<Integer> highFirst = Await.result(change(high, appends(1, "single")));
    assertThat(batch.isComplete()).as("the batch still waits for the middle case").isFalse();
    Future<List<Integer>> lowAfter = change(low, appends(1, "single"));
    awaitWaiters("a change of the lowest case waiting for the batch, which locked it first", 2);

    release.complete();
    List<List<Integer>> results = Await.result(batch);
    Await.result(holder);
    int first = 2;
    assertThat(highFirst).as("the highest case was not locked yet: the single change came first").containsExactly(first + 1);
    assertThat(results).as("answers in the order given: high, low, mid")
        .containsExactly(List.of(first + 2), List.of(first + 1), List.of(first + 2));
    assertThat(Await.result(lowAfter)).as("the lowest case was held by the batch").containsExactly(first + 2);
  }

  @Test
  void twoBatchesOverTheSameCasesInOppositeOrdersBothComplete() {
    List<UUID> ids = threeCasesInLockOrder();
    UUID low = ids.get(0), mid = ids.get(1), high = ids.get(2);
    Promise<Void> locked = Promise.promise();
    Promise<Void> release = Promise.promise();
    Future<List<Integer>> holder = holdLocked(mid, locked, release);
    Await.result(locked.future());
    // Both start while the middle case is held; locking in the order given, the first would hold low and the
    // second high, each then waiting for what the other holds: PostgreSQL would abort one as a deadlock.
    Future<List<List<Integer>>> up = log.changeEach(List.of(each(low, "up"), each(mid, "up"), each(high, "up")), ACTOR,
        AuditAction.CASE_RATED);
    Future<List<List<Integer>>> down = log.changeEach(List.of(each(high, "down"), each(mid, "down"), each(low, "down")), ACTOR,
        AuditAction.CASE_RATED);
    awaitWaiters("both batches waiting", 2);
    release.complete();
    Await.result(holder);
    assertThat(Await.result(up)).hasSize(3);
    assertThat(Await.result(down)).hasSize(3);
    for (UUID id : ids) assertThat(storedSeqs(id)).isEqualTo(oneTo(id.equals(mid) ? 5 : 4));
  }

  @Test
  void manyConcurrentBatchesInOppositeOrdersAllComplete() {
    List<CaseFixtures.CaseDraft> cases = IntStream.range(0, 5).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"))).toList();
    CaseFixtures.createAll(log, cases);
    List<UUID> forward = cases.stream().map(CaseFixtures.CaseDraft::caseId).toList();
    List<UUID> backward = new ArrayList<>(forward);
    java.util.Collections.reverse(backward);
    List<Future<List<List<Integer>>>> batches = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      List<UUID> order = round % 2 == 0 ? forward : backward;
      batches.add(log.changeEach(order.stream().map(id -> each(id, "b")).toList(), ACTOR, AuditAction.CASE_RATED));
    }
    batches.forEach(Await::result);
    for (UUID id : forward) assertThat(storedSeqs(id)).isEqualTo(oneTo(2 + 20));
  }

  @Test
  void aBatchIsOneCommitWithOneAuditAppendAndOnePublish() {
    List<UUID> ids = threeCasesInLockOrder();
    UUID a = ids.get(2), b = ids.get(0), c = ids.get(1);
    audit.clear();
    published.clear();
    List<List<Integer>> results = Await.result(log.changeEach(
        List.of(each(a, "a1"), each(b, "b1"), each(a, "a2"), each(c, "c1")), ACTOR, AuditAction.CASE_RATED));
    assertThat(results).as("in the order given; two changes of one case run in turn")
        .containsExactly(List.of(3), List.of(3), List.of(4), List.of(3));
    assertThat(column("SELECT DISTINCT xmin::text FROM cases WHERE case_id = ANY($1)", (Object) ids.toArray(UUID[]::new)))
        .as("every case row written by one transaction").hasSize(1);
    assertThat(audit.committedAppends()).as("one append, one row per case").hasSize(1);
    assertThat(audit.committedAppends().get(0)).extracting(AuditEntry::caseId).containsExactlyInAnyOrder(a, b, c);
    assertThat(published.batches()).as("one publish after the commit").hasSize(1);
    assertThat(published.batches().get(0)).hasSize(4);
    assertThat(publishedMarks(a)).containsExactly("a1", "a2");
  }

  /**
   * A batch costs statements per batch, not per case: counted by statement-level triggers made for
   * the test, the cases are updated once (their counters, and the new status with them: no second
   * row update rewriting the form) and the events inserted once, whatever the number of cases.
   */
  @Test
  void aBatchWritesItsCasesAndEventsWithOneStatementEach() {
    List<CaseFixtures.CaseDraft> drafts = IntStream.range(0, 4).mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"))).toList();
    CaseFixtures.createAll(log, drafts);
    StoreTestDatabase.sql("CREATE TABLE IF NOT EXISTS test_statements (tbl text, rows_changed int)");
    StoreTestDatabase.sql("""
        CREATE OR REPLACE FUNCTION test_count_statement() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO test_statements SELECT TG_TABLE_NAME, (SELECT count(*) FROM changed);
          RETURN NULL;
        END $$""");
    StoreTestDatabase.sql("CREATE TRIGGER test_cases_updates AFTER UPDATE ON cases REFERENCING NEW TABLE AS changed "
        + "FOR EACH STATEMENT EXECUTE FUNCTION test_count_statement()");
    StoreTestDatabase.sql("CREATE TRIGGER test_events_inserts AFTER INSERT ON case_events REFERENCING NEW TABLE AS changed "
        + "FOR EACH STATEMENT EXECUTE FUNCTION test_count_statement()");
    try {
      List<CaseLog.Change<Boolean>> changes = drafts.stream().map(d -> new CaseLog.Change<Boolean>(d.caseId(), tx -> {
        ItemState a = tx.items().get(0);
        tx.move(a, ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
        return Future.succeededFuture(true);
      })).toList();
      Await.result(log.changeEach(changes, ACTOR, AuditAction.ITEM_DISPATCHED));
      assertThat(column("SELECT tbl || ':' || rows_changed FROM test_statements ORDER BY tbl"))
          .as("one update of the four cases (counter and status together), one insert of their eight events")
          .containsExactly("case_events:8", "cases:4");
    } finally {
      StoreTestDatabase.sql("DROP TRIGGER test_cases_updates ON cases");
      StoreTestDatabase.sql("DROP TRIGGER test_events_inserts ON case_events");
      StoreTestDatabase.sql("DROP TABLE test_statements");
    }
    for (CaseFixtures.CaseDraft d : drafts) {
      assertThat(caseStatus(d.caseId())).isEqualTo("IN_PROGRESS");
      assertThat(storedSeqs(d.caseId())).isEqualTo(oneTo(lastSeq(d.caseId())));
    }
  }

  @Test
  void aBatchNamingAnUnknownCaseFailsAsNotFoundAndWritesNothing() {
    List<UUID> ids = threeCasesInLockOrder();
    audit.clear();
    published.clear();
    DomainError unknown = (DomainError) Await.failure(log.changeEach(
        List.of(each(ids.get(0), "x"), each(UUID.randomUUID(), "x"), each(ids.get(2), "x")), ACTOR, AuditAction.CASE_RATED));
    assertThat(unknown.kind()).isEqualTo(DomainError.Kind.NOT_FOUND);
    for (UUID id : ids) assertThat(storedSeqs(id)).isEqualTo(oneTo(2));
    assertThat(published.batches()).isEmpty();
    assertThat(audit.committedAppends()).isEmpty();
  }

  /**
   * Fails today: {@code changeEach} waits for its cases' chains with {@code Future.all}, which fails
   * as soon as one work fails while the other cases' {@code finish()} chains are still issuing
   * statements; the rollback goes out first, and an event INSERT issued after it runs outside the
   * transaction and commits (seq 3 stored while {@code last_seq} stays 2), after which every change
   * of that case fails on the duplicate seq. Waiting for every chain ({@code Future.join}) before
   * failing would keep all of them inside the transaction.
   */
  @Test
  void aFailingWorkRollsBackTheWholeBatch() {
    List<UUID> ids = threeCasesInLockOrder();
    audit.clear();
    published.clear();
    Throwable failed = Await.failure(log.changeEach(
        List.of(each(ids.get(0), "x"), new CaseLog.Change<>(ids.get(1), failing(0, "bad")), each(ids.get(2), "x")),
        ACTOR, AuditAction.CASE_RATED));
    assertThat(failed).hasMessageEndingWith("bad");
    for (UUID id : ids) {
      assertThat(lastSeq(id)).isEqualTo(2);
      assertThat(storedSeqs(id)).as("no event of the batch is left").isEqualTo(oneTo(2));
    }
    assertThat(published.batches()).isEmpty();
    assertThat(audit.committedAppends()).isEmpty();
    for (UUID id : ids) assertThat(Await.result(change(id, appends(1, "after")))).as("the case goes on at seq 3").containsExactly(3);
  }

  /**
   * V18: {@code create} writes each new item's region (its case's), so the trigger that looks it up runs only
   * for rows inserted without one (nodes of the older version during a rolling upgrade); and the federation
   * outbox trigger runs its function only for the item status events it reports.
   */
  @Test
  void createWritesEveryItemsRegionWithoutATrigger() {
    assertThat(column("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'case_items_region'").get(0))
        .as("the lookup only for rows without a region").contains("WHEN ((new.region IS NULL))");
    assertThat(column("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'case_events_federation_report'").get(0))
        .contains("WHEN").contains("ItemStatusChanged");
    CaseFixtures.CaseDraft office = CaseFixtures.newCaseIn("430481", item("a", "dept-a"), item("b", "dept-b", "a"));
    CaseFixtures.CaseDraft before = CaseFixtures.newCase(item("a", "dept-a"));
    CaseFixtures.createAll(log, List.of(office, before));
    assertThat(column("SELECT region FROM case_items WHERE case_id = $1", office.caseId())).containsExactly("430481", "430481");
    assertThat(column("SELECT region FROM case_items WHERE case_id = $1", before.caseId())).containsExactly("430400");
    // an older node's insert names no region: the trigger still fills it from the case
    assertThat(column("""
        INSERT INTO case_items SELECT (jsonb_populate_record(NULL::case_items, to_jsonb(i)
          || jsonb_build_object('item_id', gen_random_uuid(), 'position', 99, 'region', NULL))).*
        FROM case_items i WHERE case_id = $1 LIMIT 1 RETURNING region""", office.caseId())).containsExactly("430481");
  }

  @Test
  void createWritesOnlyTheCasesWhoseClaimWon() {
    List<CaseFixtures.CaseDraft> drafts = IntStream.range(0, 3)
        .mapToObj(k -> CaseFixtures.newCase(item("a", "dept-a"), item("b", "dept-b", "a"))).toList();
    Set<UUID> won = Set.of(drafts.get(0).caseId(), drafts.get(2).caseId());
    assertThat(Await.result(CaseFixtures.create(log, drafts, conn -> Future.succeededFuture(won)))).isEqualTo(won);

    assertThat(column("SELECT case_id FROM cases")).containsExactlyInAnyOrderElementsOf(won.stream().map(UUID::toString).toList());
    assertThat(column("SELECT DISTINCT case_id FROM case_items")).hasSize(2);
    assertThat(column("SELECT status FROM case_items WHERE case_id = $1 ORDER BY position", drafts.get(0).caseId()))
        .containsExactly("QUEUED", "WAITING");
    for (UUID id : won) {
      assertThat(storedSeqs(id)).isEqualTo(oneTo(2));
      assertThat(published.seqsOf(id)).isEqualTo(oneTo(2));
    }
    assertThat(published.of(drafts.get(1).caseId())).isEmpty();
    assertThat(audit.committedAppends()).as("one append for the batch").hasSize(1);
    assertThat(audit.committedAppends().get(0)).extracting(AuditEntry::caseId).containsExactlyInAnyOrderElementsOf(won);
    assertThat(audit.committedAppends().get(0)).extracting(AuditEntry::action).containsOnly(AuditAction.CASE_SUBMITTED);

    audit.clear();
    published.clear();
    List<CaseFixtures.CaseDraft> lost = List.of(CaseFixtures.newCase(item("a", "dept-a")));
    assertThat(Await.result(CaseFixtures.create(log, lost, conn -> Future.succeededFuture(Set.of())))).isEmpty();
    Throwable claimFailed = Await.failure(CaseFixtures.create(log, lost, conn -> Future.failedFuture(new IllegalStateException("claim failed"))));
    assertThat(claimFailed).hasMessage("claim failed");
    assertThat(number("SELECT count(*) FROM cases")).isEqualTo(2);
    assertThat(published.batches()).isEmpty();
    assertThat(audit.committedAppends()).isEmpty();
  }
}

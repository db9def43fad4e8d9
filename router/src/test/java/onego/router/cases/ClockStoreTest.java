package onego.router.cases;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import onego.domain.Actor;
import onego.domain.AuditAction;
import onego.domain.Catalog;
import onego.domain.DomainError;
import onego.domain.EventType;
import onego.domain.ItemSpec;
import onego.domain.ItemStatus;
import onego.domain.Lifecycle;
import onego.domain.ProcedureLimit;
import onego.domain.Produces;
import onego.domain.SpecialProcedure;
import onego.domain.Thing;
import onego.domain.Times;
import onego.domain.WorkingCalendar;
import onego.router.Await;
import onego.router.StoreTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static onego.router.StoreTestDatabase.rows;
import static onego.router.StoreTestDatabase.sql;
import static onego.router.cases.CaseFixtures.ZONE;
import static onego.router.cases.CaseFixtures.created;
import static onego.router.cases.CaseFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Item clocks in the case home against PostgreSQL ({@link Clocks}, {@link Suspensions}, rules in
 * {@link onego.domain.ItemClock}): a stop that began seven calendar days ago (backdated in the row,
 * since the flow's clock is the real one) across one weekend and one holiday ends today and moves
 * {@code dueAt} by its 4 working days; no card while the clock stands still; SUSPENDED only for a
 * listed procedure (422), from ACCEPTED or IN_PROGRESS (409), and no further than its maximum days.
 */
class ClockStoreTest {
  private static final LocalDate TODAY = LocalDate.now(ZONE);
  /** The stop began seven days ago: the days after it up to today hold one Saturday, one Sunday and {@link #HOLIDAY}. */
  private static final LocalDate STOPPED_ON = TODAY.minusDays(7);
  private static final LocalDate HOLIDAY = firstWeekdayAfter(STOPPED_ON);
  /** 7 days − Saturday − Sunday − the holiday. */
  private static final int STOPPED_WORKING_DAYS = 4;
  /**
   * The holiday, and two weekdays declared working days (no effect on any count; they make the
   * stop's year and this year configured, so no statutory holiday of an unconfigured year interferes).
   */
  private static final WorkingCalendar CALENDAR = new WorkingCalendar(ZONE, Set.of(HOLIDAY),
      Set.of(weekdayOfTheYear(STOPPED_ON, HOLIDAY), weekdayOfTheYear(TODAY, HOLIDAY)));

  private static final String DEPT = "civil";
  private static CaseLog log;
  private static ItemFlow flow;
  private static CaseReads reads;

  @BeforeAll
  static void wire() {
    PublishedEvents published = new PublishedEvents(StoreTestDatabase.vertx());
    log = new CaseLog(StoreTestDatabase.pool(), published.publisher(), ZONE, new RecordingAuditSink());
    flow = new ItemFlow(StoreTestDatabase.pool(), log, catalog(), CALENDAR);
    reads = new CaseReads(StoreTestDatabase.pool());
  }

  @BeforeEach
  void reset() {
    StoreTestDatabase.resetTables();
  }

  /** The fixture thing: item {@code subsidy} lists 公示 for at most 7 working days; {@code plain} lists nothing. */
  private static Catalog catalog() {
    ItemSpec subsidy = spec("subsidy", List.of(new ProcedureLimit(SpecialProcedure.PUBLICITY, 7, "民发〔2021〕57号 公示期7天")));
    ItemSpec plain = spec("plain", List.of());
    Thing thing = new Thing(CaseFixtures.THING, "测试", "theme", Lifecycle.PERSONAL, false, List.of("person"), DEPT, List.of("electronic"),
        List.of(subsidy, plain));
    return new Catalog(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(CaseFixtures.THING, thing));
  }

  private static ItemSpec spec(String code, List<ProcedureLimit> procedures) {
    return new ItemSpec(code, code, DEPT, 10, BigDecimal.ZERO, "", List.of(), List.of(), null, List.of(), List.of(), List.of(), List.of(),
        Produces.NOTHING, Map.of(), List.of(), List.of(), onego.domain.OnlineAvailability.DEFAULT, procedures);
  }

  private static LocalDate firstWeekdayAfter(LocalDate d) {
    LocalDate x = d.plusDays(1);
    while (x.getDayOfWeek() == DayOfWeek.SATURDAY || x.getDayOfWeek() == DayOfWeek.SUNDAY) x = x.plusDays(1);
    return x;
  }

  private static LocalDate weekdayOfTheYear(LocalDate near, LocalDate not) {
    for (int k = 0; ; k++) {
      for (LocalDate x : List.of(near.minusDays(k), near.plusDays(k))) {
        boolean weekday = x.getDayOfWeek() != DayOfWeek.SATURDAY && x.getDayOfWeek() != DayOfWeek.SUNDAY;
        if (weekday && x.getYear() == near.getYear() && !x.equals(not)) return x;
      }
    }
  }

  private static Actor department() {
    return new Actor("key:dept-" + DEPT, "department", DEPT);
  }

  private static ItemAnswer report(UUID itemId, ItemStatus status, JsonObject suspension) {
    return Await.result(flow.departmentStatus(department(), DEPT, itemId, status, "note", null, suspension, null));
  }

  private static DomainError refusal(UUID itemId, ItemStatus status, JsonObject suspension) {
    return (DomainError) Await.failure(flow.departmentStatus(department(), DEPT, itemId, status, "note", null, suspension, null));
  }

  private static JsonObject publicity(LocalDate until) {
    return new JsonObject().put("procedure", "publicity").put("until", until.toString());
  }

  private static CaseFixtures.CaseDraft acceptedCase() {
    CaseFixtures.CaseDraft c = created(log, item("subsidy", DEPT), item("plain", DEPT));
    Await.result(log.change(c.caseId(), ItemFlow.DISPATCH, AuditAction.ITEM_DISPATCHED, tx -> {
      for (ItemState i : tx.items()) tx.move(i, ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
      return Future.succeededFuture(null);
    }));
    report(c.itemId("subsidy"), ItemStatus.ACCEPTED, null);
    report(c.itemId("plain"), ItemStatus.ACCEPTED, null);
    return c;
  }

  private static OffsetDateTime endOf(LocalDate d) {
    return ZonedDateTime.of(d, LocalTime.of(23, 59, 59), ZONE).toOffsetDateTime();
  }

  /** Sets the item's due date and backdates the start of its current stop to {@link #STOPPED_ON}, 10:00. */
  private static void backdateStop(UUID itemId, OffsetDateTime dueAt) {
    sql("UPDATE case_items SET due_at = $2, clock_stopped_at = $3 WHERE item_id = $1", itemId, dueAt,
        ZonedDateTime.of(STOPPED_ON, LocalTime.of(10, 0), ZONE).toOffsetDateTime());
  }

  private static ItemRow row(UUID itemId) {
    return Await.result(reads.item(itemId));
  }

  @Test
  void theFixtureStopCrossesOneWeekendAndOneHoliday() {
    assertThat(CALENDAR.workingDaysAfter(STOPPED_ON, TODAY)).isEqualTo(STOPPED_WORKING_DAYS);
  }

  @Test
  void aReturnedItemsDueAtMovesByTheWorkingDaysUntilTheSupplementAndNoRedCardIsRaisedMeanwhile() {
    CaseFixtures.CaseDraft c = acceptedCase();
    UUID item = c.itemId("plain");
    report(item, ItemStatus.RETURNED, null);
    assertThat(row(item).clockStoppedAt()).isNotNull();
    OffsetDateTime pastDue = endOf(STOPPED_ON.plusDays(1));
    backdateStop(item, pastDue); // it would be overdue, were its clock running

    OffsetDateTime now = Times.now(ZONE);
    assertThat(Await.result(reads.overdueWithoutRedCard(now, 100))).extracting(ItemRow::itemId).doesNotContain(item);
    assertThat(Await.result(flow.raiseCard(c.caseId(), item, true))).isFalse();
    assertThat(row(item).redAt()).isNull();
    assertThat(row(item).clock(CALENDAR, now).running()).isFalse();

    ItemAnswer answer = Await.result(flow.supplement(CaseFixtures.CHANNEL, c.caseId(), item, new JsonObject(), new io.vertx.core.json.JsonArray()));
    ItemRow after = row(item);
    assertThat(after.status()).isEqualTo(ItemStatus.QUEUED);
    assertThat(after.clockStoppedAt()).isNull();
    assertThat(after.stoppedDays()).isEqualTo(STOPPED_WORKING_DAYS);
    assertThat(CALENDAR.workingDaysAfter(pastDue.toLocalDate(), after.dueAt().atZoneSameInstant(ZONE).toLocalDate()))
        .isEqualTo(STOPPED_WORKING_DAYS);
    assertThat(after.dueAt()).isEqualTo(CALENDAR.due(pastDue, STOPPED_WORKING_DAYS));
    assertThat(answer.clock().running()).isTrue();
    assertThat(answer.clock().stoppedDays()).isEqualTo(STOPPED_WORKING_DAYS);
  }

  @Test
  void aPublicityAcrossAWeekendAndAHolidayMovesDueAtByItsWorkingDaysOnly() {
    CaseFixtures.CaseDraft c = acceptedCase();
    UUID item = c.itemId("subsidy");
    ItemAnswer suspended = report(item, ItemStatus.SUSPENDED, publicity(TODAY.plusDays(1)));
    assertThat(suspended.status()).isEqualTo(ItemStatus.SUSPENDED);
    assertThat(suspended.clock().running()).isFalse();
    assertThat(row(item).suspension().getString("procedure")).isEqualTo("publicity");
    OffsetDateTime due = endOf(TODAY.plusDays(20));
    backdateStop(item, due);

    ItemAnswer resumed = report(item, ItemStatus.IN_PROGRESS, null);
    assertThat(resumed.status()).isEqualTo(ItemStatus.IN_PROGRESS);
    ItemRow after = row(item);
    assertThat(after.suspension()).isNull();
    assertThat(after.stoppedDays()).isEqualTo(STOPPED_WORKING_DAYS);
    assertThat(after.dueAt()).isEqualTo(CALENDAR.due(due, STOPPED_WORKING_DAYS));
    // the events say so: ItemSuspended, then ItemResumed with the working days of the stop
    List<String> types = rows("SELECT type FROM case_events WHERE case_id = $1 AND item_id = $2 ORDER BY seq", c.caseId(), item)
        .stream().map(r -> r.getString(0)).toList();
    assertThat(types).containsSubsequence("ItemSuspended", "ItemResumed");
    JsonObject data = rows("SELECT data FROM case_events WHERE case_id = $1 AND type = 'ItemResumed'", c.caseId()).get(0).getJsonObject(0);
    assertThat(data.getInteger("stoppedDays")).isEqualTo(STOPPED_WORKING_DAYS);
    assertThat(data.getString("procedure")).isEqualTo("publicity");
  }

  @Test
  void aSuspensionPastItsUntilIsResumedCountingNoFurtherThanUntil() {
    CaseFixtures.CaseDraft c = acceptedCase();
    UUID item = c.itemId("subsidy");
    report(item, ItemStatus.SUSPENDED, publicity(TODAY));
    OffsetDateTime due = endOf(TODAY.plusDays(20));
    backdateStop(item, due);
    LocalDate until = TODAY.minusDays(1);
    sql("UPDATE case_items SET suspension = $2 WHERE item_id = $1", item, publicity(until));

    assertThat(Await.result(reads.suspensionsEndedBefore(TODAY, 10))).extracting(ItemRow::itemId).containsExactly(item);
    assertThat(Await.result(flow.resumeEnded(c.caseId(), item))).isTrue();
    ItemRow after = row(item);
    assertThat(after.status()).isEqualTo(ItemStatus.IN_PROGRESS);
    int expected = CALENDAR.workingDaysAfter(STOPPED_ON, until);
    assertThat(after.stoppedDays()).isEqualTo(expected).isLessThanOrEqualTo(STOPPED_WORKING_DAYS);
    assertThat(Await.result(flow.resumeEnded(c.caseId(), item))).isFalse();
  }

  @Test
  void aProcedureTheItemDoesNotListIsRefusedWith422() {
    CaseFixtures.CaseDraft c = acceptedCase();
    DomainError unlisted = refusal(c.itemId("plain"), ItemStatus.SUSPENDED, publicity(TODAY.plusDays(1)));
    assertThat(unlisted.kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(unlisted.details()).extracting(d -> d.field()).containsExactly("suspension.procedure");
    DomainError other = refusal(c.itemId("subsidy"), ItemStatus.SUSPENDED,
        new JsonObject().put("procedure", "hearing").put("until", TODAY.plusDays(1).toString()));
    assertThat(other.kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(refusal(c.itemId("subsidy"), ItemStatus.SUSPENDED, null).kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(row(c.itemId("subsidy")).status()).isEqualTo(ItemStatus.ACCEPTED);
  }

  @Test
  void anUntilBeyondTheProceduresMaximumOrInThePastIsRefusedWith422() {
    CaseFixtures.CaseDraft c = acceptedCase();
    LocalDate tooFar = TODAY;
    while (CALENDAR.workingDaysAfter(TODAY, tooFar) <= 7) tooFar = tooFar.plusDays(1);
    DomainError far = refusal(c.itemId("subsidy"), ItemStatus.SUSPENDED, publicity(tooFar));
    assertThat(far.details()).extracting(d -> d.field()).containsExactly("suspension.until");
    assertThat(refusal(c.itemId("subsidy"), ItemStatus.SUSPENDED, publicity(TODAY.minusDays(1))).kind()).isEqualTo(DomainError.Kind.INVALID);
    assertThat(report(c.itemId("subsidy"), ItemStatus.SUSPENDED, publicity(tooFar.minusDays(1))).status()).isEqualTo(ItemStatus.SUSPENDED);
  }

  @Test
  void aSuspensionFromTheWrongStateIs409() {
    CaseFixtures.CaseDraft c = created(log, item("subsidy", DEPT));
    // QUEUED: the department does not have it yet
    assertThat(refusal(c.itemId("subsidy"), ItemStatus.SUSPENDED, publicity(TODAY.plusDays(1))).kind())
        .isEqualTo(DomainError.Kind.ILLEGAL_TRANSITION);
  }

  @Test
  void aReleasedItemsClockStartsTheDayItIsReleased() {
    CaseFixtures.CaseDraft c = created(log, item("plain", DEPT), item("subsidy", DEPT, "plain"));
    UUID waiting = c.itemId("subsidy");
    assertThat(row(waiting).clock(CALENDAR, Times.now(ZONE))).satisfies(k -> {
      assertThat(k.running()).isFalse();
      assertThat(k.usedDays()).isZero();
    });
    Await.result(log.change(c.caseId(), ItemFlow.DISPATCH, AuditAction.ITEM_DISPATCHED, tx -> {
      tx.move(tx.item(c.itemId("plain")), ItemStatus.DISPATCHED, EventType.ItemDispatched, new JsonObject());
      return Future.succeededFuture(null);
    }));
    report(c.itemId("plain"), ItemStatus.COMPLETED, null);
    ItemRow released = row(waiting);
    assertThat(released.status()).isEqualTo(ItemStatus.QUEUED);
    assertThat(released.dueAt()).isEqualTo(CALENDAR.due(released.updatedAt(), released.limitDays()));
  }
}

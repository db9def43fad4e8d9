package onego.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock arithmetic ({@link ItemClock}) on the 2026 calendar: 中秋 Friday 25 September off,
 * 国庆 1-7 October off, Saturday 10 October a make-up working day (补班).
 */
class ItemClockTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final WorkingCalendar calendar = new WorkingCalendar(SHANGHAI,
      Set.of(LocalDate.parse("2026-09-25"), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-03"),
          LocalDate.parse("2026-10-04"), LocalDate.parse("2026-10-05"), LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07")),
      Set.of(LocalDate.parse("2026-10-10")));

  private static OffsetDateTime at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toOffsetDateTime();
  }

  /** Released Monday 21 September with 10 working days: 22-24 and 28-30 Sept, 8-10 (补班) and 12 Oct. */
  private final OffsetDateTime released = at("2026-09-21T09:00");
  private final OffsetDateTime due = calendar.due(released, 10);

  @Test
  void theDeadlineOfTheExampleSkipsTheHolidaysAndCountsTheMakeUpSaturday() {
    assertThat(due.toLocalDate()).isEqualTo(LocalDate.parse("2026-10-12"));
  }

  @Test
  void aPublicityAcrossAHolidayAndAWeekendStopsTheClockForItsWorkingDaysOnly() {
    // Suspended Thursday 24 Sept, resumed Tuesday 29 Sept: 25 (中秋), 26-27 (weekend) do not count; 28 and 29 do.
    int stopped = ItemClock.stopLength(calendar, at("2026-09-24T16:00"), LocalDate.parse("2026-09-29"), at("2026-09-29T10:00"));
    assertThat(stopped).isEqualTo(2);
    assertThat(ItemClock.moved(calendar, due, stopped).toLocalDate()).isEqualTo(LocalDate.parse("2026-10-14"));
  }

  @Test
  void aMakeUpSaturdayIsAStoppedWorkingDay() {
    assertThat(ItemClock.stopLength(calendar, at("2026-10-09T10:00"), null, at("2026-10-12T10:00"))).isEqualTo(2);
  }

  @Test
  void aSuspensionCountsNoFurtherThanItsUntil() {
    assertThat(ItemClock.stopLength(calendar, at("2026-09-24T10:00"), LocalDate.parse("2026-09-28"), at("2026-10-09T10:00"))).isEqualTo(1);
  }

  @Test
  void aStopEndedTheDayItBeganTakesNothingOffAndMovesNothing() {
    assertThat(ItemClock.stopLength(calendar, at("2026-09-24T09:00"), null, at("2026-09-24T17:00"))).isZero();
    assertThat(ItemClock.moved(calendar, due, 0)).isEqualTo(due);
  }

  @Test
  void aRunningClockCountsTheWorkingDaysSinceRelease() {
    ItemClock c = ItemClock.of(facts(ItemStatus.IN_PROGRESS, null, 0, null), calendar, at("2026-09-29T12:00"));
    assertThat(c).isEqualTo(new ItemClock(true, 5, 10, 0)); // 22, 23, 24, 28, 29
    assertThat(c.toJson().encode()).isEqualTo("{\"state\":\"running\",\"usedDays\":5,\"limitDays\":10,\"stoppedDays\":0}");
  }

  @Test
  void anOverdueClockCountsPastItsLimit() {
    assertThat(ItemClock.of(facts(ItemStatus.IN_PROGRESS, null, 0, null), calendar, at("2026-10-14T12:00")).usedDays()).isEqualTo(12);
  }

  @Test
  void aStoppedClockCountsUpToTheStopAndShowsTheStopSoFar() {
    ItemClock c = ItemClock.of(facts(ItemStatus.SUSPENDED, at("2026-09-24T10:00"), 1, LocalDate.parse("2026-10-30")), calendar,
        at("2026-09-29T12:00"));
    assertThat(c).isEqualTo(new ItemClock(false, 3, 10, 3)); // used 22-24; stopped 1 earlier + 28, 29
  }

  @Test
  void aReturnedItemStandsStill() {
    ItemClock c = ItemClock.of(facts(ItemStatus.RETURNED, at("2026-09-24T10:00"), 0, null), calendar, at("2026-10-09T12:00"));
    assertThat(c.running()).isFalse();
    assertThat(c.usedDays()).isEqualTo(3);
    assertThat(c.stoppedDays()).isEqualTo(5); // 28, 29, 30 Sept, 8 and 9 Oct
  }

  @Test
  void aWaitingItemHasNotStarted() {
    assertThat(ItemClock.of(facts(ItemStatus.WAITING, null, 0, null), calendar, at("2026-10-09T12:00")))
        .isEqualTo(new ItemClock(false, 0, 10, 0));
  }

  @Test
  void whichStatusesRunAndWhichStop() {
    assertThat(ItemClock.runs(ItemStatus.IN_PROGRESS)).isTrue();
    assertThat(ItemClock.runs(ItemStatus.RETURNED)).isFalse();
    assertThat(ItemClock.runs(ItemStatus.WAITING)).isFalse();
    assertThat(ItemClock.stops(ItemStatus.SUSPENDED)).isTrue();
    assertThat(ItemClock.stops(ItemStatus.COMPLETED)).isFalse();
  }

  private ItemClock.Facts facts(ItemStatus status, OffsetDateTime stoppedAt, int stoppedDays, LocalDate until) {
    return new ItemClock.Facts(status, 10, due, stoppedAt, stoppedDays, until, released);
  }

  /** Filed Wednesday 23 September 10:00; the next working day is Monday 28 (中秋 Friday 25, then the weekend). */
  @Test
  void aOneDayItemIsNotDueSoonWhenFiledOnlyOnItsDueDay() {
    OffsetDateTime filed = at("2026-09-23T10:00");
    OffsetDateTime oneDay = calendar.due(filed, 1);
    assertThat(oneDay.toLocalDate()).isEqualTo(LocalDate.parse("2026-09-24"));
    assertThat(ItemClock.dueSoon(calendar, oneDay, 1, filed.plusSeconds(2))).as("two seconds after filing").isFalse();
    assertThat(ItemClock.dueSoon(calendar, oneDay, 1, at("2026-09-23T23:00"))).isFalse();
    assertThat(ItemClock.dueSoon(calendar, oneDay, 1, at("2026-09-24T08:00"))).as("on its due day").isTrue();
    assertThat(ItemClock.dueSoon(calendar, oneDay, 1, at("2026-09-25T08:00"))).as("past due is red, not yellow").isFalse();
  }

  @Test
  void aTwoDayItemTurnsYellowOnItsDueDayALongerOneAWorkingDayBefore() {
    OffsetDateTime filed = at("2026-09-21T10:00");
    OffsetDateTime twoDays = calendar.due(filed, 2);
    assertThat(ItemClock.dueSoon(calendar, twoDays, 2, at("2026-09-22T10:00"))).isFalse();
    assertThat(ItemClock.dueSoon(calendar, twoDays, 2, at("2026-09-23T10:00"))).isTrue();
    OffsetDateTime threeDays = calendar.due(filed, 3); // Thursday 24
    assertThat(ItemClock.dueSoon(calendar, threeDays, 3, at("2026-09-22T10:00"))).isFalse();
    assertThat(ItemClock.dueSoon(calendar, threeDays, 3, at("2026-09-23T10:00"))).isTrue();
    // ten days, due Monday 12 October: yellow from Saturday 10 October (补班), the working day before; not on Friday 9
    assertThat(ItemClock.dueSoon(calendar, due, 10, at("2026-10-09T10:00"))).isFalse();
    assertThat(ItemClock.dueSoon(calendar, due, 10, at("2026-10-10T10:00"))).isTrue();
    assertThat(ItemClock.dueSoon(calendar, due, 10, at("2026-10-11T10:00"))).as("Sunday: the due day is the next working day").isTrue();
  }

  @Test
  void anImmediateItemIsNeverDueSoon() {
    OffsetDateTime filed = at("2026-09-21T10:00");
    assertThat(ItemClock.dueSoon(calendar, calendar.due(filed, 0), 0, filed.plusSeconds(2))).isFalse();
  }
}

package onego.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingCalendarTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  // National Day 2026: 1-7 October off; Sunday 20 September and Saturday 10 October are working days.
  private final WorkingCalendar calendar = new WorkingCalendar(SHANGHAI,
      Set.of(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-02"), LocalDate.parse("2026-10-05"),
          LocalDate.parse("2026-10-06"), LocalDate.parse("2026-10-07")),
      Set.of(LocalDate.parse("2026-10-10")));

  private static OffsetDateTime at(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toOffsetDateTime();
  }

  @Test
  void countsFromTheNextWorkingDaySkippingWeekends() {
    // Friday 2026-11-27 + 1 working day = Monday 30 November.
    assertThat(calendar.due(at("2026-11-27T10:00"), 1).toLocalDate()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(calendar.due(at("2026-11-27T10:00"), 5).toLocalDate()).isEqualTo(LocalDate.parse("2026-12-04"));
  }

  @Test
  void skipsHolidaysAndCountsMakeUpDays() {
    // Wednesday 30 September + 2 working days: 1-7 October off, Thursday 8, Friday 9.
    assertThat(calendar.due(at("2026-09-30T16:00"), 2).toLocalDate()).isEqualTo(LocalDate.parse("2026-10-09"));
    // + 3: Saturday 10 October is a make-up working day.
    assertThat(calendar.due(at("2026-09-30T16:00"), 3).toLocalDate()).isEqualTo(LocalDate.parse("2026-10-10"));
  }

  @Test
  void zeroDaysEndsTodayOrTheNextWorkingDay() {
    OffsetDateTime due = calendar.due(at("2026-11-27T10:00"), 0);
    assertThat(due.toLocalDate()).isEqualTo(LocalDate.parse("2026-11-27"));
    assertThat(due.toLocalTime().getHour()).isEqualTo(23);
    assertThat(calendar.due(at("2026-11-28T10:00"), 0).toLocalDate()).as("Saturday").isEqualTo(LocalDate.parse("2026-11-30"));
  }

  @Test
  void usesTheCalendarsZoneNotTheCallers() {
    // 2026-11-27T20:00Z is already Saturday 04:00 in Shanghai.
    OffsetDateTime utc = OffsetDateTime.parse("2026-11-27T20:00:00Z");
    assertThat(calendar.due(utc, 0).toLocalDate()).isEqualTo(LocalDate.parse("2026-11-30"));
    assertThat(calendar.due(utc, 0).getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
  }

  @Test
  void beyondTheConfiguredYearsTheStatutoryHolidaysStillCount() {
    // Thursday 31 December 2026 + 1 working day: Friday 1 January 2027 is 元旦, so Monday 4 January.
    assertThat(calendar.due(at("2026-12-31T10:00"), 1).toLocalDate()).isEqualTo(LocalDate.parse("2027-01-04"));
    // 2027 劳动节 falls on Saturday 1 and Sunday 2 May: made up on Monday 3 and Tuesday 4 May.
    assertThat(calendar.due(at("2027-04-30T10:00"), 1).toLocalDate()).isEqualTo(LocalDate.parse("2027-05-05"));
  }

  @Test
  void aConfiguredYearIsTakenAsItsNoticeSays() {
    // 2026 is configured (October only, in this test): 1 January 2026 is then an ordinary Thursday.
    assertThat(calendar.isWorkingDay(LocalDate.parse("2026-01-01"))).isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.parse("2027-01-01"))).isFalse();
  }

  @Test
  void dueDatesPastTheConfiguredYearsAreProvisional() {
    assertThat(calendar.configuredThrough()).isEqualTo(LocalDate.parse("2026-12-31"));
    assertThat(calendar.provisional(calendar.due(at("2026-12-30T10:00"), 1))).as("31 December 2026").isFalse();
    assertThat(calendar.provisional(calendar.due(at("2026-12-31T10:00"), 1))).as("4 January 2027").isTrue();
    assertThat(calendar.provisional(at("2025-06-01T10:00"))).as("before the first configured year").isTrue();
  }

  @Test
  void theConfiguredStretchEndsAtTheFirstMissingYear() {
    WorkingCalendar gap = new WorkingCalendar(SHANGHAI, Set.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2028-01-01")), Set.of());
    assertThat(gap.configuredThrough()).isEqualTo(LocalDate.parse("2026-12-31"));
    assertThat(gap.provisional(at("2028-03-01T10:00"))).isTrue();
    WorkingCalendar none = new WorkingCalendar(SHANGHAI, Set.of(), Set.of());
    assertThat(none.configuredThrough()).isNull();
    assertThat(none.provisional(at("2026-03-02T10:00"))).isTrue();
  }
}

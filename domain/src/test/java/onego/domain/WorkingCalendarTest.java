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
}

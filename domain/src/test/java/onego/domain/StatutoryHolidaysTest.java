package onego.domain;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StatutoryHolidaysTest {
  private static LocalDate d(String s) { return LocalDate.parse(s); }

  @Test
  void theFixedDateHolidaysOfTheDecreeAreOff() {
    Set<LocalDate> y2027 = StatutoryHolidays.of(2027);
    // 元旦 1 Jan, 劳动节 1-2 May, 国庆 1-3 Oct (《全国年节及纪念日放假办法》 art. 2, 2024 revision)
    assertThat(y2027).contains(d("2027-01-01"), d("2027-05-01"), d("2027-05-02"), d("2027-10-01"), d("2027-10-02"), d("2027-10-03"));
  }

  @Test
  void theLunarHolidaysComeFromTheLunarCalendar() {
    Set<LocalDate> y2027 = StatutoryHolidays.of(2027);
    // 2027: 春节 (正月初一) is Saturday 6 February, 除夕 Friday 5 February; 清明 5 April; 端午 9 June; 中秋 15 September
    assertThat(y2027).contains(d("2027-02-05"), d("2027-02-06"), d("2027-02-07"), d("2027-02-08"),
        d("2027-04-05"), d("2027-06-09"), d("2027-09-15"));
  }

  @Test
  void aHolidayOnAWeekendIsMadeUpOnTheNextFreeWeekday() {
    Set<LocalDate> y2027 = StatutoryHolidays.of(2027);
    // 初一 Sat 6 Feb and 初二 Sun 7 Feb: Mon 8 Feb is 初三 itself, so Tue 9 and Wed 10 are made up (art. 6)
    assertThat(y2027).contains(d("2027-02-09"), d("2027-02-10")).doesNotContain(d("2027-02-11"));
    // 劳动节 Sat 1 and Sun 2 May 2027: Mon 3 and Tue 4 May
    assertThat(y2027).contains(d("2027-05-03"), d("2027-05-04")).doesNotContain(d("2027-05-05"));
    // 国庆 Fri 1, Sat 2, Sun 3 Oct 2027: Mon 4 and Tue 5 Oct
    assertThat(y2027).contains(d("2027-10-04"), d("2027-10-05")).doesNotContain(d("2027-10-06"));
    // 元旦 2028 is a Saturday: Monday 3 January
    assertThat(StatutoryHolidays.of(2028)).contains(d("2028-01-03")).doesNotContain(d("2028-01-04"));
  }

  @Test
  void everyStatutoryDayOf2026IsOffInTheConfiguredStateCouncilNotice() {
    // the rule checked against a year whose notice is configured: the notice may add days, never drop one
    ConfigNode calendar = ConfigNode.read(Path.of("config", "application.yaml"), "config/application.yaml").obj("calendar");
    WorkingCalendar configured = WorkingCalendar.read(calendar);
    for (LocalDate day : StatutoryHolidays.of(2026)) {
      assertThat(configured.isWorkingDay(day)).as("%s is off in the 2026 notice", day).isFalse();
    }
    assertThat(StatutoryHolidays.of(2026)).hasSize(16); // 13 statutory days, and 补假 for 清明 (Sun 5 Apr), 劳动节 (Sat 2 May) and 国庆 (Sat 3 Oct)
  }
}

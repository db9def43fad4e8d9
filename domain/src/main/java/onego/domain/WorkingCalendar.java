package onego.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Working days: Monday to Friday, less the configured public holidays, plus the configured
 * make-up working days (调休上班) that fall on a weekend.
 */
public final class WorkingCalendar {
  private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

  private final ZoneId zone;
  private final Set<LocalDate> holidays;
  private final Set<LocalDate> workdays;

  public WorkingCalendar(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> workdays) {
    this.zone = zone;
    this.holidays = Set.copyOf(holidays);
    this.workdays = Set.copyOf(workdays);
  }

  /**
   * The calendar of the {@code calendar:} section: {@code timezone} (default Asia/Shanghai),
   * {@code holidays} and {@code workdays} as YYYY-MM-DD lists.
   */
  public static WorkingCalendar read(ConfigNode n) {
    ZoneId zone;
    try {
      zone = ZoneId.of(n.optStr("timezone", "Asia/Shanghai"));
    } catch (DateTimeException e) {
      throw n.get("timezone").fail("unknown time zone");
    }
    return new WorkingCalendar(zone, dates(n, "holidays"), dates(n, "workdays"));
  }

  private static Set<LocalDate> dates(ConfigNode n, String key) {
    Set<LocalDate> out = new LinkedHashSet<>();
    for (ConfigNode d : n.list(key)) {
      try {
        out.add(LocalDate.parse(String.valueOf(d.raw())));
      } catch (DateTimeException e) {
        throw d.fail("expected a date YYYY-MM-DD");
      }
    }
    return out;
  }

  public ZoneId zone() { return zone; }

  public boolean isWorkingDay(LocalDate d) {
    if (workdays.contains(d)) return true;
    if (holidays.contains(d)) return false;
    return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /**
   * The deadline of a time limit of {@code days} working days for something received at
   * {@code received}: counting starts the next working day, and the deadline is the end of the
   * last counted day. A limit of 0 (即办) ends with the day of receipt, or the next working day
   * when received on a day off.
   */
  public OffsetDateTime due(OffsetDateTime received, int days) {
    LocalDate d = received.atZoneSameInstant(zone).toLocalDate();
    if (days == 0) {
      while (!isWorkingDay(d)) d = d.plusDays(1);
    }
    for (int counted = 0; counted < days; ) {
      d = d.plusDays(1);
      if (isWorkingDay(d)) counted++;
    }
    return ZonedDateTime.of(d, END_OF_DAY, zone).toOffsetDateTime();
  }
}

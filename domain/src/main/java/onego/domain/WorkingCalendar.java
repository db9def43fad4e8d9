package onego.domain;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working days: Monday to Friday, less the configured public holidays, plus the configured
 * make-up working days (调休上班) that fall on a weekend. A year counts as configured once any of
 * its dates is listed (so a year's State Council notice goes in whole). In a year that is not
 * configured, the statutory days off still count ({@link StatutoryHolidays}: 元旦, 春节, 清明,
 * 劳动节, 端午, 中秋, 国庆 and their 补假), but the notice's moved weekends cannot be known, so a
 * deadline past {@link #configuredThrough()} is {@link #provisional}.
 */
public final class WorkingCalendar {
  private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

  private final ZoneId zone;
  private final Set<LocalDate> holidays;
  private final Set<LocalDate> workdays;
  private final Set<Integer> configuredYears;
  private final LocalDate configuredFrom;
  private final LocalDate configuredThrough;
  private final Map<Integer, Set<LocalDate>> statutory = new ConcurrentHashMap<>();

  public WorkingCalendar(ZoneId zone, Set<LocalDate> holidays, Set<LocalDate> workdays) {
    this.zone = zone;
    this.holidays = Set.copyOf(holidays);
    this.workdays = Set.copyOf(workdays);
    TreeSet<Integer> years = new TreeSet<>();
    holidays.forEach(d -> years.add(d.getYear()));
    workdays.forEach(d -> years.add(d.getYear()));
    this.configuredYears = Set.copyOf(years);
    if (years.isEmpty()) {
      configuredFrom = null;
      configuredThrough = null;
    } else {
      int last = years.first();
      while (years.contains(last + 1)) last++;
      configuredFrom = LocalDate.of(years.first(), 1, 1);
      configuredThrough = LocalDate.of(last, 12, 31);
    }
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

  /**
   * The last day up to which every year from the first configured one has its schedule
   * configured (31 December of the last year of that unbroken run); null when none is.
   */
  public LocalDate configuredThrough() { return configuredThrough; }

  /**
   * Whether a deadline rests on days the configuration does not cover: its date (in this
   * calendar's zone) is past {@link #configuredThrough()} or before the first configured year.
   */
  public boolean provisional(OffsetDateTime due) {
    if (due == null) return false;
    if (configuredThrough == null) return true;
    LocalDate d = due.atZoneSameInstant(zone).toLocalDate();
    return d.isAfter(configuredThrough) || d.isBefore(configuredFrom);
  }

  public boolean isWorkingDay(LocalDate d) {
    if (workdays.contains(d)) return true;
    if (holidays.contains(d)) return false;
    if (!configuredYears.contains(d.getYear()) && statutory.computeIfAbsent(d.getYear(), StatutoryHolidays::of).contains(d)) return false;
    return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /**
   * How many working days lie after {@code from} up to and including {@code through} (0 when
   * {@code through} is not after {@code from}): the length of a stopped clock ({@link ItemClock}).
   */
  public int workingDaysAfter(LocalDate from, LocalDate through) {
    int n = 0;
    for (LocalDate d = from.plusDays(1); !d.isAfter(through); d = d.plusDays(1)) if (isWorkingDay(d)) n++;
    return n;
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

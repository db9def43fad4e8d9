package onego.domain;

import com.nlf.calendar.Lunar;
import com.nlf.calendar.Solar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * The days off that the law itself fixes for a year, for years whose State Council schedule
 * (国务院办公厅关于某年部分节假日安排的通知) is not configured. 《全国年节及纪念日放假办法》 as revised
 * on 2024-11-10 (国务院令第795号, in force from 2025-01-01):
 * <ul>
 *   <li>art. 2, 全体公民放假的节日: 元旦 1 January; 春节 4 days (农历除夕, 正月初一 to 初三); 清明节 the day of
 *       the solar term 清明; 劳动节 1 and 2 May; 端午节 (农历五月初五); 中秋节 (农历八月十五); 国庆节 1 to 3 October;</li>
 *   <li>art. 6: such a holiday that falls on a Saturday or Sunday is made up on a working day (补假);
 *       here the first following Monday-to-Friday day that is no holiday itself.</li>
 * </ul>
 * Lunar dates and the solar term come from {@code cn.6tail:lunar}. What no rule predicts is the
 * yearly notice's moving of weekend days (调休: longer breaks, make-up working Saturdays), so a
 * deadline counted with these days is provisional until the year's notice is configured.
 */
public final class StatutoryHolidays {
  private StatutoryHolidays() {}

  /** The statutory days off of {@code year}, 补假 included, in date order. */
  public static Set<LocalDate> of(int year) {
    TreeSet<LocalDate> days = new TreeSet<>();
    days.add(LocalDate.of(year, 1, 1));
    LocalDate springFestival = date(Lunar.fromYmd(year, 1, 1).getSolar());
    days.add(springFestival.minusDays(1)); // 除夕: the last day of the twelfth month, 29th or 30th
    for (int i = 0; i < 3; i++) days.add(springFestival.plusDays(i));
    days.add(date(Lunar.fromYmd(year, 1, 1).getJieQiTable().get("清明")));
    days.add(LocalDate.of(year, 5, 1));
    days.add(LocalDate.of(year, 5, 2));
    days.add(date(Lunar.fromYmd(year, 5, 5).getSolar()));
    days.add(date(Lunar.fromYmd(year, 8, 15).getSolar()));
    for (int d = 1; d <= 3; d++) days.add(LocalDate.of(year, 10, d));
    TreeSet<LocalDate> out = new TreeSet<>(days);
    for (LocalDate d : days) {
      if (!weekend(d)) continue;
      LocalDate makeUp = d.plusDays(1);
      while (weekend(makeUp) || out.contains(makeUp)) makeUp = makeUp.plusDays(1);
      out.add(makeUp);
    }
    return out;
  }

  private static boolean weekend(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
  }

  private static LocalDate date(Solar s) {
    return LocalDate.of(s.getYear(), s.getMonth(), s.getDay());
  }
}

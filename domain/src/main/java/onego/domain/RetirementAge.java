package onego.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The lowest age, in months, at which an enterprise employee (企业职工) may retire, by sex and birth
 * month. The seed texts name the items (职工正常退休(职)申请, 职工提前退休(职)申请) but no ages; the ages
 * are the law's:
 * <ul>
 *   <li><b>Statutory age</b> (正常退休): 《国务院关于渐进式延迟法定退休年龄的办法》(2024-09-13 全国人大常委会
 *       批准, from 2025-01-01) 第一条 and its 附件: men 60, raised one month every four months for those
 *       born from January 1965, up to 63 (born September 1976 or later); women whose original age was
 *       50 (工人岗位), one month every two months from January 1975, up to 55 (November 1984); women
 *       whose original age was 55 (干部岗位), one month every four months from January 1970, up to 58
 *       (September 1981). The form does not say a woman's post, so the plausibility check takes the
 *       lower (50) track; the department checks the post.</li>
 *   <li><b>Flexible early retirement</b> (弹性提前退休, 办法 第三条): at most three years before the
 *       statutory age and never below the original 60 / 55 / 50; taken as the item's
 *       {@code 其他符合规定情形}.</li>
 *   <li><b>Special work types</b> (特殊工种: 井下、高空、高温、特别繁重体力劳动或其他有害身体健康的工作):
 *       men 55, women 45; <b>illness or non-work disability</b> (因病或非因工致残完全丧失劳动能力): men 50,
 *       women 45. 《国务院关于工人退休、退职的暂行办法》(国发〔1978〕104号) 第一条, restated by
 *       劳社部发〔1999〕8号; the 2025 办法 keeps them (第一条: 国家另有规定的，从其规定).</li>
 * </ul>
 * An age is reached in the month of the birthday that completes it: a retirement date anywhere in
 * that month is accepted (the 办法's table gives the retirement month, and departments date a
 * retirement by month).
 */
public final class RetirementAge {
  /** Why someone retires early; the constants match the catalog's {@code earlyRetirementReason} values. */
  public enum Early {
    SPECIAL_WORK("特殊工种"),
    ILLNESS("因病或非因工致残完全丧失劳动能力"),
    FLEXIBLE("其他符合规定情形");

    /** The value of the catalog's {@code earlyRetirementReason} enum. */
    public final String label;

    Early(String label) { this.label = label; }

    /** The reason with catalog value {@code label}, or null. */
    public static Early of(String label) {
      for (Early e : values()) if (e.label.equals(label)) return e;
      return null;
    }
  }

  private RetirementAge() {}

  /** The statutory retirement age in months of a man or a woman (50 track) born in {@code birth}'s month. */
  public static int statutoryMonths(LocalDate birth, boolean male) {
    return male ? 60 * 12 + delay(birth, YearMonth.of(1965, 1), 4, 36) : 50 * 12 + delay(birth, YearMonth.of(1975, 1), 2, 60);
  }

  /** The statutory age in months of a woman whose original age was 55 (干部岗位), born in {@code birth}'s month. */
  public static int statutoryMonthsWomen55(LocalDate birth) {
    return 55 * 12 + delay(birth, YearMonth.of(1970, 1), 4, 36);
  }

  /** The lowest age in months for early retirement on {@code reason}. */
  public static int earlyMonths(LocalDate birth, boolean male, Early reason) {
    return switch (reason) {
      case SPECIAL_WORK -> (male ? 55 : 45) * 12;
      case ILLNESS -> (male ? 50 : 45) * 12;
      case FLEXIBLE -> Math.max((male ? 60 : 50) * 12, statutoryMonths(birth, male) - 36);
    };
  }

  /** The lowest age in months any rule allows (illness: men 50, women 45). */
  public static int lowestMonths(boolean male) {
    return (male ? 50 : 45) * 12;
  }

  /** The first day of the month in which someone born on {@code birth} is {@code months} old. */
  public static LocalDate reached(LocalDate birth, int months) {
    return birth.plusMonths(months).withDayOfMonth(1);
  }

  /** Months of delay: one per {@code step} months of birth from {@code start} on (the first month counts), at most {@code max}. */
  private static int delay(LocalDate birth, YearMonth start, int step, int max) {
    long k = ChronoUnit.MONTHS.between(start, YearMonth.from(birth));
    return k < 0 ? 0 : (int) Math.min(max, k / step + 1);
  }

  /** "63 years" or "60 years 4 months". */
  public static String describe(int months) {
    return months / 12 + " years" + (months % 12 == 0 ? "" : " " + months % 12 + " months");
  }
}

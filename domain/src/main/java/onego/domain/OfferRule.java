package onego.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One eligibility rule of 免申即享 / 政策找人 ({@code config/catalog/offers.yaml}): for a subject of
 * {@code subject} kind whose shared-data {@code facts} meet every clause of {@code when}, the
 * platform offers {@code thing} with {@code items}, once per {@link #periodKey period}. A sweep rule
 * ({@code trigger == null}) asks the shared-data platform for {@code candidates} (one clause the platform
 * filters by); an event rule is run when the trigger's item reaches its status (湖南方案 三(一)4, 衡阳方案
 * 就业: 就业创业扶持政策自动匹配、主动推送、免申即享; 三(一)9 服务特殊群体 免申办; 三(二)14/17 政策找企业).
 *
 * @param expiryDays days an offer stays open before the sweep closes it as EXPIRED
 */
public record OfferRule(
    String code,
    String name,
    String thing,
    List<String> items,
    SubjectKind subject,
    List<String> facts,
    List<Clause> when,
    Period period,
    int expiryDays,
    Clause candidates,
    Trigger trigger,
    String legalBasis) {

  /** Who an offer is for: a resident (ID number) or an enterprise (unified social credit code). */
  public enum SubjectKind {
    PERSON, ENTERPRISE;
    public String code() { return name().toLowerCase(); }
  }

  /** How the (rule, subject, period) key's period is formed: {@code once} ever, or per calendar year ("2026"). */
  public enum Period {
    ONCE, YEAR;
    public String code() { return name().toLowerCase(); }
    /** The period key of a day (the platform's zone). */
    public String key(LocalDate today) { return this == ONCE ? "once" : Integer.toString(today.getYear()); }
  }

  /** A shared-data fact a rule may read: its source (sources.yaml), its subject kind and value type. */
  public record Fact(String name, String title, String source, SubjectKind subject, String type) {}

  /**
   * One condition on a fact: exactly one of {@code equals} (a string, number or boolean), {@code atLeast},
   * {@code atMost} (numbers, or ISO dates compared as dates), {@code ageAtLeast} (a date fact: whole years
   * before today) or {@code present} (the platform holds a value).
   */
  public record Clause(String fact, String op, Object value) {
    /** Whether {@code actual} (null: the platform holds none) meets the clause on {@code today}. */
    public boolean holds(Object actual, LocalDate today) {
      if (op.equals("present")) return Boolean.TRUE.equals(value) == (actual != null && !"".equals(actual));
      if (actual == null) return false;
      return switch (op) {
        case "equals" -> actual instanceof Number a && value instanceof Number v ? a.doubleValue() == v.doubleValue() : actual.equals(value)
            || String.valueOf(actual).equals(String.valueOf(value));
        case "atLeast" -> compare(actual, value) >= 0;
        case "atMost" -> compare(actual, value) <= 0;
        case "ageAtLeast" -> {
          LocalDate born = date(actual);
          yield born != null && !born.plusYears(((Number) value).longValue()).isAfter(today);
        }
        default -> false;
      };
    }

    /** The clause as the platform's subject query takes it; {@code ageAtLeast} becomes {@code atMost} a birth date. */
    public Map<String, Object> forPlatform(LocalDate today) {
      if (op.equals("ageAtLeast")) return Map.of("fact", fact, "atMost", today.minusYears(((Number) value).longValue()).toString());
      return Map.of("fact", fact, op, value);
    }

    private static int compare(Object a, Object b) {
      if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
      LocalDate da = date(a);
      LocalDate db = date(b);
      if (da != null && db != null) return da.compareTo(db);
      return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static LocalDate date(Object o) {
      try {
        return o instanceof String s && s.length() >= 10 ? LocalDate.parse(s.substring(0, 10)) : null;
      } catch (RuntimeException e) {
        return null;
      }
    }
  }

  /** The event that runs an event rule: {@code item} of {@code thing} reaching {@code status} (an {@link ItemStatus}). */
  public record Trigger(String thing, String item, String status) {}

  public boolean sweep() { return trigger == null; }
}

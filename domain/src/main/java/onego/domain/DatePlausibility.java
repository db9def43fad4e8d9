package onego.domain;

import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Plausibility rules on the dates of a form, beyond what the published JSON Schema says (a valid
 * date can still be impossible: a newborn born in 2062). Each rule cites where it comes from; each
 * failure is a 422 reason on {@code form.<field>}. Rules that compare two fields apply when both are
 * given and valid; a field that already failed validation is not checked again.
 * <ol>
 *   <li>{@code babyBirthTime} (出生时间) is not after now: a birth medical certificate (《出生医学证明》)
 *       records a birth that happened. Now is the node's clock, plus {@link #CLOCK_SKEW} for the
 *       clocks of the hospital systems that fill it.</li>
 *   <li>{@code deathTime} (死亡时间) is not after now (same allowance), and its date (at its own offset)
 *       is not before the birth date in {@code deceasedIdNumber} (GB 11643: digits 7-14).</li>
 *   <li>{@code cremationDate} (火化日期) is not before the date of {@code deathTime}: 《殡葬管理条例》
 *       cremates the dead.</li>
 *   <li>{@code retirementDate} (申请退休时间) is not before the age {@link RetirementAge} allows for the
 *       birth date and sex in {@code applicantIdNumber} (GB 11643: digits 7-14, and the 17th digit odd
 *       for men): the statutory age when the chosen items include {@code normal-retirement} (正常退休),
 *       the early-retirement age for {@code earlyRetirementReason} when it is given (提前退休), else the
 *       lowest age any rule allows (a retirement done elsewhere, e.g. for the retiree's medical
 *       insurance registration).</li>
 * </ol>
 */
public final class DatePlausibility {
  /** How far ahead of the node's clock an event time may be and still count as not in the future. */
  public static final Duration CLOCK_SKEW = Duration.ofHours(1);
  /** The item of the catalog's {@code employee-retirement} whose retirement is at the statutory age. */
  static final String NORMAL_RETIREMENT_ITEM = "normal-retirement";

  private DatePlausibility() {}

  /**
   * Adds to {@code errors} a {@code form.<field>} reason for each rule {@code values} (form values of
   * the chosen items of {@code form}, canonical) break at {@code now}.
   */
  public static void check(MergedForm form, JsonObject values, Instant now, List<FieldError> errors) {
    Instant latest = now.plus(CLOCK_SKEW);
    OffsetDateTime birth = dateTime(values, "babyBirthTime", errors);
    if (birth != null && birth.toInstant().isAfter(latest)) {
      errors.add(new FieldError("form.babyBirthTime", "出生时间 " + birth + " is in the future: a birth can only be registered after it happened"));
    }
    OffsetDateTime death = dateTime(values, "deathTime", errors);
    if (death != null) {
      LocalDate born = birthDate(values, "deceasedIdNumber", errors);
      if (death.toInstant().isAfter(latest)) {
        errors.add(new FieldError("form.deathTime", "死亡时间 " + death + " is in the future"));
      } else if (born != null && death.toLocalDate().isBefore(born)) {
        errors.add(new FieldError("form.deathTime", "死亡时间 " + death.toLocalDate() + " is before the birth date " + born
            + " in deceasedIdNumber"));
      }
      LocalDate cremation = date(values, "cremationDate", errors);
      if (cremation != null && cremation.isBefore(death.toLocalDate())) {
        errors.add(new FieldError("form.cremationDate", "火化日期 " + cremation + " is before the death (" + death.toLocalDate() + ")"));
      }
    }
    retirement(form, values, errors);
  }

  private static void retirement(MergedForm form, JsonObject values, List<FieldError> errors) {
    LocalDate retirement = date(values, "retirementDate", errors);
    LocalDate born = birthDate(values, "applicantIdNumber", errors);
    if (retirement == null || born == null) return;
    boolean male = male(values.getString("applicantIdNumber"));
    String reason = values.getValue("earlyRetirementReason") instanceof String s ? s : null;
    RetirementAge.Early early = RetirementAge.Early.of(reason);
    int months;
    String rule;
    if (early != null) {
      months = RetirementAge.earlyMonths(born, male, early);
      rule = "the lowest age for early retirement (提前退休) on " + early.label;
    } else if (reason != null) {
      return;
    } else if (form.itemsUsing("retirementDate").contains(NORMAL_RETIREMENT_ITEM)) {
      months = RetirementAge.statutoryMonths(born, male);
      rule = "the statutory retirement age (《国务院关于渐进式延迟法定退休年龄的办法》)";
    } else {
      months = RetirementAge.lowestMonths(male);
      rule = "the lowest retirement age any rule allows";
    }
    LocalDate reached = RetirementAge.reached(born, months);
    if (retirement.isBefore(reached)) {
      errors.add(new FieldError("form.retirementDate", "申请退休时间 " + retirement + " is before " + rule + " for a "
          + (male ? "man" : "woman") + " born " + born + " in applicantIdNumber: " + RetirementAge.describe(months)
          + ", reached in " + reached.getYear() + "-" + String.format("%02d", reached.getMonthValue())));
    }
  }

  /** Whether the 18-digit resident ID {@code id} is a man's (GB 11643: the 17th digit is odd). */
  static boolean male(String id) {
    return (id.charAt(16) - '0') % 2 == 1;
  }

  private static boolean failed(String field, List<FieldError> errors) {
    String key = "form." + field;
    for (FieldError e : errors) if (e.field().equals(key)) return true;
    return false;
  }

  private static OffsetDateTime dateTime(JsonObject values, String field, List<FieldError> errors) {
    if (!(values.getValue(field) instanceof String s) || failed(field, errors)) return null;
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static LocalDate date(JsonObject values, String field, List<FieldError> errors) {
    if (!(values.getValue(field) instanceof String s) || failed(field, errors)) return null;
    try {
      return LocalDate.parse(s);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The birth date in the valid resident ID of {@code field}, or null. */
  private static LocalDate birthDate(JsonObject values, String field, List<FieldError> errors) {
    if (!(values.getValue(field) instanceof String id) || failed(field, errors) || !IdNumbers.valid(id)) return null;
    return LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
  }
}

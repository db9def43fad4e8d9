package onego.domain;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes form values in the canonical form of their catalog type, once, at intake: what is hashed,
 * validated, stored and forwarded to departments as is.
 * <ul>
 *   <li>{@code integer}: a whole number written with a fraction or an exponent ({@code 3200.0},
 *       {@code 3.2e3}) becomes the integer {@code 3200}; JSON Schema counts both as integers
 *       (2020-12 Validation §6.1.1), but a department's parser may not. A number with a non-zero
 *       fraction is left for validation to refuse.</li>
 *   <li>{@code date-time}: the RFC 3339 §5.6 separators in upper case ({@code t} → {@code T},
 *       {@code z} → {@code Z}), and a leap second ({@code 23:59:60} UTC, RFC 3339 §5.7, at any offset) written as the
 *       last second before it ({@code 23:59:59}, fraction kept), as {@code java.time}'s ISO parser
 *       reads it: department systems on java.time, JavaScript {@code Date} or most SQL time types
 *       cannot hold second 60, and a birth or death time is not recorded to the second anyway. The
 *       offset is kept as written (it says the local date of the event).</li>
 * </ul>
 * Other types are canonical as validated (a {@code date} is {@code YYYY-MM-DD} by its format).
 * Values that are not of the expected JSON type are left for validation to refuse.
 */
public final class CanonicalFormValues {
  /** RFC 3339 date-time, with the seconds captured so second 60 can be rewritten. */
  private static final Pattern DATE_TIME =
      Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}:\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
  /** Integers beyond this are kept as written: a double cannot say whether they are whole. */
  private static final double EXACT = 9_007_199_254_740_992d;

  private CanonicalFormValues() {}

  /** Rewrites, in place, the values of {@code form} whose catalog type has a canonical form. */
  public static void apply(Catalog catalog, JsonObject form) {
    for (String name : form.fieldNames()) {
      FieldSpec spec = catalog.field(name);
      if (spec == null) continue;
      Object v = form.getValue(name);
      switch (spec.type()) {
        case "integer" -> { if (v instanceof Number n) form.put(name, integer(n)); }
        case "date-time" -> { if (v instanceof String s) form.put(name, dateTime(s)); }
        default -> { }
      }
    }
  }

  /** {@code n} as a Long when it is whole and exactly representable, else {@code n} unchanged. */
  static Number integer(Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) <= EXACT ? (Number) (long) d : n;
    }
    if (n instanceof BigDecimal b) {
      try {
        return b.toBigIntegerExact().longValueExact();
      } catch (ArithmeticException notWholeOrTooLarge) {
        return n;
      }
    }
    return n;
  }

  /** {@code s} with upper-case separators and second 60 written as 59; anything else unchanged. */
  static String dateTime(String s) {
    Matcher m = DATE_TIME.matcher(s);
    if (!m.matches()) return s;
    String second = m.group(3).equals("60") && endOfUtcDay(m.group(2), m.group(5)) ? "59" : m.group(3);
    String fraction = m.group(4) == null ? "" : m.group(4);
    return m.group(1) + "T" + m.group(2) + ":" + second + fraction + m.group(5).toUpperCase();
  }

  /**
   * Whether local time {@code hhmm} at {@code offset} is 23:59 UTC, the only minute a leap second
   * can end (RFC 3339 §5.7); a second 60 anywhere else is left for validation to refuse.
   */
  private static boolean endOfUtcDay(String hhmm, String offset) {
    int local = Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3, 5));
    int shift = offset.equalsIgnoreCase("Z") ? 0
        : (offset.charAt(0) == '-' ? -1 : 1) * (Integer.parseInt(offset.substring(1, 3)) * 60 + Integer.parseInt(offset.substring(4, 6)));
    return Math.floorMod(local - shift, 24 * 60) == 23 * 60 + 59;
  }
}

package onego.domain;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/** Checks form values against a merged form; every failing field is reported, none short-circuits. */
public final class FormValidator {
  /** Text fields without their own maxLength are capped here, so no single field can be a blob. */
  static final int DEFAULT_MAX_LENGTH = 2000;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private FormValidator() {}

  /**
   * Checks {@code values} and answers the values of the chosen items only. A field of the thing
   * that only unchosen items use is dropped, not refused: a portal showing the whole notice's form
   * may send it. A name that is no field of the thing at all is refused as a likely typo.
   */
  public static JsonObject validate(Catalog catalog, MergedForm form, MergedForm wholeThing, JsonObject values, List<FieldError> errors) {
    JsonObject kept = new JsonObject();
    for (String name : values.fieldNames()) {
      if (form.has(name)) kept.put(name, values.getValue(name));
      else if (!wholeThing.has(name)) errors.add(new FieldError("form." + name, "not a field of this thing"));
    }
    for (String name : form.fieldNames()) {
      Object v = values.getValue(name);
      boolean blank = v == null || (v instanceof String s && s.isBlank());
      if (blank) {
        if (form.isRequired(name)) errors.add(new FieldError("form." + name, "required"));
        continue;
      }
      String problem = problem(catalog.field(name), v);
      if (problem != null) errors.add(new FieldError("form." + name, problem));
    }
    return kept;
  }

  /** Why {@code v} is not a valid value of field {@code f}, or null (null is not a value: required-ness is checked elsewhere). */
  public static String problemOf(FieldSpec f, Object v) {
    return v == null ? "must not be null" : problem(f, v);
  }

  static String problem(FieldSpec f, Object v) {
    return switch (f.type()) {
      case "string" -> v instanceof String s ? stringProblem(f, s) : "must be a string";
      case "integer" -> isInteger(v) ? range(f, ((Number) v).doubleValue()) : "must be a whole number";
      case "number" -> v instanceof Number n ? range(f, n.doubleValue()) : "must be a number";
      case "boolean" -> v instanceof Boolean ? null : "must be true or false";
      case "date" -> v instanceof String s && isDate(s) ? null : "must be a date YYYY-MM-DD";
      case "date-time" -> v instanceof String s && isDateTime(s) ? null : "must be an RFC 3339 date-time with offset";
      default -> "has an unknown type";
    };
  }

  private static String stringProblem(FieldSpec f, String s) {
    int len = s.codePointCount(0, s.length());
    if (f.minLength() != null && len < f.minLength()) return "must be at least " + f.minLength() + " characters";
    int max = f.maxLength() != null ? f.maxLength() : DEFAULT_MAX_LENGTH;
    if (len > max) return "must be at most " + max + " characters";
    if (f.enumValues() != null && !f.enumValues().contains(s)) return "must be one of " + String.join(", ", f.enumValues());
    if (f.pattern() != null && !f.pattern().matcher(s).matches()) return "does not match the pattern " + f.pattern().pattern();
    if (f.format() == null) return null;
    return switch (f.format()) {
      case "id-number" -> prefixed(IdNumbers.problem(s), "not a valid resident ID number: ");
      case "credit-code" -> prefixed(CreditCodes.problem(s), "not a valid unified social credit code: ");
      case "phone" -> Phones.valid(s) ? null : "not a valid mobile number";
      case "email" -> EMAIL.matcher(s).matches() ? null : "not a valid e-mail address";
      default -> null;
    };
  }

  private static String prefixed(String problem, String prefix) {
    return problem == null ? null : prefix + problem;
  }

  private static boolean isInteger(Object v) {
    if (v instanceof Integer || v instanceof Long) return true;
    return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue());
  }

  private static String range(FieldSpec f, double d) {
    if (f.minimum() != null && d < f.minimum()) return "must be at least " + trim(f.minimum());
    if (f.maximum() != null && d > f.maximum()) return "must be at most " + trim(f.maximum());
    return null;
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static boolean isDate(String s) {
    try { LocalDate.parse(s); return true; } catch (DateTimeParseException e) { return false; }
  }

  private static boolean isDateTime(String s) {
    try { OffsetDateTime.parse(s); return true; } catch (DateTimeParseException e) { return false; }
  }
}

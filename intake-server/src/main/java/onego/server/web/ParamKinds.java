package onego.server.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import onego.domain.CreditCodes;
import onego.domain.IdNumbers;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The kinds of parameter the API reads ({@link ParamKind}), each with the refusal the contract
 * has always given for it: "limit must be a whole number from 1 to 100" / {@code must be 1..100},
 * "after must be a seq: a whole number, 0 or more", "lifecycle must be personal, enterprise or
 * project" / {@code unknown value}, "day must be a date YYYY-MM-DD" / {@code expected YYYY-MM-DD}.
 */
public final class ParamKinds {
  private ParamKinds() {}

  /** Any text, as given (a catalog code, a search term): never refused. */
  public static ParamKind<String> text() {
    return kind(raw -> raw, schema("string"));
  }

  /** Text as given, 1 to {@code maxLength} characters; blank is refused too. */
  public static ParamKind<String> text(int maxLength) {
    return kind(raw -> {
      if (raw.isBlank() || raw.length() > maxLength) throw new ParamKind.Refused("1 to " + maxLength + " characters", "1.." + maxLength + " characters");
      return raw;
    }, schema("string").put("maxLength", maxLength));
  }

  /** Text without surrounding blanks, 1 to {@code maxLength} characters; blank is refused. */
  public static ParamKind<String> trimmed(int maxLength) {
    ParamKind<String> inner = text(maxLength);
    return kind(raw -> inner.read(raw.trim()), inner.schema());
  }

  /**
   * Text without surrounding blanks read as {@code kind}; blank text counts as not given (an
   * empty search field a form sends as {@code subject=}).
   */
  public static <T> ParamKind<T> blankIsAbsent(ParamKind<T> kind) {
    return kind(raw -> raw.isBlank() ? null : kind.read(raw.trim()), kind.schema());
  }

  /** A whole number from {@code min} to {@code max} (decimal, as {@link Integer#parseInt} reads it). */
  public static ParamKind<Integer> wholeNumber(int min, int max) {
    return kind(raw -> {
      try {
        int n = Integer.parseInt(raw);
        if (n >= min && n <= max) return n;
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw new ParamKind.Refused("a whole number from " + min + " to " + max, "must be " + min + ".." + max);
    }, schema("integer").put("minimum", min).put("maximum", max));
  }

  /** A position in a case's event log: a whole number, 0 or more; empty text counts as not given. */
  public static ParamKind<Integer> seq() {
    return kind(raw -> {
      if (raw.isEmpty()) return null;
      try {
        int n = Integer.parseInt(raw);
        if (n >= 0) return n;
      } catch (NumberFormatException ignored) {
        // refused below
      }
      throw new ParamKind.Refused("a seq: a whole number, 0 or more", "must be a whole number >= 0");
    }, schema("integer").put("minimum", 0));
  }

  /** Exactly one of {@code values} (case matters). */
  public static ParamKind<String> oneOf(String... values) {
    List<String> allowed = List.of(values);
    String expected = allowed.size() == 1 ? values[0]
        : String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or " + values[values.length - 1];
    return kind(raw -> {
      if (!allowed.contains(raw)) throw new ParamKind.Refused(expected, "unknown value");
      return raw;
    }, schema("string").put("enum", new JsonArray(allowed)));
  }

  /** The names of {@code type}'s constants, as {@link #oneOf}. */
  public static ParamKind<String> oneOf(Class<? extends Enum<?>> type) {
    return oneOf(Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new));
  }

  /** A UUID, as {@link UUID#fromString} reads it. */
  public static ParamKind<UUID> uuid() {
    return kind(raw -> {
      try {
        return UUID.fromString(raw);
      } catch (IllegalArgumentException e) {
        throw new ParamKind.Refused("a UUID", "not a UUID");
      }
    }, schema("string").put("format", "uuid"));
  }

  /**
   * An administrative division code as written: six digits, not starting with 0 (GB/T 2260); whether
   * it is one of the catalog's regions is the handler's (422 naming {@code region}).
   */
  public static ParamKind<String> divisionCode() {
    return kind(raw -> {
      if (!onego.domain.Regions.wellFormed(raw)) throw new ParamKind.Refused("a 6-digit division code such as 430481", "not a 6-digit division code");
      return raw;
    }, schema("string").put("pattern", "^[1-9][0-9]{5}$"));
  }

  /** A calendar date, {@code YYYY-MM-DD}. */
  public static ParamKind<LocalDate> date() {
    return kind(ParamKinds::day, schema("string").put("format", "date"));
  }

  /**
   * A date ({@code YYYY-MM-DD}, a {@link LocalDate}: what a whole day means is the handler's) or
   * an RFC 3339 time with offset (an {@link OffsetDateTime}).
   */
  public static ParamKind<Temporal> dateOrTime() {
    return kind(raw -> {
      if (raw.length() == 10) return day(raw);
      try {
        return OffsetDateTime.parse(raw);
      } catch (DateTimeException e) {
        throw new ParamKind.Refused("a date YYYY-MM-DD or an RFC 3339 time", "expected a date or date-time");
      }
    }, schema("string"));
  }

  /** Comma-separated words, each without surrounding blanks (empty ones kept); blank text counts as not given. */
  public static ParamKind<List<String>> commaList() {
    return kind(raw -> {
      if (raw.isBlank()) return null;
      List<String> out = new ArrayList<>();
      for (String part : raw.split(",")) out.add(part.trim());
      return List.copyOf(out);
    }, schema("string"));
  }

  /**
   * A resident ID number (GB 11643, checksum and birth date verified), made canonical first
   * ({@link IdNumbers#normalize}: full-width digits, blanks, hyphens, a lower-case x); blank
   * counts as not given.
   */
  public static ParamKind<String> idNumber() {
    return kind(raw -> {
      String id = IdNumbers.normalize(raw);
      if (id == null || id.isBlank()) return null;
      String problem = IdNumbers.problem(id);
      if (problem != null) throw new ParamKind.Refused("a valid resident ID number", problem);
      return id;
    }, schema("string"));
  }

  /**
   * An 18-character unified social credit code (GB 32100 checksum), canonical (see
   * {@link CreditCodes#normalize}); blank counts as not given.
   */
  public static ParamKind<String> creditCode() {
    return kind(raw -> {
      String code = CreditCodes.normalize(raw);
      if (code == null || code.isBlank()) return null;
      String problem = CreditCodes.problem(code);
      if (problem != null) throw new ParamKind.Refused("a valid unified social credit code", problem);
      return code;
    }, schema("string"));
  }

  /** A date {@code raw}, else refused the way every date parameter is. */
  public static LocalDate day(String raw) {
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeException e) {
      throw new ParamKind.Refused("a date YYYY-MM-DD", "expected YYYY-MM-DD");
    }
  }

  private static JsonObject schema(String type) {
    return new JsonObject().put("type", type);
  }

  /** A kind reading with {@code read}, described by {@code schema}. */
  public static <T> ParamKind<T> kind(Function<String, T> read, JsonObject schema) {
    return new ParamKind<>() {
      @Override public T read(String raw) { return read.apply(raw); }
      @Override public JsonObject schema() { return schema.copy(); }
    };
  }
}

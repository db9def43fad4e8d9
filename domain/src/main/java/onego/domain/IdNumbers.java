package onego.domain;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Resident identity numbers per GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence, check character. */
public final class IdNumbers {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";

  private IdNumbers() {}

  /**
   * The canonical spelling of a resident ID number, applied wherever one enters (bodies, query and
   * path parameters, token subjects) before it is validated, stored, compared or hashed, so that
   * one person has one file: full-width digits and letters folded to ASCII, spaces and hyphens
   * dropped, the check character {@code x} upper-cased (GB 11643 writes it {@code X}). Anything
   * that is no ID number comes out folded the same way and is then refused by {@link #problem}.
   * Null stays null.
   */
  public static String normalize(String id) {
    String compact = FullWidth.compact(id, "-");
    return compact == null ? null : compact.toUpperCase(java.util.Locale.ROOT);
  }

  /** Why {@code id} is not a valid resident ID number, or null when it is. */
  public static String problem(String id) {
    if (id == null || id.length() != 18) return "must be 18 characters";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') return "first 17 characters must be digits";
      sum += (c - '0') * WEIGHTS[i];
    }
    if (id.charAt(0) == '0') return "unknown region code";
    try {
      LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)),
          Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
      if (birth.getYear() < 1880 || birth.isAfter(LocalDate.now().plusDays(1))) return "birth date out of range";
    } catch (DateTimeException e) {
      return "birth date is not a date";
    }
    return Character.toUpperCase(id.charAt(17)) == CHECK.charAt(sum % 11) ? null : "checksum does not match (GB 11643)";
  }

  public static boolean valid(String id) { return problem(id) == null; }

  /** The check character that makes the first 17 digits a valid number; for building test data. */
  public static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    return CHECK.charAt(sum % 11);
  }
}

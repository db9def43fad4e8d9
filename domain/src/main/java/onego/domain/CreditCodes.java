package onego.domain;

/** Unified social credit codes per GB 32100-2015: 17 characters of a 31-letter alphabet plus a check character. */
public final class CreditCodes {
  private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  private CreditCodes() {}

  /**
   * The canonical spelling of a unified social credit code (GB 32100 uses upper-case letters
   * only): full-width characters folded to ASCII, spaces and hyphens dropped, upper-cased.
   * Applied wherever a code enters, before it is validated, stored, compared or hashed. Null
   * stays null.
   */
  public static String normalize(String code) {
    String compact = FullWidth.compact(code, "-");
    return compact == null ? null : compact.toUpperCase(java.util.Locale.ROOT);
  }

  /** Why {@code code} is not a valid credit code, or null when it is. */
  public static String problem(String code) {
    if (code == null || code.length() != 18) return "must be 18 characters";
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) return "character " + (i + 1) + " is not allowed";
    }
    return code.charAt(17) == checkChar(code.substring(0, 17)) ? null : "checksum does not match (GB 32100)";
  }

  public static boolean valid(String code) { return problem(code) == null; }

  public static char checkChar(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
    int c = 31 - sum % 31;
    return ALPHABET.charAt(c == 31 ? 0 : c);
  }
}

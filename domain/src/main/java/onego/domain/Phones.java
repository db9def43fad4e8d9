package onego.domain;

import java.util.regex.Pattern;

/** Mainland mobile numbers: 11 digits starting with 13-19. */
public final class Phones {
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

  private Phones() {}

  public static boolean valid(String phone) {
    return phone != null && MOBILE.matcher(phone).matches();
  }

  /**
   * The canonical spelling of a mobile number, applied wherever one enters before it is
   * validated, stored, compared or hashed: full-width digits folded to ASCII; spaces, hyphens,
   * dots and brackets dropped ({@code 138 0013-8000}, {@code (138)00138000}); the country code
   * {@code +86}, {@code 0086} or a bare {@code 86} before 11 digits removed. Anything that is no
   * mobile number comes out folded the same way and is then refused by {@link #valid}. Null
   * stays null.
   */
  public static String normalize(String phone) {
    String p = FullWidth.compact(phone, "-.()");
    if (p == null) return null;
    if (p.startsWith("+86")) return p.substring(3);
    if (p.startsWith("0086")) return p.substring(4);
    if (p.length() == 13 && p.startsWith("86")) return p.substring(2);
    return p;
  }
}

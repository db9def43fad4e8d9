package onego.domain;

import java.util.regex.Pattern;

/**
 * Mobile numbers an applicant may give: a mainland mobile (11 digits starting 13 to 19), and for
 * residents of Hong Kong, Macau and Taiwan holding a residence permit (港澳台居民居住证, GB 11643
 * numbers starting 810000, 820000, 830000) their own region's number with its country code:
 * {@code +852} and 8 digits, {@code +853} and 8 digits, {@code +886} and 9 digits starting 9.
 *
 * <p>Where the rule lives (decided for issue 18): the JSON Schema format {@code phone} cannot see
 * the applicant's ID, so it accepts a number of any of the four regions ({@link #validInAnyRegion});
 * the intake refuses a non-mainland number on {@code applicant.phone} and on every {@code phone}
 * form field unless the applicant is a person whose ID number is that region's permit
 * ({@link #problemFor}). Agents' and delivery phones stay mainland mobiles ({@link #valid}): EMS
 * delivers on the mainland.
 */
public final class Phones {
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

  /** The regions whose numbers are accepted, each with its country code, national number and permit prefix. */
  public enum Region {
    MAINLAND("+86", "1[3-9][0-9]{9}", null, "mainland"),
    HONG_KONG("+852", "[0-9]{8}", "810000", "Hong Kong"),
    MACAU("+853", "[0-9]{8}", "820000", "Macau"),
    TAIWAN("+886", "9[0-9]{8}", "830000", "Taiwan");

    private final String code;
    private final Pattern national;
    private final String permitPrefix;
    private final String label;

    Region(String code, String national, String permitPrefix, String label) {
      this.code = code;
      this.national = Pattern.compile(national);
      this.permitPrefix = permitPrefix;
      this.label = label;
    }

    /** The country code with its plus ({@code +852}). */
    public String code() {
      return code;
    }

    /** The region whose residence permit {@code idNumber} (canonical) is; MAINLAND for any other ID, or none. */
    public static Region ofIdNumber(String idNumber) {
      if (idNumber != null) for (Region r : values()) if (r.permitPrefix != null && idNumber.startsWith(r.permitPrefix)) return r;
      return MAINLAND;
    }
  }

  private Phones() {}

  /** Whether {@code phone} (canonical, see {@link #normalize}) is a mainland mobile number. */
  public static boolean valid(String phone) {
    return phone != null && MOBILE.matcher(phone).matches();
  }

  /**
   * The region of a canonical number: MAINLAND for 11 digits starting 13-19, HONG_KONG for
   * {@code +852} and 8 digits, MACAU for {@code +853} and 8 digits, TAIWAN for {@code +886} and 9
   * digits starting 9; null for anything else.
   */
  public static Region region(String phone) {
    if (phone == null) return null;
    if (valid(phone)) return Region.MAINLAND;
    for (Region r : Region.values()) {
      if (r != Region.MAINLAND && phone.startsWith(r.code) && r.national.matcher(phone.substring(r.code.length())).matches()) return r;
    }
    return null;
  }

  /** Whether {@code phone} (canonical) is a number of any of the four regions: what the {@code phone} format accepts. */
  public static boolean validInAnyRegion(String phone) {
    return region(phone) != null;
  }

  /**
   * Why {@code phone} (canonical) is no number the applicant with {@code applicantIdNumber}
   * (canonical; null for an enterprise) may give, or null when it is one: a mainland mobile always,
   * a Hong Kong, Macau or Taiwan number only when the ID is that region's residence permit.
   */
  public static String problemFor(String phone, String applicantIdNumber) {
    Region r = region(phone);
    if (r == null) return "not a valid mobile number";
    if (r == Region.MAINLAND || Region.ofIdNumber(applicantIdNumber) == r) return null;
    return "a " + r.label + " number (" + r.code + ") is accepted only from an applicant whose ID number is a " + r.label
        + " residence permit's (" + r.permitPrefix + "…); give a mainland mobile number";
  }

  /**
   * The canonical spelling of a mobile number, applied wherever one enters before it is
   * validated, stored, compared or hashed: full-width digits folded to ASCII; spaces, hyphens,
   * dots and brackets dropped ({@code 138 0013-8000}, {@code (138)00138000}); the country code
   * {@code +86}, {@code 0086} or a bare {@code 86} before 11 digits removed. A Hong Kong, Macau or
   * Taiwan number keeps its country code, written {@code +852…}, {@code +853…}, {@code +886…}
   * however it came ({@code 00852 9123 4567}, {@code 852-9123-4567}, {@code +886 (0)912 345 678}
   * with Taiwan's trunk 0 dropped). Anything that is no mobile number comes out folded the same
   * way and is then refused by {@link #valid} / {@link #region}. Null stays null.
   */
  public static String normalize(String phone) {
    String p = FullWidth.compact(phone, "-.()");
    if (p == null) return null;
    String digits = p.startsWith("+") ? p.substring(1) : p.startsWith("00") ? p.substring(2) : p;
    boolean international = !digits.equals(p);
    for (Region r : new Region[] {Region.HONG_KONG, Region.MACAU, Region.TAIWAN}) {
      String cc = r.code.substring(1);
      if (!digits.startsWith(cc)) continue;
      String national = digits.substring(cc.length());
      if (r == Region.TAIWAN && national.length() == 10 && national.startsWith("0")) national = national.substring(1);
      if ((international || r.national.matcher(national).matches()) && national.chars().allMatch(Character::isDigit)) return r.code + national;
    }
    if (p.startsWith("+86")) return p.substring(3);
    if (p.startsWith("0086")) return p.substring(4);
    if (p.length() == 13 && p.startsWith("86")) return p.substring(2);
    return p;
  }
}

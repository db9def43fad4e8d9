package onego.domain;

import java.util.regex.Pattern;

/**
 * The one masking policy for personal data (个人信息) on staff paths (the 12345 hotline) and in
 * logs. Field masks: a name keeps its first character at most ({@code 娜} → {@code *},
 * {@code 李娜} → {@code 李*}, {@code 欧阳娜娜} → {@code 欧***}); an ID number, credit code or phone
 * keeps its first 3 and last 4 characters ({@code 430***********1234}, {@code 138****0000}),
 * whatever spacing, country code or full-width digits it was written with (a Hong Kong, Macau or
 * Taiwan mobile keeps its country code and last 4: {@code +852****4567}); an address keeps at
 * most its province and city ({@code 湖南省衡阳市***}). Free text is scanned for all of these
 * ({@link #scrub(String)}); with a case's {@link KnownPii}, for that case's names and addresses too.
 * JSON shapes (applicant, delivery, results, event data) are in {@link StaffMask}.
 */
public final class Pii {
  /** What is not part of a number: separators, spacing and a leading {@code +86} / {@code 0086}. */
  private static final Pattern NOT_NUMBER = Pattern.compile("[^0-9A-Za-z*]");
  private static final Pattern MOBILE_WITH_CODE = Pattern.compile("(?:0086|86)(1[3-9][0-9]{9})");

  private Pii() {}

  /** 娜 → *, 张三 → 张*, 张三丰 → 张**; by code points, so 𠮷 counts as one character. */
  public static String name(String name) {
    if (name == null) return null;
    String n = name.strip();
    int count = n.codePointCount(0, n.length());
    if (count == 0) return n;
    if (count == 1) return "*";
    int first = n.offsetByCodePoints(0, 1);
    return n.substring(0, first) + "*".repeat(count - 1);
  }

  /** 430102199001011234 (however spaced, full-width or not) → 430***********1234. */
  public static String idNumber(String id) {
    return id == null ? null : PiiNumbers.keepEnds(compact(id).toUpperCase());
  }

  /** A unified social credit code (GB 32100) → its first 3 and last 4 characters, upper case. */
  public static String creditCode(String code) {
    return idNumber(code);
  }

  /**
   * 13800000000, +86 138 0000 0000, １３８-０００-００００ → 138****0000; a landline 0734-8888888 →
   * 073****8888; a Hong Kong, Macau or Taiwan mobile keeps its country code and last 4 digits
   * (+852 9123 4567 → +852****4567, +886 912 345 678 → +886*****5678).
   */
  public static String phone(String phone) {
    if (phone == null) return null;
    String digits = compact(phone);
    var m = MOBILE_WITH_CODE.matcher(digits);
    if (m.matches()) return PiiNumbers.keepEnds(m.group(1));
    String regional = digits.chars().allMatch(c -> c >= '0' && c <= '9') ? PiiNumbers.regional(digits) : null;
    return regional != null ? PiiNumbers.masked(regional) : PiiNumbers.keepEnds(digits);
  }

  /** 湖南省衡阳市蒸湘区解放大道1号 → 湖南省衡阳市***; nothing below city level is kept. */
  public static String address(String address) {
    return AddressMask.mask(address);
  }

  /**
   * A text that names a person (a responsible person: "科长周建国 138 0013 8000"): every run of name letters
   * in it that looks like a name masked as one ({@link #name}: "科****"), and then as {@link #scrub(String)}.
   */
  public static String person(String text) {
    if (text == null) return null;
    java.util.regex.Matcher m = KnownPii.NAME_RUN.matcher(text);
    String names = m.replaceAll(r -> java.util.regex.Matcher.quoteReplacement(KnownPii.personLike(r.group()) ? name(r.group()) : r.group()));
    return scrub(names);
  }

  /** Free text (a note, a comment, a log line) with every number, code, labelled name and address masked. */
  public static String scrub(String text) {
    return PiiScanner.scan(text, KnownPii.NONE);
  }

  /** As {@link #scrub(String)}, and every name and address {@code known} to the case masked wherever it appears. */
  public static String scrub(String text, KnownPii known) {
    return PiiScanner.scan(text, known == null ? KnownPii.NONE : known);
  }

  private static String compact(String s) {
    return NOT_NUMBER.matcher(PiiNumbers.fold(s)).replaceAll("");
  }
}

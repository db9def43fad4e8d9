package onego.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks personal data for the hotline path and for logs. */
public final class Pii {
  private static final Pattern ID_LIKE = Pattern.compile("(?<![0-9A-Z])([0-9]{3})[0-9]{11}([0-9]{3}[0-9Xx])(?![0-9A-Za-z])");
  private static final Pattern PHONE_LIKE = Pattern.compile("(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])");

  private Pii() {}

  /** 张三丰 → 张**. */
  public static String name(String name) {
    if (name == null || name.isEmpty()) return name;
    int first = name.offsetByCodePoints(0, 1);
    return name.substring(0, first) + "*".repeat(name.codePointCount(first, name.length()));
  }

  /** 430102199001011234 → 430***********1234. */
  public static String idNumber(String id) {
    if (id == null || id.length() < 8) return id == null ? null : "*".repeat(id.length());
    return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
  }

  /** 13800000000 → 138****0000. */
  public static String phone(String phone) {
    if (phone == null || phone.length() < 8) return phone == null ? null : "*".repeat(phone.length());
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }

  /** Masks every ID-number-like and phone-like run in free text (log lines). */
  public static String scrub(String text) {
    if (text == null) return null;
    Matcher m = ID_LIKE.matcher(text);
    String out = m.replaceAll("$1***********$2");
    return PHONE_LIKE.matcher(out).replaceAll("$1****$2");
  }
}

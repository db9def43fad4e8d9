package onego.domain;

import java.util.regex.Pattern;

/** Mainland mobile numbers: 11 digits starting with 13-19. */
public final class Phones {
  private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");

  private Phones() {}

  public static boolean valid(String phone) {
    return phone != null && MOBILE.matcher(phone).matches();
  }
}

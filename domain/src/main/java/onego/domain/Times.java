package onego.domain;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 times with offset, to the millisecond, as the contract writes them. */
public final class Times {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private Times() {}

  public static String format(OffsetDateTime t) {
    return t == null ? null : RFC3339.format(t);
  }

  public static OffsetDateTime now(ZoneId zone) {
    return OffsetDateTime.now(zone).truncatedTo(ChronoUnit.MILLIS);
  }

  public static OffsetDateTime in(OffsetDateTime t, ZoneId zone) {
    return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime();
  }
}

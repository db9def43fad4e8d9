package onego.router.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * When a failed push delivery is tried again. The Standard Webhooks specification
 * (standardwebhooks.com, "Retry schedule") recommends, after the immediate first attempt:
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h ({@code DispatchSettings.DEFAULT_RETRY_SCHEDULE_MS}, the
 * default; a department's {@code retrySchedule} replaces it). Attempt n (1-based) that fails waits entry n; past the last
 * entry the last repeats. A department answering 429 or 503 with {@code Retry-After} (RFC 9110
 * §10.2.3, seconds or an HTTP date) is honoured instead: the item waits what it asks, at least
 * 1 s and at most the schedule's longest wait or 1 h, whichever is longer (so one answer cannot
 * park an item for good).
 */
public record RetrySchedule(List<Long> delaysMs) {
  /** Copies {@code delaysMs}; it must hold at least one positive delay. */
  public RetrySchedule {
    delaysMs = List.copyOf(delaysMs);
    if (delaysMs.isEmpty() || delaysMs.stream().anyMatch(d -> d <= 0)) throw new IllegalArgumentException("delays must be positive: " + delaysMs);
  }

  /** Milliseconds to wait after failed attempt {@code attempt} (1-based). */
  public long delayMs(int attempt) {
    return delaysMs.get(Math.min(Math.max(attempt, 1), delaysMs.size()) - 1);
  }

  /** Milliseconds to wait when the department asked for {@code retryAfterMs}: within 1 s .. max(longest scheduled wait, 1 h). */
  public long honouring(long retryAfterMs) {
    long cap = Math.max(3_600_000L, delaysMs.stream().mapToLong(Long::longValue).max().orElseThrow());
    return Math.max(1_000, Math.min(retryAfterMs, cap));
  }

  /**
   * The wait a {@code Retry-After} value asks for, in milliseconds from {@code now}: delta-seconds
   * or an IMF-fixdate (RFC 9110 §10.2.3); empty when absent or unreadable (the schedule applies).
   */
  public static OptionalLong retryAfterMs(String value, Instant now) {
    if (value == null || value.isBlank()) return OptionalLong.empty();
    String v = value.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return OptionalLong.of(Math.multiplyExact(Long.parseLong(v), 1000L));
      } catch (ArithmeticException | NumberFormatException e) {
        return OptionalLong.of(Long.MAX_VALUE);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return OptionalLong.of(Math.max(0, Duration.between(now, at).toMillis()));
    } catch (DateTimeParseException e) {
      return OptionalLong.empty();
    }
  }
}

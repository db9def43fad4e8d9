package onego.router.dispatch;

import onego.router.DispatchSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The Standard Webhooks retry schedule and RFC 9110's {@code Retry-After}, read and bounded. */
class RetryScheduleTest {
  @Test
  void theDefaultIsTheSpecificationsScheduleAndItsLastWaitRepeats() {
    RetrySchedule s = new RetrySchedule(DispatchSettings.DEFAULT_RETRY_SCHEDULE_MS);
    assertThat(List.of(s.delayMs(1), s.delayMs(2), s.delayMs(3), s.delayMs(4), s.delayMs(5), s.delayMs(6), s.delayMs(7)))
        .containsExactly(5_000L, 300_000L, 1_800_000L, 7_200_000L, 18_000_000L, 36_000_000L, 36_000_000L);
    assertThat(s.delayMs(12)).isEqualTo(36_000_000L);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAnHttpDate() {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    assertThat(RetrySchedule.retryAfterMs("120", now)).isEqualTo(OptionalLong.of(120_000));
    assertThat(RetrySchedule.retryAfterMs("Mon, 07 Dec 2026 12:01:30 GMT", now)).isEqualTo(OptionalLong.of(90_000));
    assertThat(RetrySchedule.retryAfterMs("Mon, 07 Dec 2026 11:00:00 GMT", now)).isEqualTo(OptionalLong.of(0));
    assertThat(RetrySchedule.retryAfterMs("soon", now)).isEmpty();
    assertThat(RetrySchedule.retryAfterMs(null, now)).isEmpty();
  }

  @Test
  void anAskedWaitIsKeptWithinOneSecondAndTheLongestScheduledWaitOrAnHour() {
    RetrySchedule s = new RetrySchedule(List.of(50L, 200L));
    assertThat(s.honouring(0)).isEqualTo(1_000);
    assertThat(s.honouring(2_000)).isEqualTo(2_000);
    assertThat(s.honouring(86_400_000)).isEqualTo(3_600_000);
    RetrySchedule standard = new RetrySchedule(DispatchSettings.DEFAULT_RETRY_SCHEDULE_MS);
    assertThat(standard.honouring(120_000)).isEqualTo(120_000);
    assertThat(standard.honouring(Long.MAX_VALUE)).isEqualTo(36_000_000L);
  }
}

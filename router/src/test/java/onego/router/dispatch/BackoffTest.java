package onego.router.dispatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LongSummaryStatistics;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the retry delay of {@link Backoff#delayMs} as its javadoc states it: attempt n waits a random
 * time between half and all of {@code min(max, initial * 2^(n-1))}. The jitter comes from
 * {@code ThreadLocalRandom} and cannot be seeded, so each property is checked over many draws; the
 * bounds hold for every draw, and the spread checks fail only with negligible probability
 * (below 1e-190) when the jitter is there.
 */
class BackoffTest {
  private static final int DRAWS = 2_000;
  private static final long INITIAL = 100;
  private static final long MAX = 10_000;

  private static LongSummaryStatistics draws(int attempt, long initialMs, long maxMs) {
    return IntStream.range(0, DRAWS).mapToLong(i -> Backoff.delayMs(attempt, initialMs, maxMs)).summaryStatistics();
  }

  @ParameterizedTest(name = "attempt {0} waits between half and all of {1} ms")
  @CsvSource({"1, 100", "2, 200", "3, 400", "4, 800", "7, 6400", "8, 10000", "9, 10000"})
  void waitsBetweenHalfAndAllOfTheDoubledDelay(int attempt, long ceiling) {
    LongSummaryStatistics d = draws(attempt, INITIAL, MAX);
    assertThat(d.getMin()).isGreaterThanOrEqualTo(ceiling / 2);
    assertThat(d.getMax()).isLessThanOrEqualTo(ceiling);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 31, 64, 1_000, Integer.MAX_VALUE})
  void neverWaitsLongerThanTheMaxHoweverManyAttempts(int attempt) {
    LongSummaryStatistics d = draws(attempt, INITIAL, MAX);
    assertThat(d.getMax()).isLessThanOrEqualTo(MAX);
    assertThat(d.getMin()).isGreaterThanOrEqualTo(MAX / 2);
  }

  @Test
  void theMaxCapsEvenTheFirstAttempt() {
    LongSummaryStatistics d = draws(1, 5_000, 1_000);
    assertThat(d.getMax()).isLessThanOrEqualTo(1_000);
    assertThat(d.getMin()).isGreaterThanOrEqualTo(500);
  }

  @Test
  void eachAttemptWaitsAtLeastAsLongAsAnyDrawOfThePreviousOne() {
    for (int attempt = 1; attempt < 7; attempt++) {
      assertThat(draws(attempt + 1, INITIAL, MAX).getMin())
          .as("shortest wait of attempt %d vs longest of attempt %d", attempt + 1, attempt)
          .isGreaterThanOrEqualTo(draws(attempt, INITIAL, MAX).getMax());
    }
  }

  @Test
  void jitterSpreadsTheDelaysAcrossTheRange() {
    // ceiling 800: a draw lands below 480 or above 720 with probability 0.2 each
    LongSummaryStatistics d = draws(4, INITIAL, MAX);
    assertThat(d.getMin()).isLessThan(480);
    assertThat(d.getMax()).isGreaterThan(720);
  }
}

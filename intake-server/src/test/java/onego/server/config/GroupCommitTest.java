package onego.server.config;

import onego.server.config.GroupCommit.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the group-commit decisions of intake ({@code intake.groupCommit:}, README "How a submission
 * is written"): a batch goes out at once when no transaction is running, otherwise only when a
 * full batch ({@code maxBatch}) is waiting (a partial one waits up to {@code maxDelayMs} for
 * company); at most {@code maxConcurrentBatches} transactions run at once; past {@code maxPending}
 * waiting submissions intake answers 503 OVERLOADED. The timer behind WAIT lives in the writer and
 * is not tested here; only the decisions of {@link GroupCommit} are.
 */
class GroupCommitTest {
  private static final int MAX_BATCH = 64;
  private static final int MAX_CONCURRENT = 4;
  private static final int MAX_PENDING = 1_000;

  private final GroupCommit policy = new GroupCommit(MAX_BATCH, 5, MAX_CONCURRENT, MAX_PENDING);

  @Test
  void nothingPendingIsIdleWhetherOrNotATransactionRuns() {
    assertThat(policy.next(0, 0)).isEqualTo(Decision.IDLE);
    assertThat(policy.next(0, 1)).isEqualTo(Decision.IDLE);
    assertThat(policy.next(0, MAX_CONCURRENT)).isEqualTo(Decision.IDLE);
  }

  @Test
  void firstSubmissionGoesAtOnceWhenNoTransactionRuns() {
    assertThat(policy.next(1, 0)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void anyPartialBatchGoesAtOnceWhenNoTransactionRuns() {
    assertThat(policy.next(MAX_BATCH - 1, 0)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void partialBatchWaitsForCompanyWhileAnotherCommits() {
    assertThat(policy.next(1, 1)).isEqualTo(Decision.WAIT);
    assertThat(policy.next(MAX_BATCH - 1, 1)).isEqualTo(Decision.WAIT);
    assertThat(policy.next(MAX_BATCH - 1, MAX_CONCURRENT - 1)).isEqualTo(Decision.WAIT);
  }

  @Test
  void fullBatchGoesEvenWhileAnotherCommits() {
    assertThat(policy.next(MAX_BATCH, 1)).isEqualTo(Decision.FLUSH);
    assertThat(policy.next(MAX_BATCH, MAX_CONCURRENT - 1)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void moreThanABatchPendingAlsoGoesWhileAnotherCommits() {
    assertThat(policy.next(MAX_BATCH + 1, 2)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void everyTransactionSlotTakenIsIdleEvenWithAFullBatch() {
    assertThat(policy.next(1, MAX_CONCURRENT)).isEqualTo(Decision.IDLE);
    assertThat(policy.next(MAX_BATCH, MAX_CONCURRENT)).isEqualTo(Decision.IDLE);
    assertThat(policy.next(MAX_PENDING, MAX_CONCURRENT)).isEqualTo(Decision.IDLE);
  }

  @Test
  void moreInFlightThanTheMaximumIsIdle() {
    assertThat(policy.next(MAX_BATCH, MAX_CONCURRENT + 1)).isEqualTo(Decision.IDLE);
  }

  @Test
  void withOneSlotTheNextBatchWaitsForTheCommitToFinish() {
    GroupCommit serial = new GroupCommit(MAX_BATCH, 5, 1, MAX_PENDING);
    assertThat(serial.next(1, 0)).isEqualTo(Decision.FLUSH);
    assertThat(serial.next(MAX_BATCH, 1)).isEqualTo(Decision.IDLE);
  }

  @Test
  void batchOfOneNeverWaits() {
    GroupCommit single = new GroupCommit(1, 5, MAX_CONCURRENT, MAX_PENDING);
    assertThat(single.next(1, 1)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void admitsWhileBelowMaxPending() {
    assertThat(policy.admits(0)).isTrue();
    assertThat(policy.admits(MAX_PENDING - 1)).isTrue();
  }

  @Test
  void refusesAtAndAboveMaxPending() {
    assertThat(policy.admits(MAX_PENDING)).isFalse();
    assertThat(policy.admits(MAX_PENDING + 1)).isFalse();
  }
}

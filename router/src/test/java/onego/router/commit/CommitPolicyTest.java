package onego.router.commit;

import onego.router.commit.CommitPolicy.Decision;
import onego.router.commit.CommitPolicy.Isolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the group-commit decisions (intake's as configured by {@code intake.groupCommit:}, README
 * "How a submission is written"): a batch goes out at once when no write is running, otherwise
 * only when a full batch ({@code maxBatch}) is waiting (a partial one waits up to {@code maxWaitMs}
 * for company, or not at all when that is 0); at most {@code maxConcurrentBatches} writes run at
 * once; past {@code maxPending} queued members the committer refuses. The timer behind WAIT lives
 * in {@link GroupCommitter} and is tested there.
 */
class CommitPolicyTest {
  private static final int MAX_BATCH = 64;
  private static final int MAX_CONCURRENT = 4;
  private static final int MAX_PENDING = 1_000;

  private final CommitPolicy policy = policy(MAX_BATCH, 5, MAX_CONCURRENT);

  private static CommitPolicy policy(int maxBatch, int maxWaitMs, int maxConcurrent) {
    return new CommitPolicy(maxBatch, maxWaitMs, maxConcurrent, MAX_PENDING, Isolation.SPLIT, 1, CommitPolicy.NEVER_TRANSIENT);
  }

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
    CommitPolicy serial = policy(MAX_BATCH, 5, 1);
    assertThat(serial.next(1, 0)).isEqualTo(Decision.FLUSH);
    assertThat(serial.next(MAX_BATCH, 1)).isEqualTo(Decision.IDLE);
  }

  @Test
  void batchOfOneNeverWaits() {
    CommitPolicy single = policy(1, 5, MAX_CONCURRENT);
    assertThat(single.next(1, 1)).isEqualTo(Decision.FLUSH);
  }

  @Test
  void noWaitSendsAPartialBatchWheneverASlotIsFree() {
    CommitPolicy eager = CommitPolicy.eachAlone(MAX_BATCH, MAX_CONCURRENT);
    assertThat(eager.next(1, 1)).isEqualTo(Decision.FLUSH);
    assertThat(eager.next(MAX_BATCH - 1, MAX_CONCURRENT - 1)).isEqualTo(Decision.FLUSH);
    assertThat(eager.next(1, MAX_CONCURRENT)).isEqualTo(Decision.IDLE);
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

  @Test
  void eachAloneAdmitsAnyBacklogAndRetriesNothing() {
    CommitPolicy eager = CommitPolicy.eachAlone(MAX_BATCH, 1);
    assertThat(eager.admits(10_000_000)).isTrue();
    assertThat(eager.onFailure()).isEqualTo(Isolation.EACH_ALONE);
    assertThat(eager.transientRetries()).isZero();
    assertThat(eager.isTransient().test(new RuntimeException("connection lost"))).isFalse();
  }

  @Test
  void aPolicyOutOfRangeIsRefused() {
    assertThatThrownBy(() -> policy(0, 5, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatch 0");
    assertThatThrownBy(() -> policy(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> policy(1, 5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitPolicy(1, 5, 1, 0, Isolation.SPLIT, 0, CommitPolicy.NEVER_TRANSIENT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitPolicy(1, 5, 1, 1, Isolation.SPLIT, -1, CommitPolicy.NEVER_TRANSIENT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommitPolicy(1, 5, 1, 1, null, 0, CommitPolicy.NEVER_TRANSIENT)).isInstanceOf(NullPointerException.class);
  }
}

package onego.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;

import static onego.domain.ItemStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins how a case's status follows from its items ({@link CaseStatus#derive}), as written in the
 * contract's case states and in the javadoc of {@code derive}: WITHDRAWN stays; any RETURNED item
 * needs a supplement; when every item is final the case is COMPLETED if all completed, else
 * REJECTED; while nothing has left WAITING/QUEUED it is SUBMITTED; otherwise IN_PROGRESS. Also pins
 * which case states are final. {@code CaseTransaction.finish} applies this after every item change.
 */
class CaseStatusTest {

  @Test
  void withdrawnStaysWithdrawnWhateverTheItems() {
    assertThat(CaseStatus.derive(CaseStatus.WITHDRAWN, List.of(COMPLETED, COMPLETED))).isEqualTo(CaseStatus.WITHDRAWN);
    assertThat(CaseStatus.derive(CaseStatus.WITHDRAWN, List.of(RETURNED, QUEUED))).isEqualTo(CaseStatus.WITHDRAWN);
    assertThat(CaseStatus.derive(CaseStatus.WITHDRAWN, List.of(CANCELLED))).isEqualTo(CaseStatus.WITHDRAWN);
  }

  @Test
  void anyReturnedItemNeedsASupplement() {
    assertThat(CaseStatus.derive(CaseStatus.IN_PROGRESS, List.of(COMPLETED, RETURNED, IN_PROGRESS)))
        .isEqualTo(CaseStatus.NEEDS_SUPPLEMENT);
    assertThat(CaseStatus.derive(CaseStatus.IN_PROGRESS, List.of(REJECTED, RETURNED)))
        .isEqualTo(CaseStatus.NEEDS_SUPPLEMENT);
  }

  @Test
  void allItemsCompletedCompletesTheCase() {
    assertThat(CaseStatus.derive(CaseStatus.IN_PROGRESS, List.of(COMPLETED, COMPLETED, COMPLETED)))
        .isEqualTo(CaseStatus.COMPLETED);
  }

  @Test
  void allItemsFinalWithARejectionRejectsTheCase() {
    assertThat(CaseStatus.derive(CaseStatus.IN_PROGRESS, List.of(COMPLETED, REJECTED))).isEqualTo(CaseStatus.REJECTED);
  }

  @Test
  void allItemsFinalWithACancellationRejectsTheCase() {
    // e.g. a dependent item cancelled because its prerequisite was rejected (CaseTransaction.settleDependents)
    assertThat(CaseStatus.derive(CaseStatus.IN_PROGRESS, List.of(COMPLETED, CANCELLED))).isEqualTo(CaseStatus.REJECTED);
  }

  @Test
  void nothingPastTheQueueIsStillSubmitted() {
    assertThat(CaseStatus.derive(CaseStatus.SUBMITTED, List.of(WAITING, QUEUED))).isEqualTo(CaseStatus.SUBMITTED);
    assertThat(CaseStatus.derive(CaseStatus.SUBMITTED, List.of(QUEUED))).isEqualTo(CaseStatus.SUBMITTED);
  }

  @ParameterizedTest
  @EnumSource(value = ItemStatus.class, names = {"DISPATCHED", "ACCEPTED", "IN_PROGRESS", "DELIVERY_FAILED", "COMPLETED", "REJECTED", "CANCELLED"})
  void oneItemPastTheQueueWithWorkLeftIsInProgress(ItemStatus moved) {
    assertThat(CaseStatus.derive(CaseStatus.SUBMITTED, List.of(moved, QUEUED))).isEqualTo(CaseStatus.IN_PROGRESS);
  }

  @Test
  void aSupplementedCaseGoesBackInProgressOnceTheItemIsRequeued() {
    assertThat(CaseStatus.derive(CaseStatus.NEEDS_SUPPLEMENT, List.of(COMPLETED, QUEUED))).isEqualTo(CaseStatus.IN_PROGRESS);
  }

  @Test
  void finalCaseStatesAreExactlyCompletedRejectedWithdrawn() {
    EnumSet<CaseStatus> finals = EnumSet.noneOf(CaseStatus.class);
    for (CaseStatus s : CaseStatus.values()) if (s.isFinal()) finals.add(s);
    assertThat(finals).containsExactlyInAnyOrder(CaseStatus.COMPLETED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN);
  }
}

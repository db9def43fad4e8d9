package onego.domain;

import java.util.Collection;
import java.util.Set;

/** Case states of the contract; a case's status follows from its items. */
public enum CaseStatus {
  SUBMITTED, IN_PROGRESS, NEEDS_SUPPLEMENT, COMPLETED, REJECTED, WITHDRAWN;

  private static final Set<ItemStatus> NOT_STARTED = Set.of(ItemStatus.WAITING, ItemStatus.QUEUED);

  /**
   * The status a case has given its items: WITHDRAWN stays; any item RETURNED needs a
   * supplement; when every item is final, COMPLETED if all completed, else REJECTED (an item
   * was rejected and nothing is left to do); IN_PROGRESS once any item left the queue.
   */
  public static CaseStatus derive(CaseStatus current, Collection<ItemStatus> items) {
    if (current == WITHDRAWN) return WITHDRAWN;
    if (items.contains(ItemStatus.RETURNED)) return NEEDS_SUPPLEMENT;
    // a completed case stays completed when an item's approval is later revoked (the item shows REVOKED)
    if (current == COMPLETED && items.contains(ItemStatus.REVOKED)) return COMPLETED;
    if (items.stream().allMatch(ItemStatus::isFinal)) {
      return items.stream().allMatch(s -> s == ItemStatus.COMPLETED) ? COMPLETED : REJECTED;
    }
    return items.stream().allMatch(NOT_STARTED::contains) ? SUBMITTED : IN_PROGRESS;
  }

  public boolean isFinal() {
    return this == COMPLETED || this == REJECTED || this == WITHDRAWN;
  }
}

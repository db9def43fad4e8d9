package onego.domain;

import java.util.EnumSet;
import java.util.Set;

/** Item states of the contract, with the transitions allowed from each written next to it. */
public enum ItemStatus {
  WAITING, QUEUED, DISPATCHED, ACCEPTED, IN_PROGRESS, COMPLETED, REJECTED, RETURNED, CANCELLED, DELIVERY_FAILED;

  public Set<ItemStatus> next() {
    return switch (this) {
      case WAITING -> EnumSet.of(QUEUED, CANCELLED);
      case QUEUED -> EnumSet.of(DISPATCHED, DELIVERY_FAILED, CANCELLED);
      case DISPATCHED -> EnumSet.of(ACCEPTED, IN_PROGRESS, COMPLETED, REJECTED, RETURNED, CANCELLED);
      case ACCEPTED -> EnumSet.of(IN_PROGRESS, COMPLETED, REJECTED, RETURNED, CANCELLED);
      case IN_PROGRESS -> EnumSet.of(COMPLETED, REJECTED, RETURNED, CANCELLED);
      case RETURNED -> EnumSet.of(QUEUED, CANCELLED);
      case DELIVERY_FAILED -> EnumSet.of(QUEUED, CANCELLED);
      case COMPLETED, REJECTED, CANCELLED -> EnumSet.noneOf(ItemStatus.class);
    };
  }

  public boolean canMoveTo(ItemStatus to) { return next().contains(to); }

  public boolean isFinal() { return next().isEmpty(); }
}

package onego.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Item states of the contract, with the transitions allowed from each written next to it.
 * {@code SUSPENDED}: a special procedure of the item (现场勘验, 鉴定, 公示 ...) stops its clock; it is
 * entered from ACCEPTED or IN_PROGRESS and left back to IN_PROGRESS (or CANCELLED by a withdrawal).
 */
public enum ItemStatus {
  WAITING, QUEUED, DISPATCHED, ACCEPTED, IN_PROGRESS, SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED, DELIVERY_FAILED;

  public Set<ItemStatus> next() {
    return switch (this) {
      case WAITING -> EnumSet.of(QUEUED, CANCELLED);
      case QUEUED -> EnumSet.of(DISPATCHED, DELIVERY_FAILED, CANCELLED);
      case DISPATCHED -> EnumSet.of(ACCEPTED, IN_PROGRESS, COMPLETED, REJECTED, RETURNED, CANCELLED);
      case ACCEPTED -> EnumSet.of(IN_PROGRESS, SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED);
      case IN_PROGRESS -> EnumSet.of(SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED);
      case SUSPENDED -> EnumSet.of(IN_PROGRESS, CANCELLED);
      case RETURNED -> EnumSet.of(QUEUED, CANCELLED);
      case DELIVERY_FAILED -> EnumSet.of(QUEUED, CANCELLED);
      case COMPLETED, REJECTED, CANCELLED -> EnumSet.noneOf(ItemStatus.class);
    };
  }

  public boolean canMoveTo(ItemStatus to) { return next().contains(to); }

  public boolean isFinal() { return next().isEmpty(); }
}

package onego.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Item states of the contract, with the transitions allowed from each written next to it.
 * {@code SUSPENDED}: a special procedure of the item (现场勘验, 鉴定, 公示 ...) stops its clock; it is
 * entered from ACCEPTED or IN_PROGRESS and left back to IN_PROGRESS (or CANCELLED by a withdrawal).
 * {@code REVOKED}: a COMPLETED item whose approval was withdrawn because the after-check found a
 * commitment (告知承诺) false; COMPLETED → REVOKED is the only move out of COMPLETED, and both are final.
 */
public enum ItemStatus {
  WAITING, QUEUED, DISPATCHED, ACCEPTED, IN_PROGRESS, SUSPENDED, COMPLETED, REJECTED, RETURNED, CANCELLED, DELIVERY_FAILED, REVOKED;

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
      case COMPLETED -> EnumSet.of(REVOKED);
      case REJECTED, CANCELLED, REVOKED -> EnumSet.noneOf(ItemStatus.class);
    };
  }

  public boolean canMoveTo(ItemStatus to) { return next().contains(to); }

  /** The department's work on it has ended (COMPLETED stays final though an after-check may still revoke it). */
  public boolean isFinal() { return this == COMPLETED || next().isEmpty(); }
}
